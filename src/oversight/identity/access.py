"""Access lists of classified records: grant, revoke, (re)classify — each logged and audited.

Rule (documented in SECURITY.md): the head and the identity custodian of the record's unit
decide; they may put on the list only active users of the record's unit (with its
predecessors). Raising a record to confidential or secret puts the person who did it on the
list, so nobody locks themselves out by accident.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from oversight.accounts.models import User
from oversight.core.classification import SecurityClassification, may_classify
from oversight.core.errors import RuleError
from oversight.core.scoping import CHANGE, can
from oversight.identity.audit import log
from oversight.identity.models import AccessEvent, AccessGrant
from oversight.units.models import Unit


def _unit_id(record) -> int:
    return getattr(record, f"{type(record).scope_unit_field}_id")


def may_manage(user, record) -> bool:
    return may_classify(user) and can(user, CHANGE, record)


def _check(user, record) -> None:
    if not may_manage(user, record):
        raise RuleError(_("Only the head or the identity custodian of the unit manages "
                          "access to this record."))


def candidates(record):
    """Users who may be put on the record's access list: active users of its unit."""
    unit_id = _unit_id(record)
    predecessors = Unit.objects.predecessor_map()
    ids = [u.pk for u in User.objects.filter(is_active=True, unit__isnull=False)
           if unit_id in Unit.objects.lineage_ids(u.unit_id, predecessors)]
    return User.objects.filter(pk__in=ids).order_by("username")


def grants(record):
    return AccessGrant.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
    ).select_related("user", "granted_by")


def events(record):
    return AccessEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
    ).select_related("by", "subject")


def _grant(record, user, by) -> AccessGrant:
    grant, created = AccessGrant.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
        user=user, defaults={"granted_by": by if getattr(by, "pk", None) else None})
    if created:
        log(record, AccessEvent.Kind.GRANTED, by=by, subject=user)
    return grant


@transaction.atomic
def grant_access(record, *, user, by) -> AccessGrant:
    _check(by, record)
    if not candidates(record).filter(pk=user.pk).exists():
        raise RuleError(_("Only users of the record's unit can be given access."), field="user")
    return _grant(record, user, by)


@transaction.atomic
def revoke_access(record, *, user, by) -> bool:
    _check(by, record)
    deleted = grants(record).filter(user=user).delete()[0]
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
        _check(by, record)
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
