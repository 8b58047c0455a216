"""Counting a reader's rows as "all the rows less the ones hidden from them".

A reader who reads every unit (a central analyst) is restricted by need-to-know alone: the
condition `restrict()` adds (`core.scoping`) lets through every row but those under a record
hidden from them. Counting the rows that satisfy it means testing it on every row — the
national directions' count was 9.7 of a 19.5 ms list on SQLite, where a bare `COUNT(*)` of the
table is 0.02 ms (issue 17). The same number is the count of the other conditions less the
count of those rows where the restriction is not true; that second set is the few rows under a
hidden record, which an index finds.

`complement(q)` writes "q is not true" with the negations pushed down to the single lookups
(De Morgan), so that a planner sees `matter_id IN (hidden …)` as a term of an AND and uses the
index; each lookup is negated as Django negates one, which is NULL-safe (`NOT (col IN … AND col
IS NOT NULL)`): a row for which a lookup is unknown (NULL) is on the not-true side, as it is
left out by the filter. In the positive form a lookup may be unknown where the filter reads it
as false; under AND and OR with no NOT above it, unknown and false give the same rows.

`count_statement(query, using)` is the compiled `COUNT(*)` of a query (what Django's
`Query.get_count` sends), so that both counts go as one statement (`SELECT (…) - (…)`) — one
statement that a kept list plan keeps (`core.listplans.Statements`).

tests/core/test_complement_count.py counts every scoped model for every kind of reader both
ways; its control shows that a complement without the NULL-safety counts wrong.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Q
from django.db.models.sql.where import AND


class Unsupported(ValueError):
    """A condition whose complement this module does not write (an expression, XOR)."""


def complement(q) -> Q | None:
    """The rows for which `q` (a `Q`, or one lookup `(name, value)`) is not true, as a `Q`;
    None when there are none (`q` is empty, which is true of every row)."""
    if isinstance(q, tuple):
        return ~Q(q)
    if not isinstance(q, Q):
        raise Unsupported(f"no complement for {q!r}")
    if not q.children:
        return None
    if q.negated:
        # not (not x) = x is true; x stands under AND and OR only, where unknown = false
        return Q(*q.children, _connector=q.connector)
    parts = [complement(child) for child in q.children]
    if q.connector == Q.AND:  # not (a and b) = not a or not b; None (no row) adds nothing
        kept = [part for part in parts if part is not None]
        if not kept:
            return None
        result = kept[0]
        for part in kept[1:]:
            result = result | part
        return result
    if q.connector == Q.OR:  # not (a or b) = not a and not b; None (no row) leaves none
        if any(part is None for part in parts):
            return None
        result = parts[0]
        for part in parts[1:]:
            result = result & part
        return result
    raise Unsupported(f"no complement for the connector {q.connector}")


def count_statement(query, using: str) -> tuple[str, tuple] | None:
    """(sql, params) of `SELECT COUNT(*)` over `query`'s rows; None when the query can have
    no row (Django found its condition empty)."""
    obj = query.clone()
    _without_repeats(obj.where)
    obj.select = ()
    obj.default_cols = False
    obj.extra = {}
    obj.annotations = {"__count": Count("*").resolve_expression(
        obj, allow_joins=True, reuse=None, summarize=True)}
    obj.set_annotation_mask(["__count"])
    obj.clear_ordering(force=True)
    obj.clear_limits()
    obj.select_for_update = False
    obj.select_related = False
    try:
        sql, params = obj.get_compiler(using, elide_empty=True).as_sql()
    except EmptyResultSet:
        return None
    return sql, tuple(params)


def _without_repeats(where) -> None:
    """Drop from an AND of conditions (`where`, changed in place) each one equal to an
    earlier one (Django's lookups compare by class, column and value): a unit's list filtered
    on its own unit names `unit_id IN (…)` twice, once for the filter and once for the
    reader's units, and SQLite tests the second on each row of the range the first gives
    (0.17 ms of a count of 3,515 petitions; issue 17). `a AND a` is `a`."""
    if where.connector != AND or where.negated:
        return
    kept = []
    for child in where.children:
        if not any(child == other for other in kept):
            kept.append(child)
    where.children = kept


# Tables whose rows PostgreSQL keeps counted (`core.models.RowCount`; the triggers of
# migration core.0002, which tests/core/test_row_counts.py compares with this).
ROW_COUNTED = frozenset({"matters_matter", "matters_direction", "petitions_petition"})


def _kept_count(query, using: str) -> tuple[str, tuple] | None:
    """The kept count of `query`'s table when `query` is the whole table (no condition, no
    join) on PostgreSQL; None otherwise."""
    table = query.model._meta.db_table
    if (table not in ROW_COUNTED or connections[using].vendor != "postgresql"
            or query.where.children or query.is_sliced or query.distinct
            or any(n for alias, n in query.alias_refcount.items() if alias != table)):
        return None
    return ("SELECT COALESCE(SUM(delta), 0) FROM core_rowcount WHERE table_name = %s",
            (table,))


def difference_statement(whole, hidden, using: str, hidden_by_key: bool = False
                         ) -> tuple[str, tuple]:
    """One statement: the count of `whole`'s rows less the count of `hidden`'s.

    `hidden_by_key`: `hidden` is `whole` and "the key is one of the hidden records" (a unit
    reader's petitions): the hidden ones are to be found by key. SQLite keeps no statistics
    here and, when the other conditions name the same indexed column twice (the list's unit
    filter beside the reader's units), judged that index the better way in and tested the
    key on each row of the unit's year — 0.72 ms for 3,515 petitions, against 0.01 ms by
    key. `NOT INDEXED` leaves it the key alone (SQLite still looks rows up by rowid there);
    PostgreSQL's planner chooses with its statistics."""
    parts = []
    params: list = []
    for query in (whole, hidden):
        statement = _kept_count(query, using) or count_statement(query, using)
        if statement is None:
            parts.append("0")
            continue
        sql = statement[0]
        if query is hidden and hidden_by_key and connections[using].vendor == "sqlite":
            sql = _by_key_only(sql, query, using)
        parts.append(f"({sql})")
        params.extend(statement[1])
    return f"SELECT {parts[0]} - {parts[1]}", tuple(params)


def _by_key_only(sql: str, query, using: str) -> str:
    """`sql` (a `COUNT(*)` of `query`'s table) with the table read by key only (SQLite's
    `NOT INDEXED`); unchanged when it does not begin as Django writes a count of one table."""
    table = connections[using].ops.quote_name(query.model._meta.db_table)
    head = f'SELECT COUNT(*) AS "__count" FROM {table} WHERE '
    if not sql.startswith(head):
        return sql
    return f'SELECT COUNT(*) AS "__count" FROM {table} NOT INDEXED WHERE {sql[len(head):]}'
