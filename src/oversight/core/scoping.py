"""Need-to-know in one place: which units' records a user may see or change.

Every queryset that reaches a user — web views, API viewsets, exports, search, reports — goes
through `ScopedQuerySet.restrict(user, action)`. A model opts in by using the queryset and
naming the path to its owning unit in `scope_unit_field`. Records outside the scope are simply
not in the queryset, so detail views answer 404 and nothing about their existence leaks. A
record with several parties (a direction: its issuer and its addressee) names the paths to all
its units in `scope_unit_paths`; see `core.parties`.

Need-to-know within a unit: a model that is `Classified` (or belongs to a classified parent,
named by `scope_classified_field`) is further restricted by its security classification. A
confidential or secret record is seen only by the users on its access list (`AccessGrant`),
plus, for a confidential one, the head of its unit. Nobody bypasses this — not central
analysts, not administrators. The condition is a subquery, never a join on the grants, so no
row is repeated and no `.distinct()` is needed.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from oversight.accounts.roles import Role

VIEW = "view"
CHANGE = "change"


def unit_ids_in_scope(user, action: str = VIEW) -> frozenset[int] | None:
    """Unit ids whose records `user` may `action`; None means every unit.

    - anonymous users: nothing;
    - central analysts read everything (but change only their own unit's records);
    - everyone else: their unit and all its predecessors across administrative mergers.
    """
    from oversight.units.models import Unit

    if user is None or not user.is_authenticated:
        return frozenset()
    if action == VIEW and user.has_role(Role.CENTRAL_ANALYST):
        return None
    if user.unit_id is None:
        return frozenset()
    cache_key = f"_scope_units_{user.unit_id}"
    ids = getattr(user, cache_key, None)
    if ids is None:
        ids = frozenset(Unit.objects.lineage_ids(user.unit_id))
        setattr(user, cache_key, ids)
    return ids


class ScopedQuerySet(models.QuerySet):
    """QuerySet with `restrict(user, action)`; the model sets `scope_unit_field`.

    A queryset restricted for VIEW remembers its reader: when it is evaluated into instances
    they are announced (`core.reads`), and the audit trail records the protected ones."""

    _read_by = None

    def restrict(self, user, action: str = VIEW):
        ids = unit_ids_in_scope(user, action)
        if action == VIEW and getattr(self.model, "scope_unit_paths", None):
            # several parties (core.parties): the owner's units, or the user's own as a party
            from oversight.core.parties import view_condition

            where = view_condition(self.model, user, ids,
                                   classification_condition(self.model, user))
            if where is None:
                return self.none()
            qs = self.filter(where)
            qs._read_by = user
            return qs
        if ids is not None and not ids:
            return self.none()
        qs = self
        if ids is not None:
            field = self.model.scope_unit_field
            qs = qs.filter(**{f"{field}__in": ids})
        condition = classification_condition(self.model, user)
        qs = qs._chain() if condition is None else qs.filter(condition)
        if action == VIEW:
            qs._read_by = user
        return qs

    def _clone(self):
        clone = super()._clone()
        clone._read_by = self._read_by
        return clone

    def _announced(self) -> bool:
        from django.db.models.query import ModelIterable

        return self._read_by is not None and self._iterable_class is ModelIterable

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._announced():
            from oversight.core.reads import announce

            announce(self.model, self._read_by, self._result_cache)

    def iterator(self, chunk_size=None):
        rows = super().iterator(chunk_size=chunk_size)
        if not self._announced():
            yield from rows
            return
        from oversight.core.reads import announce

        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 500:
                announce(self.model, self._read_by, batch)
                yield from batch
                batch = []
        announce(self.model, self._read_by, batch)
        yield from batch


def _classified_target(model) -> tuple[str, type] | None:
    """(path to the classified record, its model) or None when `model` has no classification."""
    path = getattr(model, "scope_classified_field", None)
    if path is None:
        return None
    target = model
    for part in filter(None, path.split("__")):
        target = target._meta.get_field(part).related_model
    return path, target


def classification_condition(model, user) -> Q | None:
    """The need-to-know condition on `model`'s rows for `user` (None: not classified)."""
    from oversight.core.classification import SecurityClassification
    from oversight.identity.models import AccessGrant
    from oversight.units.models import Unit

    found = _classified_target(model)
    if found is None:
        return None
    path, target = found
    prefix = f"{path}__" if path else ""
    condition = Q(**{f"{prefix}security_classification": SecurityClassification.NORMAL})
    if path:  # e.g. a direction not attached to any matter
        condition |= Q(**{f"{path}__isnull": True})
    if user is not None and user.is_authenticated:
        from django.contrib.contenttypes.models import ContentType

        granted = AccessGrant.objects.filter(
            user=user, content_type=ContentType.objects.get_for_model(target)
        ).values("object_id")
        condition |= Q(**{f"{prefix}pk__in": granted})
        if user.has_role(Role.HEAD) and user.unit_id:
            cache_key = f"_scope_units_{user.unit_id}"
            units = getattr(user, cache_key, None)
            if units is None:
                units = frozenset(Unit.objects.lineage_ids(user.unit_id))
                setattr(user, cache_key, units)
            condition |= Q(**{
                f"{prefix}security_classification": SecurityClassification.CONFIDENTIAL,
                f"{prefix}{target.scope_unit_field}__in": units,
            })
    return condition


def can(user, action: str, obj) -> bool:
    """Whether `user` may `action` this object: the same rule as `restrict`, asked of one row."""
    return type(obj)._default_manager.filter(pk=obj.pk).restrict(user, action).exists()
