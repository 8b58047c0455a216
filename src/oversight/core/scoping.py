"""Need-to-know in one place: which units' records a user may see or change.

Every queryset that reaches a user — web views, API viewsets, exports, search, reports — goes
through `ScopedQuerySet.restrict(user, action)`. A model opts in by using the queryset and
naming the path to its owning unit in `scope_unit_field`. Records outside the scope are simply
not in the queryset, so detail views answer 404 and nothing about their existence leaks.
"""

from __future__ import annotations

from django.db import models

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
    """QuerySet with `restrict(user, action)`; the model sets `scope_unit_field`."""

    def restrict(self, user, action: str = VIEW):
        ids = unit_ids_in_scope(user, action)
        if ids is None:
            return self
        if not ids:
            return self.none()
        field = self.model.scope_unit_field
        return self.filter(**{f"{field}__in": ids})


def can(user, action: str, obj) -> bool:
    """Whether `user` may `action` this object: the same rule as `restrict`, asked of one row."""
    if unit_ids_in_scope(user, action) is None:
        return True
    return type(obj)._default_manager.filter(pk=obj.pk).restrict(user, action).exists()
