"""The report's prefilter (`indicators._prefilter`): the rows a grouped statement reads are
those some rule counts, through a cheaper condition (date ranges per column, merged). It may
let more rows through, never fewer: checked on random rules and rows, with a control."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from hypothesis import given, settings
from hypothesis import strategies as st

from oversight.reports.indicators import _prefilter

COLUMNS = ("received_on", "decided_on", "due")
DAYS = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2026, 12, 31))


def holds(condition: Q, row: dict) -> bool:
    """`condition` evaluated on a row (the lookups the rules and the prefilter use)."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(holds(child, row))
            continue
        name, _, lookup = child[0].rpartition("__")
        value = row[name]
        if lookup == "isnull":
            results.append((value is None) == child[1])
        elif value is None:
            results.append(False)
        else:
            results.append({"gte": value >= child[1], "gt": value > child[1],
                            "lte": value <= child[1], "lt": value < child[1],
                            "exact": value == child[1]}[lookup])
    result = all(results) if condition.connector == Q.AND else any(results)
    return not result if condition.negated else result


@st.composite
def rules(draw):
    """A plain AND of comparisons on dates and flags, sometimes with a nested OR, sometimes
    an OR of its own."""
    terms = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["range", "bound", "flag", "nested"]))
        column = draw(st.sampled_from(COLUMNS))
        if kind == "range":
            low, high = sorted([draw(DAYS), draw(DAYS)])
            terms += [(f"{column}__gte", low), (f"{column}__lte", high)]
        elif kind == "bound":
            terms.append((f"{column}__{draw(st.sampled_from(['gt', 'lt', 'gte', 'lte']))}",
                          draw(DAYS)))
        elif kind == "flag":
            terms.append(("flag__exact", draw(st.booleans())))
        else:
            terms.append(Q(flag__exact=True) | Q(**{f"{column}__isnull": True}))
    condition = Q(*terms)
    if draw(st.booleans()) and len(terms) > 1:
        condition = Q(terms[0]) | Q(*terms[1:])
    return condition


ROWS = st.fixed_dictionaries({**{c: st.none() | DAYS for c in COLUMNS},
                              "flag": st.booleans()})


@settings(max_examples=2000)  # pure Python: a second or two
@given(st.lists(rules(), min_size=1, max_size=8), st.lists(ROWS, min_size=1, max_size=30))
def test_every_counted_row_passes_the_prefilter(conditions, rows):
    relevant = _prefilter(conditions)
    for row in rows:
        if any(holds(c, row) for c in conditions):
            assert holds(relevant, row), (row, conditions, relevant)


def test_the_years_merge_into_one_range():
    years = [Q(received_on__gte=dt.date(y, 1, 1), received_on__lte=dt.date(y, 12, 31),
               duplicate_of__isnull=True) for y in (2024, 2025)]
    relevant = _prefilter([*years, years[0] & Q(kind="complaint")])
    assert relevant == Q(received_on__gte=dt.date(2024, 1, 1),
                         received_on__lte=dt.date(2025, 12, 31))


def test_ranges_open_at_both_ends_still_need_a_date():
    """Before one day or after another: any date, but not an empty one (found by the
    property above: the merged range had no bound and the OR lost it)."""
    day = dt.date(2023, 1, 1)
    relevant = _prefilter([Q(due__lt=day + dt.timedelta(1)), Q(flag__exact=True),
                           Q(due__gt=day)])
    assert holds(relevant, {"received_on": None, "decided_on": None, "due": day,
                            "flag": False})
    assert not holds(relevant, {"received_on": None, "decided_on": None, "due": None,
                                "flag": False})


def test_control_a_prefilter_that_drops_a_rule_is_caught():
    """The check above fails on a prefilter that forgets a rule."""
    conditions = [Q(received_on__gte=dt.date(2025, 1, 1)), Q(decided_on__lte=dt.date(2024, 1, 1))]
    row = {"received_on": None, "decided_on": dt.date(2023, 5, 1), "due": None, "flag": False}
    assert holds(conditions[1], row)
    assert not holds(_prefilter(conditions[:1]), row)
    assert holds(_prefilter(conditions), row)
