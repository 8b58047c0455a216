"""Petitions overdue at the end of a period, counted from the deadline history (issue 17).

The report counts `petitions_overdue` as two parts: the standing running deadlines from the
petitions' own grouped statement (each petition's copy of its standing history row,
`Petition.standing_due`), and the rows superseded after the end from the history, by probe of
each row's petition (PostgreSQL) or joined (SQLite). The figures are checked against an
independent count — every petition's `next_due` history walked in Python — and against the
query the report ran before (petitions filtered by `running_lapsed_at`), per unit, for the
period and the previous year, on every day around the changes: same-day changes, a
back-dated correction, an extension, closings, a duplicate, a petition whose history starts
before its receipt, and two units.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections import Counter
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Count

from oversight.petitions import actions
from oversight.petitions.models import DeadlineChange, Petition
from oversight.reports import (
    catalogue,  # noqa: F401  (registers the indicators)
    indicators,
)
from oversight.reports.indicators import CATALOGUE, compute
from oversight.reports.periods import Period
from tests.petitions.conftest import accepted_petition, make_petition  # noqa: F401,F811

D = dt.date


def _by_walking_the_history(end: dt.date) -> Counter:
    """{unit id: petitions overdue at the end of `end`}, the reference: per petition, the last
    `next_due` change dated on or before `end` (history order: on, then id) put the deadline
    before `end`; the petition was received by then and is not a duplicate."""
    last = {}
    for row in DeadlineChange.objects.filter(field="next_due").order_by("on", "id"):
        if row.on <= end:
            last[row.petition_id] = row
    counts = Counter()
    for petition in Petition.objects.all():
        row = last.get(petition.pk)
        if (row is not None and row.new is not None and row.new < end
                and petition.received_on <= end and petition.duplicate_of_id is None):
            counts[petition.unit_id] += 1
    return counts


def _by_the_old_query(end: dt.date) -> Counter:
    """What the report's petitions query counted before (the rule on the petitions' side)."""
    rows = (Petition.objects.filter(received_on__lte=end, duplicate_of__isnull=True,
                                    pk__in=DeadlineChange.running_lapsed_at(end))
            .values("unit").annotate(n=Count("pk")).order_by())
    return Counter({row["unit"]: row["n"] for row in rows})


def _report(end: dt.date, unit_ids=None) -> tuple[Counter, Counter]:
    """(this period's, the previous year's) figures per unit, from the report's compute."""
    period = Period(end - dt.timedelta(days=89), end, label="t")
    units = Petition.objects.values_list("unit_id", flat=True).distinct()
    figure = compute(unit_ids, period, codes=["petitions_overdue"],
                     split={u: u for u in units})["petitions_overdue"]
    value = Counter({u: p["value"] for u, p in figure["parts"].items() if p["value"]})
    previous = Counter({u: p["previous"] for u, p in figure["parts"].items() if p["previous"]})
    assert figure["value"] == sum(value.values())
    assert figure["previous"] == sum(previous.values())
    return value, previous


@pytest.fixture
def history(accepted_petition, make_petition):  # noqa: F811
    def denunciation(accepted_on, unit_code="nghe_an", complexity="normal"):
        return accepted_petition(kind="denunciation", received_on=accepted_on - dt.timedelta(3),
                                 on=accepted_on, complexity=complexity, unit_code=unit_code)

    late = denunciation(D(2025, 2, 20))  # due 24/3, settled 20/4: overdue at 31/3 only
    actions.settle(late, by=None, outcome="upheld", on=D(2025, 4, 20))
    extended = denunciation(D(2025, 3, 4), complexity="complex")
    actions.extend(extended, by=None, days=30, reason="Phức tạp", on=D(2025, 3, 20))
    open_one = denunciation(D(2025, 3, 10))
    # back-dated: written now, dated before the last change
    actions.record_deadline_changes(open_one, {"next_due": (None, D(2025, 3, 12))},
                                    cause="correction", on=D(2025, 3, 9))
    # two changes on one day: the later written stands
    actions.record_deadline_changes(open_one, {"next_due": (None, D(2025, 3, 30))},
                                    cause="correction", on=D(2025, 4, 1))
    actions.record_deadline_changes(open_one, {"next_due": (None, D(2025, 5, 30))},
                                    cause="correction", on=D(2025, 4, 1))
    # a duplicate of a lapsed one: never counted
    twin = denunciation(D(2025, 2, 21))
    Petition.objects.filter(pk=twin.pk).update(duplicate_of=late)
    # another unit, left to lapse across the year's end
    denunciation(D(2024, 11, 4), unit_code="ha_noi")
    denunciation(D(2024, 12, 20), unit_code="ha_noi", complexity="complex")
    # received late, its history dated earlier (a correction of the record): counted only
    # from its receipt
    early = make_petition(unit_code="ha_noi", received_on=D(2025, 4, 15))
    actions.record_deadline_changes(early, {"next_due": (None, D(2025, 4, 2))},
                                    cause="correction", on=D(2025, 4, 1))
    rows = DeadlineChange.objects.filter(field="next_due")
    # every day a change took effect or ended, the day before and after; each deadline's
    # own day and the next (lapsed only after it)
    days = ({r.on + dt.timedelta(k) for r in rows for k in (-1, 0, 1)}
            | {r.new + dt.timedelta(k) for r in rows if r.new for k in (0, 1)})
    return sorted(days | {D(2025, 12, 31), D(2026, 12, 31)})


