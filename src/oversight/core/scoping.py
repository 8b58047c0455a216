"""Need-to-know in one place: which units' records a user may see or change.

Every queryset that reaches a user — web views, API viewsets, exports, search, reports — goes
through `ScopedQuerySet.restrict(user, action)`. A model opts in by using the queryset and
naming the path to its owning unit in `scope_unit_field`. Records outside the scope are simply
not in the queryset, so detail views answer 404 and nothing about their existence leaks. A
record with several parties (a direction: its issuer and its addressee) names the paths to all
its units in `scope_unit_paths`; see `core.parties`. A party that handed a record on (the
sender of a transferred petition) only follows it: `restrict(user, FOLLOW)` adds such records
for the pages that show their status and dates, `restrict(user, VIEW)` does not.

Need-to-know within a unit: a model that is `Classified` (or belongs to a classified parent,
named by `scope_classified_field`) is further restricted by its security classification. A
confidential or secret record is seen only by the users on its access list (`AccessGrant`),
plus, for a confidential one, the head of its unit. Nobody bypasses this — not central
analysts, not administrators. The condition is a subquery, never a join on the grants, so no
row is repeated and no `.distinct()` is needed.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db import connections, models
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.db.models.sql.where import AND, WhereNode

from oversight.accounts.roles import Role
from oversight.base.classified import Level, classified_paths, open_on, target_of
from oversight.base.kept import kept_reads
from oversight.base.reads import announce
from oversight.core.classification import SecurityClassification
from oversight.core.complement import Unsupported, complement, difference_statement
from oversight.core.models import AccessGrant
from oversight.core.parties import (  # FOLLOW and own_unit_ids: one copy, re-exported
    FOLLOW,
    follower_paths,
    mark_parents_visible,
    own_unit_ids,  # noqa: F401
    parents_statement,
    reading_party_paths,
    view_condition,
)
from oversight.units.models import Unit, forget_predecessors

VIEW = "view"
CHANGE = "change"

# The reader's scope, built once per reader and request: the conditions `restrict()` adds
# (the need-to-know condition of each model, the several parties' condition, the reader's
# access lists) are kept from Django's `request_started` to its `request_finished`, so a list
# that restricts its rows and flags their parents (`core.parties.with_parent_visible`)
# builds each once. The access lists stay subqueries, not rows read ahead: a grant given
# during the request counts at once. Outside a request (commands, jobs, tests) nothing is kept.
_built: ContextVar[dict | None] = ContextVar("oversight_scope_built", default=None)


def begin_request(**kwargs) -> None:
    _built.set({})


def end_request(**kwargs) -> None:
    _built.set(None)


request_started.connect(begin_request, dispatch_uid="oversight.core.scoping.begin_request")
request_finished.connect(end_request, dispatch_uid="oversight.core.scoping.end_request")


def fresh_scope(user) -> None:
    """Forget what this request has built or read of `user`'s scope (the conditions, the unit
    lineage), so that what is built next reads it all again: `core.listplans` records the
    reads of a list's build, and one made earlier in the request would be missing."""
    if _built.get() is not None:
        _built.set({})
    target = getattr(user, "_wrapped", user)  # request.user of a session: a lazy object
    if hasattr(target, "__dict__"):
        for name in [n for n in vars(target) if n.startswith("_scope_units_")]:
            delattr(target, name)
    forget_predecessors()


def built_once(user, key: tuple, build):
    """`build()`, once per reader and request (every time outside a request)."""
    cache = _built.get()
    pk = getattr(user, "pk", None)
    if cache is None or pk is None:
        return build()
    key = (pk, getattr(user, "unit_id", None), *key)
    try:
        return cache[key]
    except KeyError:
        value = cache[key] = build()
        return value


