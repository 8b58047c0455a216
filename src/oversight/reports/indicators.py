"""The indicator framework: a declarative definition per indicator, computed by aggregates.

Each `Indicator` names the records it reads (`model`), the path from them to their unit, the
date that puts a record in a period, and the condition (`rule`) that makes a record count.
The same rule builds the aggregate query behind the figure and the click-through list of
records, so the two always agree. All indicators of one table are computed in one grouped
query (conditional aggregation) for the period and the previous year at once.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.apps import apps
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

from oversight.reports.periods import Period

COUNT, DISTINCT, SUM, RATIO = "count", "distinct", "sum", "ratio"


@dataclass(frozen=True)
class Indicator:
    code: str
    label_vi: str
    label_en: str
    measure_unit: str  # what a figure counts: "matters", "defendants", "VND", "%"…
    counting: str  # how it is counted, in words (English; shown in the catalogue)
    model: str = ""  # "app_label.Model" of the records read
    unit_path: str = ""  # path from the record to its owning unit
    date_field: str = ""  # the date that puts a record in a period ("" if cumulative)
    # records that count: rule(start, end), or rule(start, end, unit_ids) when place_aware
    rule: Callable[..., Q] | None = None
    place_aware: bool = False
    measure: str = COUNT
    field: str = ""  # summed field (SUM) or distinct key (DISTINCT: a FK to the listed records)
    ratio_of: tuple[str, str] = ()  # RATIO: numerator code, denominator code
    section: str = "matters"
    records_model: str = ""  # what the click-through lists (default: `model`)
    # The figure as the sum of disjoint parts, each an indicator of its own (not in the
    # catalogue) computed with the table it reads: a part on a table of the catalogue joins
    # that table's grouped statement as one more aggregate; a part with a `parent` is counted
    # in a statement of its own. Petitions overdue at the end: the standing running
    # deadlines from the petitions' statement (`Petition.standing_due`), the ones superseded
    # after the end from the deadline history (issue 17). The click-through lists the parts'
    # records together.
    components: tuple[Indicator, ...] = ()
    # Counted in a statement of its own (grouped by unit, both periods in one UNION ALL), not
    # as one more aggregate of its table's statement: for a rule that would make that
    # statement read another table for every row (defendants indicted: the events).
    apart: bool = False
    # The record this indicator's rows belong to (a history row's petition), as
    # (path, rule(start, end) -> Q on that record); the rows count only where it counts.
    # Counted apart, and a national figure reads that record's unit and condition row by
    # row (a correlated subquery, one index probe per row), never joined. Joined,
    # PostgreSQL took the 7,700 lapsed deadlines of 250,000 petitions for 235,000 (it
    # cannot see that the current running deadline is nearly always empty) and hashed every
    # petition: 318 of the report's 622 ms of statements, where a probe per row takes
    # 26-35 ms (issue 17). The rows whose record does not count have no unit and are left
    # out. SQLite joins by such probes anyway, a fifth faster than through the subquery (26
    # against 32 ms on 64,000 petitions): it keeps the join.
    parent: tuple[str, Callable[[dt.date, dt.date], Q]] | None = None

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "vi").startswith("en") else self.label_vi

    def describe(self) -> dict:
        return {
            "code": self.code, "label_vi": self.label_vi, "label_en": self.label_en,
            "unit": self.measure_unit, "counting": self.counting,
            "reads": self.model or None, "date_field": self.date_field or None,
            "section": self.section,
        }

    def condition(self, start: dt.date, end: dt.date, unit_ids=None) -> Q:
        """The rows that count (with the `parent` record's own condition)."""
        if self.place_aware:
            return self.rule(start, end, unit_ids)
        return self.rule(start, end) & _parent_condition(self, start, end)

    def records(self, unit_ids, start: dt.date, end: dt.date) -> QuerySet:
        """The records behind the figure (unrestricted: callers apply the user's scope)."""
        if self.components:
            parts = [part.records(unit_ids, start, end) for part in self.components]
            return reduce(operator.or_, parts)  # one model: the parts' conditions ORed
        qs = apps.get_model(self.model).objects.all()
        if unit_ids is not None:
            qs = qs.filter(**{f"{self.unit_path}__in": unit_ids})
        qs = qs.filter(self.condition(start, end, unit_ids))
        if self.measure == DISTINCT:
            target = apps.get_model(self.records_model)
            return target.objects.filter(pk__in=qs.values(self.field))
        return qs


CATALOGUE: dict[str, Indicator] = {}


def register(*indicators: Indicator) -> None:
    for indicator in indicators:
        if indicator.code in CATALOGUE:
            raise ValueError(f"indicator {indicator.code} defined twice")
        CATALOGUE[indicator.code] = indicator


def _aggregate(indicator: Indicator, start: dt.date, end: dt.date, unit_ids,
               filtered: bool = True):
    """The indicator's figure over the rows of a grouped query; `filtered=False` when the
    query's WHERE is this figure's condition alone (no FILTER to evaluate again)."""
    condition = indicator.condition(start, end, unit_ids) if filtered else None
    if indicator.measure == COUNT:
        return Count("pk", filter=condition)
    if indicator.measure == DISTINCT:
        return Count(indicator.field, filter=condition, distinct=True)
    return Sum(indicator.field, filter=condition, default=0)


def _probes_parents(alias: str) -> bool:
    """Whether a national figure counted apart reads each row's record by a probe of its key
    (`Indicator.parent`): on PostgreSQL; SQLite joins by such probes anyway."""
    return connections[alias].vendor != "sqlite"


def _parent_unit(ind: Indicator, model_name: str, unit_path: str, period: Period) -> Subquery:
    """The unit of each row's record at `ind.parent` when that record counts in `period`
    (else NULL), read by one probe of the record's primary key per row."""
    path, rule = ind.parent
    parent = apps.get_model(model_name)._meta.get_field(path).related_model
    unit = unit_path.removeprefix(f"{path}__")
    return Subquery(parent._default_manager.filter(rule(period.start, period.end),
                                                   pk=OuterRef(f"{path}_id"))
                    .order_by().values(unit)[:1])


def _parent_condition(ind: Indicator, start: dt.date, end: dt.date) -> Q:
    """`ind.parent`'s rule stated on the rows (through the path), for the joined form."""
    if not ind.parent:
        return Q()
    path, rule = ind.parent
    return prefixed(rule(start, end), path)


def prefixed(condition: Q, path: str) -> Q:
    """`condition` on the record at `path` of the rows: every lookup prefixed with it."""
    clone = condition.copy()
    clone.children = [prefixed(child, path) if isinstance(child, Q)
                      else (f"{path}__{child[0]}", child[1]) for child in condition.children]
    return clone


def _rows_counted(qs: QuerySet, conditions: list[Q]) -> QuerySet:
    """`qs` narrowed to the rows that some condition counts.

    On PostgreSQL the OR is a plain WHERE (with the ranges below beside it): its planner,
    with statistics, chooses between a bitmap OR of the indexes and a scan. SQLite keeps no
    statistics here (ANALYZE was tried on the national set: it fixed this query and turned
    the overdue count from 0.2 to 5 s), and for an OR over several indexed columns it always
    walks each index and fetches
    every row by rowid (MULTI-INDEX OR): a national report's two years are most of the
    defendants, and that walk took 3-4x the time of reading the table (355 against 91-113 ms
    of CPU on 193,074 defendants). So on SQLite the OR is evaluated on each row as a CASE,
    which no index can drive: the rows are read in the join's order and the ones outside
    both periods are still skipped before the aggregates. A unit's report is driven by the
    unit's index either way.

    The OR is of weaker conditions than the rules (`_prefilter`): a date range per rule,
    merged per column; the aggregates' own conditions stay exact."""
    relevant = _prefilter(conditions)
    if connections[qs.db].vendor != "sqlite":
        # The ranges and the rules' own OR: in a scan the ranges leave most rows out at the
        # cost of a comparison or two; the OR shows the planner the rules' other columns,
        # whose indexes it takes where they are selective (the events' stage moves: 6,688
        # of the two years' 95,668 events count; that statement 78 → 37 ms on the national
        # set, the petitions' unchanged).
        return qs.filter(relevant & reduce(operator.or_, _without_implied(conditions)))
    if len(conditions) < 2:
        return qs.filter(relevant)
    return qs.alias(_counted=Case(When(relevant, then=Value(True)), default=Value(False),
                                  output_field=BooleanField())).filter(_counted=True)


def _date_range(condition: Q) -> tuple[str, dt.date | None, dt.date | None] | None:
    """A date range that every row `condition` counts is in: (column, from, to), either end
    open (None), from the condition's first date comparison and the others on the same
    column (a strict bound read as inclusive: wider, never narrower); None when the
    condition is not a plain AND or compares no date."""
    if condition.negated or condition.connector != Q.AND:
        return None
    column, low, high = None, None, None
    for child in condition.children:
        if isinstance(child, Q):
            continue  # a nested condition left out: the range only widens
        name, _, lookup = child[0].rpartition("__")
        if lookup not in ("gte", "gt", "lte", "lt") or not isinstance(child[1], dt.date):
            continue
        if column not in (None, name):
            continue
        column = name
        if lookup in ("gte", "gt"):
            low = child[1] if low is None else max(low, child[1])
        else:
            high = child[1] if high is None else min(high, child[1])
    return (column, low, high) if column else None


def _prefilter(conditions: list[Q]) -> Q:
    """A condition that every row some condition counts meets, cheap to evaluate: each
    condition's date range (`_date_range`), the ranges of one column merged where they meet
    or overlap (a report's year and the year before are one range), and any condition
    without a range as it is, less those that imply another. The petitions' OR on SQLite:
    12 conditions of up to 5 comparisons → 3 ranges; the statement 62 → 40 ms on 64,000
    petitions (the floor's pass: 31 ms)."""
    ranges: dict[str, list] = defaultdict(list)
    whole = []
    for condition in conditions:
        found = _date_range(condition)
        if found is None:
            whole.append(condition)
        else:
            ranges[found[0]].append(found[1:])
    relevant = Q()
    for column, spans in ranges.items():
        spans.sort(key=lambda span: (span[0] is not None, span[0] or dt.date.min))
        merged = [list(spans[0])]
        for low, high in spans[1:]:
            last = merged[-1]
            if last[1] is None or low is None or low <= last[1] + dt.timedelta(days=1):
                last[1] = None if last[1] is None or high is None else max(last[1], high)
            else:
                merged.append([low, high])
        for low, high in merged:
            bounds = {f"{column}__gte": low, f"{column}__lte": high}
            # both ends open (before one day or after another): any date, but a date
            relevant |= Q(**{k: v for k, v in bounds.items() if v is not None}
                          or {f"{column}__isnull": False})
    for condition in _without_implied(whole):
        relevant |= condition
    return relevant


def _leaves(condition: Q) -> frozenset | None:
    """The terms of a plain AND (None for anything else)."""
    if condition.negated or condition.connector != Q.AND:
        return None
    return frozenset(make_hashable(child) for child in condition.children)


def _without_implied(conditions: list[Q]) -> list[Q]:
    """`conditions` less those that imply another (all its terms and more: denunciations
    received imply petitions received), which add nothing to their OR. On SQLite the OR is
    evaluated on every row: 12 → 6 terms for the petitions, 62 → 50 ms on 64,000."""
    terms = [_leaves(condition) for condition in conditions]
    return [condition for i, condition in enumerate(conditions)
            if terms[i] is None or not any(
                j != i and other is not None and other < terms[i]
                for j, other in enumerate(terms))]


# Tables that SQLite reads faster in their own order, grouped afterwards, than in unit order
# through the unit index (one fetch by rowid per row). Without statistics SQLite always takes
# the index that gives the GROUP BY its order; for the petitions (the table that grows to a
# million rows) that walk took 422 ms of CPU against 170 ms for a scan and a sort of the
# groups (164,300 petitions). For matters and directions the index walk was as fast or
# faster (104 against 182 ms: their rows sort slower than they fetch), so they keep it.
READ_IN_TABLE_ORDER = {"petitions.Petition"}


def _grouped_by_unit(qs: QuerySet, model_name: str, unit_path: str) -> QuerySet:
    """`qs.values()` grouped by the unit as `_unit` (`unit_path + 0` where the table is read
    in its own order on SQLite: an expression that no index can give its order)."""
    unit = F(unit_path)
    if model_name in READ_IN_TABLE_ORDER and connections[qs.db].vendor == "sqlite":
        unit = ExpressionWrapper(F(unit_path) + Value(0), output_field=IntegerField())
    return qs.annotate(_unit=unit).values("_unit").order_by()


def _apart_statement(ind: Indicator, qs: QuerySet, model_name: str, unit_path: str,
                     both: dict[str, Period], unit_ids) -> QuerySet:
    """One indicator counted in a statement of its own: grouped by unit, both periods in one
    UNION ALL (rows `_unit`, `key`, `figure`; `_unit` empty where a probed record does not
    count)."""
    probed = ind.parent and unit_ids is None and _probes_parents(qs.db)
    selects = []
    for key, p in both.items():
        if probed:
            rows = qs.filter(ind.rule(p.start, p.end)).annotate(
                _unit=_parent_unit(ind, model_name, unit_path, p))
        else:
            rows = qs.filter(ind.condition(p.start, p.end)).annotate(_unit=F(unit_path))
        selects.append(rows.values("_unit").annotate(
            figure=_aggregate(ind, p.start, p.end, unit_ids, filtered=False),
            key=Value(key)).order_by())
    return selects[0].union(*selects[1:], all=True)


def _grouped_statement(members: list[Indicator], qs: QuerySet, model_name: str,
                       unit_path: str, both: dict[str, Period], unit_ids) -> QuerySet:
    """The indicators of one table as aggregates of one statement grouped by unit (rows
    `_unit` and `<code>__<key>` per indicator and period)."""
    # Only rows that some indicator counts need to be read: the OR of the rules lets the
    # database skip the years outside both periods (the date columns are indexed).
    conditions: list[Q] = []
    for ind in members:
        for the_period in both.values():
            condition = ind.condition(the_period.start, the_period.end, unit_ids)
            if condition not in conditions:  # two figures often share a rule
                conditions.append(condition)
    qs = _rows_counted(qs, conditions)
    aggregates = {}
    for ind in members:
        for key, the_period in both.items():
            aggregates[f"{ind.code}__{key}"] = _aggregate(ind, the_period.start,
                                                          the_period.end, unit_ids)
    return _grouped_by_unit(qs, model_name, unit_path).annotate(**aggregates)


def _results(statements):
    """[(rows as dicts, handler)] of `statements` ((query, handler) pairs), in order.

    On PostgreSQL the statements go out as one pipeline (psycopg's pipeline mode): each is
    sent as soon as it is built, and the server runs it while the next is built, so building
    the report's queries (Django's ORM: ~25–30 ms of CPU a report) overlaps running them —
    in part on 2 cores, where the server's parallel scans take both (province set: 72–76 →
    66–67 ms). The rows are read once all are sent. Elsewhere each is run in turn."""
    statements = iter(statements)
    first = next(statements, None)
    if first is None:
        return []
    # chained, not unpacked: each statement is built only when the one before is sent
    statements = itertools.chain([first], statements)
    connection = connections[first[0].db]
    if connection.vendor != "postgresql":
        return [(list(qs), handle) for qs, handle in statements]
    connection.ensure_connection()
    sent = []
    with connection.connection.pipeline():
        for qs, handle in statements:
            compiler = qs.query.get_compiler(qs.db)
            sql, params = compiler.as_sql()
            cursor = connection.cursor()
            cursor.execute(sql, params)
            sent.append((compiler, cursor, handle))
    results = []
    for compiler, cursor, handle in sent:
        with cursor:
            names = [column.name for column in cursor.description]
            # the ORM's own conversions (a sum of integers arrives as a decimal)
            rows = compiler.results_iter(results=[cursor.fetchall()])
            results.append(([dict(zip(names, row, strict=True)) for row in rows], handle))
    return results


def compute(unit_ids, period: Period, codes=None, previous: Period | None = None,
            split: dict[int, int] | None = None) -> dict:
    """Figures for the units (None: all), for `period` and the previous year.

    Returns {code: {"value", "previous", "parts": {part_id: {"value", "previous"}}}}; parts
    are filled when `split` (record unit id -> part id) is given.
    """
    previous = previous or period.previous_year()
    wanted = [CATALOGUE[c] for c in (codes or CATALOGUE)]
    # Ratios need their parts.
    for ind in list(wanted):
        for code in ind.ratio_of:
            if CATALOGUE[code] not in wanted:
                wanted.append(CATALOGUE[code])
    # One grouped query per table, both periods at once; a figure made of parts
    # (`Indicator.components`) has them computed with their tables, and one whose rows
    # belong to a parent record (`Indicator.parent`) has its own statement.
    both = {"v": period, "p": previous}
    groups: dict[tuple[str, str, str], list[Indicator]] = defaultdict(list)
    owner: dict[str, str] = {}  # a part's code -> the figure it adds to
    for ind in wanted:
        for part in ind.components or (ind,):
            if part.measure != RATIO:
                owner[part.code] = ind.code
                alone = part.apart or part.parent is not None
                groups[(part.model, part.unit_path, part.code if alone else "")].append(part)

    result = {ind.code: {"value": 0, "previous": 0, "parts": defaultdict(
        lambda: {"value": 0, "previous": 0})} for ind in wanted}

    def add(ind: Indicator, unit_id, key: str, figure) -> None:
        name = "value" if key == "v" else "previous"
        entry = result[owner[ind.code]]
        entry[name] += figure or 0
        part = split.get(unit_id) if split is not None else None
        if part is not None:
            entry["parts"][part][name] += figure or 0

    def count_apart(ind: Indicator) -> Callable[[dict], None]:
        def handle(row: dict) -> None:
            if row["_unit"] is not None:  # probed: a row whose record does not count
                add(ind, row["_unit"], row["key"], row["figure"])
        return handle

    def count_grouped(members: list[Indicator]) -> Callable[[dict], None]:
        def handle(row: dict) -> None:
            for ind in members:
                for key in both:
                    add(ind, row["_unit"], key, row[f"{ind.code}__{key}"])
        return handle

    def statements():
        """(grouped query, what to do with each of its rows), one per group, built in turn."""
        for (model_name, unit_path, apart), members in groups.items():
            qs = apps.get_model(model_name).objects.all()
            if unit_ids is not None:
                qs = qs.filter(**{f"{unit_path}__in": unit_ids})
            if apart:
                yield (_apart_statement(members[0], qs, model_name, unit_path, both, unit_ids),
                       count_apart(members[0]))
            else:
                yield (_grouped_statement(members, qs, model_name, unit_path, both, unit_ids),
                       count_grouped(members))

    for rows, handle in _results(statements()):
        for row in rows:
            handle(row)
    for ind in wanted:
        if ind.measure == RATIO:
            num, den = (result[c] for c in ind.ratio_of)
            entry = result[ind.code]
            entry["value"] = _ratio(num["value"], den["value"])
            entry["previous"] = _ratio(num["previous"], den["previous"])
            for part in set(num["parts"]) | set(den["parts"]):
                entry["parts"][part] = {
                    "value": _ratio(num["parts"][part]["value"], den["parts"][part]["value"]),
                    "previous": _ratio(num["parts"][part]["previous"],
                                       den["parts"][part]["previous"]),
                }
    if codes:
        result = {c: result[c] for c in codes}
    return result


def _ratio(numerator, denominator):
    return round(numerator / denominator, 4) if denominator else None


def change(value, previous):
    """value ÷ previous (1.95 reads "nearly double"); None when there is nothing to compare."""
    if value is None or previous in (None, 0):
        return None
    return round(value / previous, 4)
