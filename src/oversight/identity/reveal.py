"""What a request may see of a protected identity: the one place pages and the API ask."""

from __future__ import annotations

from oversight.identity import keys, session

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
    if user is not None and keys.has_wrap(petition.identity_envelope, user):
        people = keys.open_identity(petition.identity_envelope, user,
                                    session.private_key(request))
    if people is None:
        return [dict(HIDDEN) for _p in petition.petitioners or [None]], False
    from oversight.identity.audit import disclosed

    disclosed(petition, user, request=request, count=len(people))
    return people, True
