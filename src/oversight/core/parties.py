"""Records with several parties: one unit owns the record, others are parties to it.

A direction belongs to the unit that issued it and to the unit it is addressed to; a record
handed from one unit to another belongs to both. A model names the paths to all its units in
`scope_unit_paths`, the owner first (the same path as its `scope_unit_field`):

    scope_unit_field = "unit"
    scope_unit_paths = ("unit", "addressee")

`ScopedQuerySet.restrict(user, VIEW)` then keeps a row when any of the paths leads to a unit
in the user's own lineage (their unit and its predecessors, so a province that succeeded the
addressee in the 2025 merger sees what was sent to the old one), or, for the owner path, any
unit the user may read (a central analyst reads every unit as owner, not as party).

Need-to-know: the owner's readers are bound by the classification as usual (also when the
record is addressed to the owner's own unit). Another unit that is a party sees the record
that was sent to it even when its *parent* is classified (a direction of a secret
matter reaches its addressee: the direction's text, not the matter — the matter stays behind
its own `restrict()`, so pages and serializers show it only to who may see it). A record
that is itself classified (`scope_classified_field == ""`) binds every party the same way.

CHANGE stays with the owner (`scope_unit_field`): a party acts only through the actions made
for it (a reply, a request for more time), which check `is_party()`.

Followers: a party that handed the record on (the sender of a transferred petition) follows it
without reading it. The model names such paths in `scope_followers`, each with the path to the
follower's own record, whose need-to-know decides what the follower may follow:

    scope_unit_paths = ("unit", "transferred_from__unit")
    scope_followers = {"transferred_from__unit": "transferred_from"}

`restrict(user, VIEW)` leaves followers out (the sender's lists, counts and reports are its own
records only, and the receiver's record answers it 404); `restrict(user, FOLLOW)` adds them, for
the pages that show a followed record's status and dates (`transfer_progress`).
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connection
from django.db.models import Q

from oversight.base.reads import unannounced
from oversight.units.models import Unit

# The rows a follower may see the status and dates of: VIEW's, and those it handed on.
FOLLOW = "follow"


def unit_paths(model) -> tuple[str, ...]:
    """The paths from `model` to its units, the owner's first."""
    paths = getattr(model, "scope_unit_paths", None)
    if not paths:
        return (model.scope_unit_field,)
    if paths[0] != model.scope_unit_field:
        raise ImproperlyConfigured(
            f"{model.__name__}.scope_unit_paths must start with its scope_unit_field "
            f"({model.scope_unit_field!r}), the owner."
        )
    return tuple(paths)


def party_paths(model) -> tuple[str, ...]:
    """The paths to the units that are parties to a record of `model` but do not own it."""
    return unit_paths(model)[1:]


def follower_paths(model) -> dict[str, str]:
    """{path to a follower's unit: path to the follower's own record} (see the module text)."""
    followers = dict(getattr(model, "scope_followers", None) or {})
    unknown = set(followers) - set(party_paths(model))
    if unknown:
        raise ImproperlyConfigured(
            f"{model.__name__}.scope_followers names {sorted(unknown)!r}, which are not among "
            f"its scope_unit_paths.")
    return followers


def reading_party_paths(model, action: str = "view") -> tuple[str, ...]:
    """The party paths whose units see a record for `action` (VIEW: followers left out;
    FOLLOW: every party)."""
    followers = follower_paths(model)
    return tuple(p for p in party_paths(model) if action == FOLLOW or p not in followers)


def own_unit_ids(user) -> frozenset[int]:
    """The user's unit and its predecessors: the units in whose name the user acts (the same
    set, and the same cache on the user, as `core.scoping` uses for changes; this module does
    not import scoping, which imports it)."""
    if user is None or not user.is_authenticated or user.unit_id is None:
        return frozenset()
    cache_key = f"_scope_units_{user.unit_id}"
    ids = getattr(user, cache_key, None)
    if ids is None:
        ids = frozenset(Unit.objects.lineage_ids(user.unit_id))
        setattr(user, cache_key, ids)
    return ids


