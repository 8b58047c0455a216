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
from oversight.base.classified import classified_target, open_condition

NORMAL = "normal"
CLASSIFICATION = "security_classification"

# Models that moved between apps: entries written before the move name them by their old
# label, and the chain keeps them as written; they are read as the model they name now (a
# notification's entry shows its text only to who may see its record, old or new).
MOVED = {"identity.accessgrant": "core.accessgrant",
         "petitions.notification": "core.notification"}


def _model(label: str):
    try:
        return apps.get_model(MOVED.get(label.lower(), label))
    except (LookupError, ValueError):
        return None


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
    found = classified_target(model)
    if found is None and getattr(model, "scope_parents", ()):
        return _hidden_by_parents(model, ids, user)
    if found is None and getattr(model, "scope_record_fields", None):
        return _hidden_by_record(model, ids, user)
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
        # unordered, as core.scoping.visible_ids asks (a layer above this one): in the model's
        # order the database walks an ordering index over every record to test membership
        visible = {str(pk) for pk in model._default_manager.filter(pk__in=classified)
                   .restrict(user).order_by().values_list("pk", flat=True)}
    hidden = classified - visible
    gone = ids - existing
    if gone:
        if path:  # a deleted child: whether its parent was classified is not known for sure
            hidden |= gone
        else:
            levels = _snapshot_levels(f"{model._meta.app_label}.{model._meta.model_name}", gone)
            hidden |= {i for i in gone if levels.get(i) != NORMAL}
    return hidden


def hidden_ids(model, ids, user) -> set[str]:
    """Ids among `ids` (strings) of records of `model` that `user` may not see named: those of
    classified records they may not open, and those that are gone and may have been."""
    return _hidden_ids(model, {str(i) for i in ids}, user)


def _hidden_by_parents(model, ids: set[str], user) -> set[str]:
    """A row that takes its classification from the record it is in (a mention: its petition
    or its matter, `scope_parents`): hidden when that record is classified and unseen."""
    numeric = {i for i in ids if i.isdigit()}
    rows = model._base_manager.filter(pk__in=numeric)
    open_to_all = model._base_manager.filter(open_condition(model)).values("pk")
    classified = set(rows.exclude(pk__in=open_to_all).values_list("pk", flat=True))
    seen = set(model._default_manager.filter(pk__in=classified).restrict(user).order_by()
               .values_list("pk", flat=True)) if classified else set()  # unordered: as above
    gone = numeric - {str(pk) for pk in rows.values_list("pk", flat=True)}
    return {str(pk) for pk in classified - seen} | gone


def _hidden_by_record(model, ids: set[str], user) -> set[str]:
    """A row about another record named generically (a notification: `record_type`,
    `record_id`, `scope_record_fields`): hidden when that record is hidden from `user`."""
    type_field, id_field = model.scope_record_fields
    numeric = {i for i in ids if i.isdigit()}
    about: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for pk, label, record_id in model._base_manager.filter(pk__in=numeric).values_list(
            "pk", type_field, id_field):
        if label and record_id is not None:
            about[label][str(record_id)].add(str(pk))
    hidden = set()
    for label, rows in about.items():
        target = _model(label)
        if target is None:
            continue
        for record_id in _hidden_ids(target, set(rows), user):
            hidden |= rows[record_id]
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
    _withhold_links(entries, user)
    return entries


def _withhold_links(entries, user) -> None:
    """Records named inside an entry's changes (the matters added to an agenda item: their ids
    and titles) follow their own classification: a classified one the reader may not see is
    left out, and since the titles are not matched to ids, none is shown then (`withheld`
    says how many were left out) — issue 13, found by tests/security/test_marker_crawl.py."""
    from django.core.exceptions import FieldDoesNotExist

    spots, wanted = [], defaultdict(set)
    for e in entries:
        model = _model(e.object_type) if not e.redacted else None
        if model is None or not isinstance(e.changes, dict):
            continue
        for name, change in e.changes.items():
            if not isinstance(change, dict) or "labels" not in change:
                continue
            try:
                related = model._meta.get_field(name).related_model
            except FieldDoesNotExist:
                related = None
            if related is None:
                continue
            ids = {str(i) for key in ("added", "removed") for i in change.get(key) or ()}
            spots.append((e, name, related, ids))
            wanted[related] |= ids
    hidden = {related: _hidden_ids(related, ids, user) for related, ids in wanted.items()}
    for e, name, related, ids in spots:
        gone = ids & hidden[related]
        if gone:
            change = {k: [i for i in v if str(i) not in gone] if k in ("added", "removed")
                      else v for k, v in e.changes[name].items()}
            change["labels"], change["withheld"] = [], len(gone)
            e.changes = {**e.changes, name: change}
