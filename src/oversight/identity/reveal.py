"""What a request may see of a protected identity: the one place pages and the API ask."""

from __future__ import annotations

from oversight.identity import keys, session
from oversight.identity.audit import disclosed

HIDDEN = {k: None for k in keys.IDENTITY_FIELDS}


def petitioners_for(request, petition, *, record_view: bool = False) -> tuple[list[dict], bool]:
    """(petitioners, revealed). Protected fields are None unless the signed-in user holds a
    wrap of the petition's data key and their private key is unlocked in this session.

    Every time an identity comes back in clear — a page, an API detail or list row — a
    disclosure is written to the audit trail and to the record's access history (issue 13:
    "every serialisation of a clear identity writes a disclosure entry"). `record_view` is
    kept for callers; it no longer changes what is logged."""
    if not petition.identity_protected:
        return list(petition.petitioners or ()), False
    user = getattr(request, "user", None)
    people = None
    # Without an unlocked private key nothing opens (`keys.data_key_for`): no query asked (a
    # list of protected petitions read with a token asked three per row).
    private = session.private_key(request) if request is not None else None
    if private is not None and user is not None and keys.has_wrap(
            petition.identity_envelope, user):
        people = keys.open_identity(petition.identity_envelope, user, private)
    if people is None:
        return [dict(HIDDEN) for _p in petition.petitioners or [None]], False

    disclosed(petition, user, request=request, count=len(people))
    return people, True


def may_open(request, petition) -> bool:
    """May this request open the files that identify `petition`'s petitioner (its sealed
    originals)? Only with the identity key unlocked in this session, as for the names."""
    if not petition.identity_protected:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and keys.has_wrap(petition.identity_envelope, user)
                and session.private_key(request) is not None)


def attachments_for(request, petition) -> list[dict]:
    """The petition's attachments as this request may see them: `name` is the file name or,
    for a sealed original the request may not open, a neutral one; `url` is None then."""
    from django.urls import reverse

    opened = may_open(request, petition)
    shown = []
    for attachment in petition.attachments.all():
        closed = attachment.sealed and not opened
        shown.append({
            "id": attachment.pk, "attachment": attachment, "size": attachment.size,
            "uploaded_at": attachment.uploaded_at, "sealed": attachment.sealed,
            "name": attachment.neutral_name() if closed else attachment.original_name,
            "url": None if closed else reverse("petition-attachment", args=[attachment.pk]),
        })
    return shown
