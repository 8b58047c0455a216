"""What a request may see of a protected identity: the one place pages and the API ask."""

from __future__ import annotations

from oversight.identity import keys, session
from oversight.identity.models import AccessEvent

HIDDEN = {k: None for k in keys.IDENTITY_FIELDS}


def petitioners_for(request, petition, *, record_view: bool = False) -> tuple[list[dict], bool]:
    """(petitioners, revealed). Protected fields are None unless the signed-in user holds a
    wrap of the petition's data key and their private key is unlocked in this session.
    `record_view` logs the disclosure (detail pages and API detail, not lists)."""
    if not petition.identity_protected:
        return list(petition.petitioners or ()), False
    user = getattr(request, "user", None)
    people = None
    if user is not None and keys.has_wrap(petition.identity_envelope, user):
        people = keys.open_identity(petition.identity_envelope, user,
                                    session.private_key(request))
    if people is None:
        return [dict(HIDDEN) for _p in petition.petitioners or [None]], False
    if record_view:
        from oversight.identity.audit import log

        log(petition, AccessEvent.Kind.DISCLOSED, by=user, subject=user)
    return people, True