@pytest.mark.parametrize("probed", [True, False], ids=["probed", "joined"])
def test_overdue_at_the_end_matches_walking_the_history(history, probed, monkeypatch):
    """Both forms of the national figure: each row's petition read by a probe of its key
    (PostgreSQL's) or joined (SQLite's)."""
    monkeypatch.setattr(indicators, "_probes_parents", lambda alias: probed)
    days = history
    walked = {}

    def walk(end):
        if end not in walked:
            walked[end] = _by_walking_the_history(end)
        return walked[end]

    for end in days:
        previous_end = Period(end - dt.timedelta(days=89), end, "t").previous_year().end
        assert _by_the_old_query(end) == walk(end), end
        assert _report(end) == (walk(end), walk(previous_end)), end
    # the data reach both sides: days with and without overdue petitions, in both units
    assert any(not walk(end) for end in days)
    assert len({u for end in days for u in walk(end)}) == 2
    # a unit's own report, and the click-through list, give the same petitions
    nghe_an = Petition.objects.filter(unit__code="nghe_an").values_list("unit_id", flat=True)[0]
    indicator = CATALOGUE["petitions_overdue"]
    for end in days[::3]:
        mine = _report(end, unit_ids=[nghe_an])[0]
        assert mine == Counter({u: n for u, n in walk(end).items() if u == nghe_an}), end
        listed = indicator.records(None, end - dt.timedelta(days=89), end)
        assert listed.count() == sum(walk(end).values()), end


@pytest.mark.breaks_deadline_history
@pytest.mark.parametrize("probed", [True, False], ids=["probed", "joined"])
def test_control_the_comparison_fails_on_a_broken_history(history, probed, monkeypatch):
    """Control: with the intervals emptied, every superseded lapsed row would count; the
    report's figures then differ from the walk on some day (the test above can fail)."""
    monkeypatch.setattr(indicators, "_probes_parents", lambda alias: probed)
    days = history
    DeadlineChange.objects.update(until=None)
    assert any(_report(end)[0] != _by_walking_the_history(end) for end in days)


@pytest.mark.breaks_deadline_history
@pytest.mark.unaudited_writes  # the migration's fill, a statement of its own
def test_the_petitions_copy_of_the_standing_deadline(history):
    """The standing part is read from the petitions' copy of their standing running deadline
    (`Petition.standing_due`): kept by the history's writers (every test checks it after
    it runs, tests/conftest.py), filled from the history by migration 0023; emptied, the
    check names the petitions and the report no longer matches the walk (control)."""
    days = history
    assert DeadlineChange.standing_copy_mismatches() == []
    copied = Petition.objects.exclude(standing_due_on=None).count()  # a closed one: no due
    assert Petition.objects.exclude(standing_due=None).count() >= 5
    Petition.objects.update(standing_due=None, standing_due_on=None)
    assert len(DeadlineChange.standing_copy_mismatches()) == copied
    assert any(_report(end)[0] != _by_walking_the_history(end) for end in days)
    migration = importlib.import_module(
        "oversight.petitions.migrations.0023_petition_standing_due")
    migration.copy_standing(apps, SimpleNamespace(connection=connection))  # one join
    assert DeadlineChange.standing_copy_mismatches() == []
    for end in days:
        assert _report(end)[0] == _by_walking_the_history(end), end
    Petition.objects.update(standing_due=None, standing_due_on=None)
    migration.copy_standing(apps, None)  # the ORM's form (an SQLite older than 3.33)
    assert DeadlineChange.standing_copy_mismatches() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL range index")
def test_the_lapsed_span_index_answers_the_superseded_rows(history):
    """The superseded part's condition (`LapsedAcross`) is the expression the GiST index of
    migration 0024 holds, so PostgreSQL can find the few rows lapsed across the end by their
    span. Control: the same containment of another span is not answered by the index."""
    from django.db.models import F, Func, Q, Value
    from django.db.models.fields import BooleanField

    from oversight.petitions.models import LapsedAcross

    def plan(condition) -> str:
        sql, params = (DeadlineChange.objects.filter(field="next_due").filter(condition)
                       .values("petition_id").query.sql_with_params())
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            return " ".join(row[0] for row in cursor.fetchall())

    day = D(2024, 6, 30)
    found = plan(Q(LapsedAcross(day)))
    assert "deadline_change_lapsed_span" in found
    assert re.search(r"Index Cond: \(+daterange\(new", found), found
    other = Func(F("on"), F("until"), Value("()"), function="daterange",
                 output_field=BooleanField())
    control = Func(other, Value(day), template="%(expressions)s", arg_joiner=" @> ",
                   output_field=BooleanField())
    assert not re.search(r"Index Cond: \(+daterange\(", plan(Q(control)))
