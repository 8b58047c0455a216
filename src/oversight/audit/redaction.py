"""What an auditor may read of an entry about a classified record (issue 13).

Administrators search the whole trail (`/audit/`, `/api/audit/`), but need-to-know binds them
too: an entry about a confidential or secret record (or a child of one: a direction of a secret
matter, an event of a secret petition) shows that the record changed — who, when, from where,
which action, which record id — and not what: no `object_repr`, no `changes`, no `detail`,
unless the reader may see the record (`restrict(user, VIEW)`: on its access list, or the head
of its unit for a confidential one).

Whether a record is classified is read from the record as it is now; a deleted record is judged
by the snapshot its deletion entry keeps. When neither tells, the entry is redacted.
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps

from oversight.audit.models import AuditEntry

NORMAL = "normal"
CLASSIFICATION = "security_classification"


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _target(model):
    """(path to the classified record, that record's model) or None when never classified."""
    path = getattr(model, "scope_classified_field", None)
    if path is None:
        return None
    target = model
    for part in filter(None, path.split("__")):
        target = target._meta.get_field(part).related_model
    return path, target


def _snapshot_levels(object_type: str, ids) -> dict[str, str | None]:
    """For deleted records: the classification their deletion snapshot (or any entry) kept."""
    found: dict[str, str | None] = {}
    for entry in AuditEntry.objects.filter(object_type=object_type, object_id__in=list(ids)
                                           ).order_by("-id").only("object_id", "changes"):
        pair = (entry.changes or {}).get(CLASSIFICATION)
        if entry.object_id not in found and isinstance(pair, list):
            values = [v for v in pair if v]
            found[entry.object_id] = values[-1] if values else None
    return found


def _hidden_ids(model, ids: set[str], user) -> set[str]:
    """Ids among `ids` of classified records of `model` that `user` may not see."""
    from oversight.core.scoping import VIEW

    found = _target(model)
    if found is None:
        return set()
    path, _target_model = found
    prefix = f"{path}__" if path else ""
    numeric = {i for i in ids if i.isdigit()}
    rows = model._base_manager.filter(pk__in=numeric)
    existing = {str(pk) for pk in rows.values_list("pk", flat=True)}
    classified = {str(pk) for pk in rows.exclude(**{f"{prefix}{CLASSIFICATION}": NORMAL})
                  .exclude(**({f"{path}__isnull": True} if path else {}))
                  .values_list("pk", flat=True)}
    visible = set()
    if classified:
        visible = {str(pk) for pk in model._default_manager.filter(pk__in=classified)
                   .restrict(user, VIEW).values_list("pk", flat=True)}
    hidden = classified - visible
    gone = ids - existing
    if gone:
        if path:  # a deleted child: whether its parent was classified is not known for sure
            hidden |= gone
        else:
            levels = _snapshot_levels(f"{model._meta.app_label}.{model._meta.model_name}", gone)
            hidden |= {i for i in gone if levels.get(i) != NORMAL}
    return hidden


def redact(entries, user) -> list:
    """The entries as `user` may read them: those about classified records they may not see
    come back with `redacted = True` and no object_repr, changes or detail (the row in the
    database is never touched: the chain stays whole)."""
    entries = list(entries)
    by_type: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.object_type and e.object_id:
            by_type[e.object_type].add(e.object_id)
    hidden: set[tuple[str, str]] = set()
    for label, ids in by_type.items():
        model = _model(label)
        if model is not None:
            hidden |= {(label, i) for i in _hidden_ids(model, ids, user)}
    for e in entries:
        e.redacted = (e.object_type, e.object_id) in hidden
        if e.redacted:
            e.object_repr, e.changes, e.detail = "", {}, {}
    return entries
