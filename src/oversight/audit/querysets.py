"""Bulk writes on audited models are audited too.

The signals (`audit.signals`) see `save()` and `delete()`. A queryset's `update()`,
`bulk_create()` and `bulk_update()` send no signals, so every manager of an audited model
(every model `signals.tracked_models()` yields) gets a queryset with `AuditedQuerySetMixin`
when the app starts (`install`), related managers included (`unit.petitions.filter(…)
.update(…)`). Its writes record one entry per row, like `save()` would:

- `update(**values)` locks the rows it is about to change, reads them, changes exactly those
  rows and writes an `update` (or `status`) entry per row whose values changed, field by field;
- `bulk_create(objs)` writes a `create` entry per object; rows the database does not give ids
  for (`ignore_conflicts` on some databases) are counted in one entry;
- `bulk_update(objs, fields)` writes the per-row differences, like `update()`;
- `delete()` is Django's: it sends `post_delete` for every row it deletes (a model with
  listeners is never "fast-deleted"), and the signals record each one.

Redacted fields stay redacted (only the fact that they changed is kept). Inside
`base.acting.suspended()` (seeding demo data) nothing is recorded, as for `save()`.
`tests/audit/test_audit_coverage.py` fails when project code writes an audited table any
other way (raw SQL, `QuerySet._update`, a plain manager).
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.db import models, transaction

from oversight.audit.choices import Action
from oversight.audit.signals import STATUS_FIELDS, _hide, _snapshot_fields, _values, quiet
from oversight.audit.writer import plain, record_batch
from oversight.base.acting import current

# Set while the mixin's own write runs a nested one (Django's bulk_update calls update()).
_inner: ContextVar[bool] = ContextVar("oversight_audit_bulk_inner", default=False)
_BATCH = 500


@contextlib.contextmanager
def _quiet():
    token = _inner.set(True)
    try:
        yield
    finally:
        _inner.reset(token)


def _off() -> bool:
    return _inner.get() or current().suspended


def _chunks(items: list, size: int = _BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


class AuditedQuerySetMixin(models.QuerySet):
    """Mixed into the queryset class of every audited model's managers (see `install`). It
    comes after the model's own queryset class and before Django's (`AuditedX(X, mixin)`):
    a model's own `update()` (an issued document refuses any) runs first, and its
    `super().update()` is the audited one."""

    audited = True
    _audit_as = None  # (action, detail for every row, {pk: detail of that row})

    def audit_as(self, action, detail: dict | None = None, rows: dict | None = None):
        """Record this queryset's bulk writes as `action` (a link, a merge…) rather than a
        plain update, with `detail` on every entry and `rows[pk]` on that row's entry:
        `Mention.objects.filter(pk=m.pk).audit_as(Action.LINK, {"match_probability": p})`."""
        clone = self._chain()
        clone._audit_as = (action, dict(detail or {}), dict(rows or {}))
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._audit_as = self._audit_as
        return clone

    # --- helpers ------------------------------------------------------------------------------
    def _audit_fields(self) -> list[str]:
        return [f.attname for f in _snapshot_fields(self.model)]

    def _audit_rows(self, pks: list) -> dict:
        fields = self._audit_fields()
        plain_qs = models.QuerySet(model=self.model, using=self.db)
        rows = {}
        for chunk in _chunks(pks):
            for row in plain_qs.filter(pk__in=chunk).values("pk", *fields):
                rows[row.pop("pk")] = row
        return rows

    def _audit_changes(self, before: dict, after: dict, via: str) -> None:
        changed = {}
        for pk, new in after.items():
            old = before.get(pk, {})
            diff = {k: [plain(old.get(k)), plain(v)] for k, v in new.items()
                    if plain(old.get(k)) != plain(v)}
            if diff and not quiet(self.model, diff):
                changed[pk] = diff
        if not changed:
            return
        plain_qs = models.QuerySet(model=self.model, using=self.db)
        objects = {}
        for chunk in _chunks(list(changed)):
            objects.update({o.pk: o for o in plain_qs.filter(pk__in=chunk)})
        named_action, common, per_row = self._audit_as or (None, {}, {})
        items = []
        for pk, diff in changed.items():
            obj = objects.get(pk)
            if obj is None:
                continue
            action = named_action or (
                Action.STATUS if STATUS_FIELDS & set(diff) else Action.UPDATE)
            items.append((action, obj, _hide(self.model, diff),
                          {"via": via, **common, **per_row.get(pk, {})}))
        record_batch(items)

    # --- the writes ---------------------------------------------------------------------------
    def update(self, **kwargs):
        if _off():
            return super().update(**kwargs)
        self._not_support_combined_queries("update")
        if self.query.is_sliced:
            raise TypeError("Cannot update a query once a slice has been taken.")
        with transaction.atomic(using=self.db):
            # Lock the rows named (PostgreSQL: `FOR UPDATE OF` the model's own table, so a
            # filter through a nullable relation is allowed); not possible with DISTINCT or
            # GROUP BY, where the rows are read unlocked.
            query = self.query
            lockable = not (query.distinct or query.group_by is not None or query.combinator)
            locked = self.select_for_update(of=("self",)) if lockable else self
            pks = list(locked.values_list("pk", flat=True).order_by())
            if not pks:
                return 0
            before = self._audit_rows(pks)
            plain_qs = models.QuerySet(model=self.model, using=self.db)
            count = 0
            for chunk in _chunks(pks):
                count += plain_qs.filter(pk__in=chunk).update(**kwargs)
            self._audit_changes(before, self._audit_rows(pks), "update")
        return count

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        if _off() or not objs:
            return super().bulk_update(objs, fields, batch_size=batch_size)
        with transaction.atomic(using=self.db):
            pks = [o.pk for o in objs]
            before = self._audit_rows(pks)
            with _quiet():
                count = super().bulk_update(objs, fields, batch_size=batch_size)
            self._audit_changes(before, self._audit_rows(pks), "bulk_update")
        return count

    bulk_update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if _off() or not objs:
            return super().bulk_create(objs, *args, **kwargs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            items, unnamed = [], 0
            for obj in created:
                if obj.pk is None:
                    unnamed += 1
                    continue
                changes = {k: [None, v] for k, v in _values(self.model, obj).items()
                           if v not in (None, "", [], {})}
                items.append((Action.CREATE, obj, _hide(self.model, changes),
                              {"via": "bulk_create"}))
            if unnamed:
                items.append((Action.CREATE, self.model, {}, {
                    "via": "bulk_create", "rows_without_id": unnamed}))
            record_batch(items)
        return created

    bulk_create.alters_data = True


_CLASSES: dict[type, type] = {}


def audited_queryset_class(queryset_class: type) -> type:
    """`queryset_class` with the mixin in front (one class per original, made once)."""
    if issubclass(queryset_class, AuditedQuerySetMixin):
        return queryset_class
    if queryset_class not in _CLASSES:
        bases = ((AuditedQuerySetMixin,) if queryset_class is models.QuerySet
                 else (queryset_class, AuditedQuerySetMixin))
        _CLASSES[queryset_class] = type(f"Audited{queryset_class.__name__}", bases,
                                        {"__module__": queryset_class.__module__})
    return _CLASSES[queryset_class]


def install(model) -> None:
    """Give every manager of `model` (declared, inherited or Django's automatic `objects`) the
    audited queryset. Related managers are made from the default manager's class when first
    used, so they inherit it."""
    for manager in list(model._meta.local_managers) + list(model._meta.managers):
        manager_class = type(manager)
        queryset_class = getattr(manager_class, "_queryset_class", models.QuerySet)
        if issubclass(queryset_class, AuditedQuerySetMixin):
            continue
        manager.__class__ = type(f"Audited{manager_class.__name__}", (manager_class,), {
            "_queryset_class": audited_queryset_class(queryset_class),
            "__module__": manager_class.__module__,
            "deconstruct": _deconstruct_as(manager_class),
            # Equal to the declared manager it stands for (Python asks the subclass first),
            # so the migration state sees no change.
            "__eq__": lambda self, other, _cls=manager_class: (
                isinstance(other, _cls) and self._constructor_args == other._constructor_args),
            "__hash__": manager_class.__hash__})


def _deconstruct_as(manager_class: type):
    """Migrations describe the manager as it is declared (`UserManager`), not as the class made
    here at start-up, which no module defines: without this `makemigrations` sees a changed
    manager on every audited model with `use_in_migrations` and cannot write it."""

    def deconstruct(self):
        made = self.__class__
        self.__class__ = manager_class  # only makemigrations calls this, at start-up order
        try:
            return manager_class.deconstruct(self)
        finally:
            self.__class__ = made

    return deconstruct


def is_audited(queryset) -> bool:
    return isinstance(queryset, AuditedQuerySetMixin)