def view_condition(model, user, owner_ids, classification: Q | None,
                   followed: dict[str, Q | None] | None = None) -> Q | None:
    """The VIEW condition of a multi-party model for `user`, or None for "nothing".

    `owner_ids` are the units whose records the user may read (None: every unit);
    `classification` is the need-to-know condition of the model (None: not classified);
    `followed`, for FOLLOW only, the need-to-know condition of each follower's own record
    ({follower path: condition or None}); without it followers are left out (VIEW)."""
    owner = unit_paths(model)[0]
    followers = follower_paths(model)
    parties = [p for p in party_paths(model) if followed is not None or p not in followers]
    conditions = []
    if owner_ids is None or owner_ids:
        owner_q = Q() if owner_ids is None else Q(**{f"{owner}__in": owner_ids})
        if classification is not None:
            owner_q &= classification
        if not owner_q:  # every row (a central analyst, no classification): no party adds any
            return owner_q  # (and `Q() | party` would be the party's rows alone)
        conditions.append(owner_q)
    mine = own_unit_ids(user)
    if mine and parties:
        self_classified = getattr(model, "scope_classified_field", None) == ""
        # Within the owner's own units need-to-know holds as usual, even when the record is
        # addressed to one of them (a province's direction to itself).
        not_owner = ~Q(**{f"{owner}__in": mine})
        for path in parties:
            party_q = Q(**{f"{path}__in": mine}) & not_owner
            if path in followers:
                # A follower follows what it handed on as far as it may see its own record.
                if followed.get(path) is not None:
                    party_q &= followed[path]
            elif self_classified and classification is not None:
                party_q &= classification
            conditions.append(party_q)
    if not conditions:
        return None
    where = conditions[0]
    for condition in conditions[1:]:
        where |= condition
    return where


def is_party(user, obj, path: str) -> bool:
    """Whether `user` acts for the unit at `path` of `obj` (e.g. the addressee of a direction),
    directly or as its successor after a merger."""
    if path not in party_paths(type(obj)):
        raise ImproperlyConfigured(f"{type(obj).__name__} has no party {path!r}.")
    mine = own_unit_ids(user)
    if not mine:
        return False
    return type(obj)._default_manager.filter(pk=obj.pk, **{f"{path}__in": mine}).exists()


def with_parent_visible(queryset, user, path: str):
    """Flag `<path>_visible` on each row read: whether `user` may see the record at `path` (a
    direction's matter). A party sees the record sent to it, and its parent only when the
    parent's own `restrict()` lets it: pages and serializers show the parent by this flag.

    The flag is set on the rows once read (`ScopedQuerySet.flag_parents_visible`: one query
    on the parents of the rows read, through their own `restrict()`), not as an `EXISTS` in
    the list's statement: PostgreSQL planned that as a hashed subplan over every matter the
    reader may see, 18 ms before a page's first row on the national data (issue 17)."""
    return queryset.flag_parents_visible(user, path)


def parents_statement(model, user, path: str) -> tuple[str, tuple] | None:
    """The compiled ids of the records at `path` of `model` that `user` may see (their own
    `restrict()`), for `mark_parents_visible` to ask of a page's parents; None when the user
    may see none. A kept list plan compiles it with the list (`core.listplans`): building and
    compiling that restriction was a third of a planned directions list's CPU (issue 17)."""
    target = model._meta.get_field(path).related_model
    query = target._default_manager.restrict(user, "view").order_by().values("pk").query
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:
        return None
    return sql, tuple(params)


_UNCOMPILED = object()


def mark_parents_visible(rows, user, path: str, statement=_UNCOMPILED) -> None:
    """Set `<path>_visible` on `rows` (instances of one model) for `user`: one query on
    their parents through the parents' own `restrict()` (`statement`: that restriction
    compiled, by `parents_statement`)."""
    if not rows:
        return
    target = type(rows[0])._meta.get_field(path).related_model
    attname = f"{path}_id"
    ids = {getattr(row, attname) for row in rows} - {None}
    seen = set()
    if ids and statement is _UNCOMPILED:
        with unannounced():  # a check, not a read of the parents
            seen = set(target._default_manager.restrict(user, "view").filter(pk__in=ids)
                       .order_by().values_list("pk", flat=True))  # a set: as visible_ids asks
    elif ids and statement is not None:
        sql, params = statement
        name = connection.ops.quote_name("pk")
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:  # the planners read it as the filter above
            cursor.execute(f"SELECT {name} FROM ({sql}) parents WHERE {name} IN ({marks})",
                           (*params, *ids))
            seen = {row[0] for row in cursor.fetchall()}
    for row in rows:
        row.__dict__[f"{path}_visible"] = getattr(row, attname) in seen


def parent_visible(user, obj, path: str) -> bool:
    """Whether `user` may see `obj`'s parent at `path` (False when there is none); uses the
    `with_parent_visible` flag when the row has it."""
    flag = getattr(obj, f"{path}_visible", None)
    if flag is not None:
        return bool(flag) and getattr(obj, f"{path}_id") is not None
    parent = getattr(obj, path)
    return parent is not None and type(parent)._default_manager.filter(
        pk=parent.pk).restrict(user, "view").exists()
