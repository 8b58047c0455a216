"""Calls into the audit trail (`oversight.audit`) and the records' own access history."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from oversight.audit import record as audit_record
from oversight.audit.choices import Action
from oversight.identity.models import AccessEvent


def audit(action: str, obj=None, user=None, **details) -> None:
    """Record an audited event."""
    audit_record(action, obj=obj, user=user,
                 detail={k: v for k, v in details.items() if v not in (None, "")})


def log(record, kind: str, by=None, subject=None, note: str = "", **details) -> None:
    """The record's own access history (shown on its page) plus the audit trail."""
    AccessEvent.objects.create(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
        kind=kind, by=by if getattr(by, "pk", None) else None,
        subject=subject, note=note[:500],
    )
    audit(f"identity.{kind}", obj=record, user=by, subject=getattr(subject, "pk", None),
          note=note, **details)


def disclosed(record, user, *, request=None, count: int = 0, note: str = "") -> None:
    """A sealed identity was shown in clear to `user`: the record's access history and an
    audit entry of action `disclosure` (the names themselves are never written)."""
    AccessEvent.objects.create(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
        kind=AccessEvent.Kind.DISCLOSED, by=user if getattr(user, "pk", None) else None,
        subject=user if getattr(user, "pk", None) else None, note=note[:500])
    audit_record(Action.DISCLOSURE, record, request=request, user=user,
                 detail={"persons": count, "note": note,
                         "path": getattr(request, "path", "") if request is not None else ""})
