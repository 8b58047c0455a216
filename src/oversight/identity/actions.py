"""Every change the identity app makes outside the key hierarchy's crypto (keys.py): access
lists of classified records (grant, revoke, (re)classify; the rule is access.py) and
disclosure requests (ask, approve, refuse; the re-wrapping is keys.disclose_to). Each is
logged on the record's access history and audited.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.accounts.roles import Role
from oversight.core.classification import SecurityClassification
from oversight.core.errors import RuleError
from oversight.core.models import AccessGrant
from oversight.identity import access, keys
from oversight.identity.audit import log
from oversight.identity.models import AccessEvent, DisclosureRequest, UserKey

# --- access lists of classified records ------------------------------------------------------

def _grant(record, user, by) -> AccessGrant:
    grant, created = AccessGrant.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
        user=user, defaults={"granted_by": by if getattr(by, "pk", None) else None})
    if created:
        log(record, AccessEvent.Kind.GRANTED, by=by, subject=user)
    return grant


@transaction.atomic
def grant_access(record, *, user, by) -> AccessGrant:
    access.check_may_manage(by, record)
    if not access.candidates(record).filter(pk=user.pk).exists():
        raise RuleError(_("Only users of the record's unit can be given access."), field="user")
    return _grant(record, user, by)


@transaction.atomic
def revoke_access(record, *, user, by) -> bool:
    access.check_may_manage(by, record)
    deleted = access.grants(record).filter(user=user).delete()[0]
    if deleted:
        log(record, AccessEvent.Kind.REVOKED, by=by, subject=user)
    return bool(deleted)


@transaction.atomic
def set_classification(record, level: str, *, by, check: bool = True):
    """Raise or lower a record's classification (heads and custodians only)."""
    if level not in SecurityClassification.values:
        raise RuleError(_("Unknown classification."), field="security_classification")
    before = record.security_classification
    if before == level:
        return record
    if check:
        access.check_may_manage(by, record)
    record.security_classification = level
    record.save(update_fields=["security_classification"])
    log(record, AccessEvent.Kind.CLASSIFIED, by=by, note=f"{before} → {level}")
    if level != SecurityClassification.NORMAL and getattr(by, "pk", None):
        _grant(record, by, by)
    return record


def classified_at_creation(record, by) -> None:
    """A record created classified: log it and put its creator on the list."""
    if record.security_classification != SecurityClassification.NORMAL:
        log(record, AccessEvent.Kind.CLASSIFIED, by=by,
            note=f"{SecurityClassification.NORMAL} → {record.security_classification}")
        if getattr(by, "pk", None):
            _grant(record, by, by)


# --- disclosure requests -------------------------------------------------------------------

def request_disclosure(record, *, by, reason: str) -> DisclosureRequest:
    """One request, for one requester: a second while one is pending is refused, and so is a
    request by someone who can already read the identity."""
    if not reason.strip():
        raise RuleError(_("Say why you need to see the identity."), field="reason")
    envelope = record.identity_envelope
    if envelope is None:
        raise RuleError(_("This record has no protected identity."))
    if not UserKey.objects.filter(user=by).exists():
        raise RuleError(_("Sign in again with your password first: your key pair is made "
                          "at sign-in."))
    ct = ContentType.objects.get_for_model(type(record))
    if DisclosureRequest.objects.filter(content_type=ct, object_id=record.pk, requester=by,
                                        status=DisclosureRequest.Status.PENDING).exists():
        raise RuleError(_("Your request is already waiting for the custodian."))
    if keys.has_wrap(envelope, by):
        raise RuleError(_("You can already see this identity."))
    req = DisclosureRequest.objects.create(content_type=ct, object_id=record.pk,
                                           envelope=envelope, requester=by,
                                           reason=reason.strip())
    log(record, AccessEvent.Kind.REQUESTED, by=by, subject=by, note=reason.strip())
    return req


def _decidable(req: DisclosureRequest, by) -> None:
    if req.status != DisclosureRequest.Status.PENDING:
        raise RuleError(_("This request has already been decided."))
    if not by.has_role(Role.CUSTODIAN) or by not in keys.custodians(req.record.unit_id) or \
            not keys.has_wrap(req.envelope, by):  # the role alone is not enough: the key is
        raise RuleError(_("Only an identity custodian of the unit decides."))
    if by.pk == req.requester_id:
        raise RuleError(_("A custodian does not decide their own request."))


@transaction.atomic
def approve_disclosure(req: DisclosureRequest, *, by, private: bytes | None,
                       note: str = "") -> DisclosureRequest:
    """Re-wrap the data key to the requester's public key, for OVERSIGHT_DISCLOSURE_DAYS:
    then the wrap is deleted and the identity is sealed again for them."""
    _decidable(req, by)
    requester = req.requester
    until = timezone.now() + dt.timedelta(days=settings.DISCLOSURE_DAYS)
    keys.disclose_to(req.envelope, requester, by=by, private=private, until=until)
    req.status, req.decided_by, req.decided_at, req.note, req.expires_at = (
        DisclosureRequest.Status.APPROVED, by, timezone.now(), note, until)
    req.save()
    log(req.record, AccessEvent.Kind.APPROVED, by=by, subject=requester, note=note)
    return req


@transaction.atomic
def refuse_disclosure(req: DisclosureRequest, *, by, note: str = "") -> DisclosureRequest:
    """Refuse, saying why: the reason is shown to the requester."""
    _decidable(req, by)
    if not (note or "").strip():
        raise RuleError(_("Say why the request is refused: the requester is shown the "
                          "reason."), field="note")
    req.status, req.decided_by, req.decided_at, req.note = (
        DisclosureRequest.Status.REFUSED, by, timezone.now(), note.strip())
    req.save()
    log(req.record, AccessEvent.Kind.REFUSED, by=by, subject=req.requester, note=note.strip())
    return req