def unit_ids_in_scope(user, action: str = VIEW) -> frozenset[int] | None:
    """Unit ids whose records `user` may `action`; None means every unit.

    - anonymous users: nothing;
    - central analysts read everything (but change only their own unit's records);
    - everyone else: their unit and all its predecessors across administrative mergers.
    """
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
    they are announced (`base.reads`), and the audit trail records the protected ones."""

    _read_by = None
    _parent_flags: tuple = ()  # (user, path): `flag_parents_visible`
    _restriction = None  # (first, end, complement): `_count_apart`

    def flag_parents_visible(self, user, path: str):
        """Set `<path>_visible` on the rows once read (`core.parties.mark_parents_visible`)."""
        clone = self._chain()
        clone._parent_flags = (*self._parent_flags, (user, path))
        return clone

    def restrict(self, user, action: str = VIEW):
        if action == FOLLOW:  # the owner's readers follow what they read
            if not reading_party_paths(self.model, FOLLOW):
                return self.restrict(user, VIEW)
            where = built_once(user, ("follow", self.model._meta.label),
                               lambda: self._follow_condition(user))
            return self.none() if where is None else self.filter(where)._read_as(user, VIEW)
        ids = unit_ids_in_scope(user, action)
        if action == VIEW and reading_party_paths(self.model, VIEW):
            # several parties (core.parties): the owner's units, or the user's own as a party
            where = built_once(user, ("parties", self.model._meta.label), lambda: view_condition(
                self.model, user, ids, classification_condition(self.model, user)))
            if where is None:
                return self.none()
            qs = self.filter(where)
            if ids is None:
                qs._count_apart(self, where)
            return qs._read_as(user, action)
        if ids is not None and not ids:
            return self.none()
        qs = self
        if ids is not None:
            field = self.model.scope_unit_field
            qs = qs.filter(**{f"{field}__in": ids})
        condition = classification_condition(self.model, user)
        if condition is None:
            qs = qs._chain()
        else:
            before, qs = qs, qs.filter(condition)
            if ids is None or (_by_own_key(condition)
                               and connections[qs.db].vendor == "sqlite"):
                qs._count_apart(before, condition)
        return qs._read_as(user, action)

    def _count_apart(self, before, where: Q) -> None:
        """Let `count()` count this queryset as its other conditions less the rows where the
        reader's restriction `where` (just added to `before`) is not true
        (`core.complement`): for a reader of every unit, whose restriction hides a few rows
        and is otherwise tested on each. Only when `where` brought no join, and it is
        remembered by its place among the conditions, which later filters only follow."""
        query, earlier = self.query, before.query.where
        # joins set up for a lookup and trimmed (refcount 0) are not in the statement
        added = ({a for a, n in query.alias_refcount.items() if n}
                 - {a for a, n in before.query.alias_refcount.items() if n})
        if earlier.connector != AND or earlier.negated or added - {query.base_table}:
            return
        try:
            hidden = complement(where)
        except Unsupported:
            return
        self._restriction = (len(earlier.children), len(query.where.children), hidden,
                             _by_own_key(where))

    def _follow_condition(self, user) -> Q | None:
        ids = unit_ids_in_scope(user, VIEW)
        followed = {path: record_condition(self.model, record, user)
                    for path, record in follower_paths(self.model).items()}
        return view_condition(self.model, user, ids,
                              classification_condition(self.model, user), followed)

    def _read_as(self, user, action: str):
        """Remember the reader of a queryset restricted for VIEW (its rows are announced to
        the audit trail, its prefetches go through the reader's scope)."""
        if action == VIEW:
            self._read_by = user
            self._prefetch_related_lookups = scoped_lookups(
                self.model, self._prefetch_related_lookups, user)
        return self

    def prefetch_related(self, *lookups):
        """On a queryset restricted for a reader, nested rows are prefetched through the
        reader's scope too (`scoped_lookups`): `Meeting.objects.restrict(user)
        .prefetch_related("conclusions__directions")` leaves out a secret matter's
        directions, as /api/directions/ does."""
        clone = super().prefetch_related(*lookups)
        if self._read_by is not None and lookups != (None,):
            clone._prefetch_related_lookups = scoped_lookups(
                self.model, clone._prefetch_related_lookups, self._read_by)
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._read_by = self._read_by
        clone._parent_flags = self._parent_flags
        clone._restriction = self._restriction
        return clone

    def _announced(self) -> bool:
        return self._read_by is not None and self._iterable_class is ModelIterable

    def _flagged(self) -> bool:
        return bool(self._parent_flags) and self._iterable_class is ModelIterable

    # A kept list plan (core.listplans) hands out copies that carry its compiled statements:
    # their count, and the fetch of a slice of them, are sent as first compiled.
    def count(self):
        if self._result_cache is not None:
            return super().count()
        compute = self._count_by_complement if self._counted_apart() else super().count
        statements = self.__dict__.get("_statements")
        if statements is None:
            return compute()
        return statements.count(compute)

    def _counted_apart(self) -> bool:
        """Whether this queryset is still its restriction and conditions joined by AND
        (`_count_apart`): nothing made it distinct, grouped, sliced or combined."""
        if self._restriction is None:
            return False
        query = self.query
        return (query.where.connector == AND and not query.where.negated
                and len(query.where.children) >= self._restriction[1]
                and not (query.distinct or query.is_sliced or query.combinator
                         or query.group_by or query.extra)
                and _annotations_uncounted(query))

    def _count_by_complement(self) -> int:
        first, end, hidden, by_key = self._restriction
        whole = self.query.chain()
        whole.where = whole.where.create(
            children=[c for i, c in enumerate(whole.where.children) if not first <= i < end],
            connector=AND)
        if hidden is None:  # nothing is hidden
            under = whole.chain()
            under.set_empty()
        else:
            under = whole.chain()
            under.add_q(hidden)
        sql, params = difference_statement(whole, under, self.db, hidden_by_key=by_key)
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def __getitem__(self, k):
        result = super().__getitem__(k)
        statements = self.__dict__.get("_statements")
        if statements is not None and isinstance(k, slice) and isinstance(result,
                                                                          ScopedQuerySet):
            result.__dict__["_page_statements"] = statements
        return result

    def _fetch_all(self):
        fresh = self._result_cache is None
        page = self.__dict__.get("_page_statements")
        if fresh and page is not None and self._iterable_class is ModelIterable:
            page.fetch(self.query, super()._fetch_all)
        else:
            super()._fetch_all()
        if fresh and self._announced():
            announce(self.model, self._read_by, self._result_cache)
            self._shape_for_reader(self._result_cache)
        if fresh and self._flagged():
            self._flag_parents(self._result_cache)

    def _flag_parents(self, rows: list) -> None:
        kept = self.__dict__.get("_page_statements")  # a kept plan's page: compiled flags
        flags = kept.flags if kept is not None else {}
        for user, path in self._parent_flags:
            if path in flags:
                mark_parents_visible(rows, user, path, flags[path])
            else:
                mark_parents_visible(rows, user, path)

    def parent_statements(self) -> dict:
        """{path: `parents_statement`} of the parents this queryset flags (core.listplans
        compiles them with a plan)."""
        return {path: parents_statement(self.model, user, path)
                for user, path in self._parent_flags}

    def _shape_for_reader(self, rows: list) -> None:
        """Rows just read for `self._read_by`: a model whose fields sum up nested records
        (a person's numbers and addresses from their mentions) shows the reader only what
        the records he may open give (PersonQuerySet). Nothing by default."""

    def iterator(self, chunk_size=None):
        rows = super().iterator(chunk_size=chunk_size)
        announced = self._announced()
        flagged = self._flagged()
        if not announced and not flagged:
            yield from rows
            return

        def ready(batch):
            if announced:
                announce(self.model, self._read_by, batch)
                self._shape_for_reader(batch)
            if flagged:
                self._flag_parents(batch)
            return batch

        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 500:
                yield from ready(batch)
                batch = []
        yield from ready(batch)


def _refs(node) -> set:
    """`WhereNode.get_refs()` (the annotations a condition names), with a node that has no
    such method — Django's `NothingNode`, which a filter that can match nothing leaves (an
    unknown unit's lookups) — naming none: Django's own method fails on it."""
    if isinstance(node, WhereNode):
        return set().union(*(_refs(child) for child in node.children))
    get_refs = getattr(node, "get_refs", None)
    return get_refs() if get_refs is not None else set()


def _annotations_uncounted(query) -> bool:
    """Whether `query`'s annotations leave its count as it is (a row's status, a subquery's
    number): no aggregate or window over the rows, and no condition on one — what Django's
    own `count()` leaves out."""
    if not query.annotations:
        return True
    return not (_refs(query.where) or any(
        getattr(annotation, "contains_aggregate", True)
        or getattr(annotation, "contains_over_clause", True)
        for annotation in query.annotations.values()))


def _by_own_key(condition: Q) -> bool:
    """Whether a need-to-know condition is "not one of the hidden records" on the rows' own
    key (`_not_under_hidden` for a record itself: a petition's list): its complement, the
    hidden rows, is found by key from the few hidden ones, whatever else the list asks — so on
    SQLite a unit reader's list is counted apart too (`_count_apart`), not only a central
    reader's: 3,515 petitions of a unit's year counted in 0.36 ms against 1.15. PostgreSQL
    tests the condition on each row through a hashed subplan, cheaply: the two counts there
    took 0.98–1.03 ms against 0.84–0.87 (more to plan), so it keeps the one count. For the
    other forms the complement is tested on the rows the other conditions give, which for a
    unit reader is no cheaper than the condition itself."""
    if not (condition.negated and len(condition.children) == 1):
        return False
    child = condition.children[0]
    return isinstance(child, tuple) and child[0] == "pk__in"


def classification_condition(model, user) -> Q | None:
    """The need-to-know condition on `model`'s rows for `user` (None: not classified); built
    once per reader and request."""
    return built_once(user, ("classification", model._meta.label),
                      lambda: _classification_condition(model, user))


def _classification_condition(model, user) -> Q | None:
    paths = classified_paths(model)
    if not paths:
        return None
    condition = Q()
    for path, target in paths:
        condition &= _condition_on(path, target, user)
    return condition


def record_condition(model, path: str, user) -> Q | None:
    """The need-to-know condition on the record at `path` of `model`'s rows (a transferred
    petition's original), by that record's own classification; None: not classified."""
    target = target_of(model, path)
    inner = getattr(target, "scope_classified_field", None)
    if inner is None:
        return None
    full = f"{path}__{inner}" if inner else path
    return _condition_on(full, target_of(model, full), user)


def granted_ids(user, target):
    """The ids of `target`'s records on `user`'s access lists, as a subquery (read when the
    query runs, so a grant given during the request counts); built once per reader and
    request — a direction's list and the flag on its matters share it."""

    def build():
        from django.contrib.contenttypes.models import ContentType

        with kept_reads():  # Django keeps the content types for the process (base.kept)
            content_type = ContentType.objects.get_for_model(target)
        return AccessGrant.objects.filter(user=user, content_type=content_type
                                          ).values("object_id")

    return built_once(user, ("grants", target._meta.label), build)


def _condition_on(path: str, target, user) -> Q:
    """The condition on the classified record at `path` (of model `target`): open to all
    (`base.classified.open_on`), or on the reader's access list, or confidential and of the
    unit the reader heads."""
    if getattr(target, "scope_classified_few", False):
        return _not_under_hidden(path, target, user)
    return _open_or_granted(path, target, user)


def _open_or_granted(path: str, target, user) -> Q:
    """`_condition_on` stated on the record's own columns: normal, granted, or headed."""
    prefix = f"{path}__" if path else ""
    condition = open_on(path)
    if user is not None and user.is_authenticated:
        condition |= Q(**{f"{prefix}pk__in": granted_ids(user, target)})
        if user.has_role(Role.HEAD) and user.unit_id:
            cache_key = f"_scope_units_{user.unit_id}"
            units = getattr(user, cache_key, None)
            if units is None:
                units = frozenset(Unit.objects.lineage_ids(user.unit_id))
                setattr(user, cache_key, units)
            condition |= Q(**{
                f"{prefix}security_classification": Level(SecurityClassification.CONFIDENTIAL),
                f"{prefix}{target.scope_unit_field}__in": units,
            })
    return condition


def _not_under_hidden(path: str, target, user) -> Q:
    """The same rows as `_condition_on(path, …)`, stated as "not under a record hidden from
    the reader", for a `target` that declares few of its rows classified
    (`scope_classified_few`): the hidden records are the classified ones the reader may not
    see, a small set read from the target's partial index of its classified rows, once per
    statement, where the other form joined every row to its record (a central reader's
    count of the national directions read all 50,000 matters: 19 → 5 ms, issue 17). A row
    without the record (a direction of no matter) is not hidden, as in `open_on`.

    For the record itself (`path` empty: a petition's own list) the condition is on the id
    alone, which every index holds: a unit's count is read from the index, not the rows.
    The set is built once per statement, so its cost grows with the classified records the
    reader may not see — hence "few".

    "Classified" is written `NOT (security_classification = 'normal')`, the very condition of
    that index (`matter_classified`, `petition_classified`), so both databases read the set
    from it.
    tests/core/test_hidden_set_scope.py checks this form against the joined one for every kind
    of reader and record."""
    hidden = (target._default_manager.exclude(
        security_classification=Level(SecurityClassification.NORMAL))
        .exclude(_open_or_granted("", target, user)).values("pk"))
    if not path:  # the record itself (a petition): not one of the hidden ones
        return ~Q(pk__in=hidden)
    return Q(**{f"{path}__isnull": True}) | ~Q(**{f"{path}__in": hidden})


def can(user, action: str, obj) -> bool:
    """Whether `user` may `action` this object: the same rule as `restrict`, asked of one row."""
    return type(obj)._default_manager.filter(pk=obj.pk).restrict(user, action).exists()


# Nested records: one record shown inside another (a meeting's conclusions and their
# directions, a person's mentions, an agenda item's matters, a report's list) comes through
# `restrict()` like a list does. These helpers make that the easy way:
#
# - `scoped_prefetch(user, "conclusions__directions", Direction.objects.all())` prefetches the
#   nested rows through `restrict(user)`;
# - `visible(user, record.directions)` gives the related rows the user may see, using such a
#   prefetch when there is one and querying through `restrict()` otherwise;
# - `visible_rows(user, rows)` filters a list already in memory (one query);
# - `hidden_count(user, queryset)` counts what is left out, only among the user's own unit's
#   records, for "n records you may not see" (never ids, never other units' records).
#
# The serializer side is in `core.api` (`ScopedListSerializer`, and `ScopedPrimaryKeyField`
# with `many=True` lists only visible ids); `tests/core/test_scoped_fields.py` fails on a
# nested list of a scoped model that is not read through them.


def _level_model(model, path: str):
    from django.core.exceptions import FieldDoesNotExist

    target = model
    for part in path.split("__"):
        try:
            target = target._meta.get_field(part).related_model
        except FieldDoesNotExist:
            return None
        if target is None:
            return None
    return target


def _is_scoped(model) -> bool:
    return model is not None and isinstance(model._default_manager.all(), ScopedQuerySet)


def scoped_lookups(model, lookups, user) -> tuple:
    """`prefetch_related` lookups of `model` rewritten so that every level whose model is
    scoped is a `Prefetch` through `restrict(user, VIEW)`: "agenda__matters" becomes the
    agenda items and, inside them, the matters the user may see. A `Prefetch` given with its
    own queryset keeps it, restricted; levels of unscoped models stay as they were."""
    from django.db.models import Prefetch

    if not lookups:
        return tuple(lookups)
    explicit = {lk.prefetch_to: lk for lk in lookups if isinstance(lk, Prefetch)}
    out, done = [], set()

    def scoped(path: str, lookup=None):
        lookup = lookup if lookup is not None else explicit.get(path)
        if lookup is None:
            target = _level_model(model, path)
            if not _is_scoped(target):
                return path
            return Prefetch(path, queryset=target._default_manager.restrict(user, VIEW))
        queryset = lookup.queryset
        if queryset is None:
            target = _level_model(model, lookup.prefetch_through)
            if not _is_scoped(target):
                return lookup
            queryset = target._default_manager.all()
        if not isinstance(queryset, ScopedQuerySet) or _restricted_for(queryset, user):
            return lookup
        return Prefetch(lookup.prefetch_through, queryset=queryset.restrict(user, VIEW),
                        to_attr=lookup.to_attr)

    def add(lookup) -> None:
        key = lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup
        if key not in done:
            done.add(key)
            out.append(lookup)

    for lookup in lookups:
        path = lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup
        parts = path.split("__")
        for i in range(1, len(parts)):
            add(scoped("__".join(parts[:i])))
        add(scoped(path, lookup if isinstance(lookup, Prefetch) else None))
    return tuple(out)




def _restricted_for(queryset, user) -> bool:
    reader = getattr(queryset, "_read_by", None)
    return reader is not None and user is not None and getattr(reader, "pk", None) == getattr(
        user, "pk", None)


def _as_queryset(records, model=None):
    if isinstance(records, type) and issubclass(records, models.Model):
        return records._default_manager.all()
    if isinstance(records, models.Manager):  # a related manager: its prefetch cache, if any
        return records.all()
    return records


def scoped_prefetch(user, lookup: str, queryset, to_attr: str | None = None):
    """A `Prefetch` of `lookup` whose rows come through `restrict(user, VIEW)`. `queryset` is
    the nested model's queryset (select_related and ordering as wanted) or the model."""
    from django.db.models import Prefetch

    return Prefetch(lookup, queryset=_as_queryset(queryset).restrict(user, VIEW),
                    to_attr=to_attr)


def visible(user, related):
    """The rows of `related` (a related manager, a queryset or a list of instances) that
    `user` may see. A prefetch already restricted for `user` is used as it is (no query)."""
    related = _as_queryset(related)
    if isinstance(related, models.QuerySet):
        if related._result_cache is not None and _restricted_for(related, user):
            return related
        return related.restrict(user, VIEW)
    return visible_rows(user, list(related))


def visible_rows(user, rows: list) -> list:
    """The instances among `rows` that `user` may see, in their order (one query per model)."""
    if not rows:
        return []
    allowed: dict[type, set] = {}
    for model in {type(r) for r in rows}:
        allowed[model] = visible_ids(model, [r.pk for r in rows if type(r) is model], user)
    return [r for r in rows if r.pk in allowed[type(r)]]


def visible_ids(model, ids, user, action: str = VIEW) -> set:
    """The ids among `ids` of the `model` records `user` may `action`: one statement, without
    the model's ordering. Asked in the model's order, the database walked the ordering index
    over every record of the reader's units to test each for membership (the navigation bar's
    unread count of 100 notices: 19 ms a page, every page, issue 17); asked as a set, it looks
    the ids up."""
    ids = list(ids)
    if not ids:
        return set()
    return set(model._default_manager.filter(pk__in=ids).restrict(user, action).order_by()
               .values_list("pk", flat=True))


def readable(queryset, user=None):
    """`queryset` through `restrict(user, VIEW)`; without a user (a document made from the
    command line), only the records no access list guards (unclassified)."""
    if user is not None:
        return queryset.restrict(user, VIEW)
    condition = classification_condition(queryset.model, None)
    return queryset if condition is None else queryset.filter(condition)


def hidden_count(user, queryset) -> int:
    """How many rows of `queryset` `user` may not see, counting only rows of the user's own
    unit (and its predecessors): "n records you may not see". Another unit's records are not
    counted, so the figure says nothing about what exists elsewhere."""
    queryset = _as_queryset(queryset)
    own = own_unit_ids(user)
    if not own:
        return 0
    model = queryset.model
    seen = model._default_manager.restrict(user, VIEW).values("pk")
    return (queryset.filter(**{f"{model.scope_unit_field}__in": own})
            .exclude(pk__in=seen).order_by().count())
