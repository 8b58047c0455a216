"""Extensions within the law, suspension and termination, and the deadline history.

The settlement deadlines are checked against the independent counter of
tests/workcalendar/conftest.py (which imports nothing of the deadline engine)."""

from __future__ import annotations

import datetime as dt

import pytest

from oversight.core.errors import RuleError
from oversight.petitions import actions, rules
from oversight.petitions.models import DeadlineChange, Petition, PetitionEvent

D = dt.date


@pytest.fixture
def denunciation(accepted_petition):
    def make(accepted_on, complexity="normal", **fields):
        return accepted_petition(kind="denunciation", received_on=accepted_on - dt.timedelta(3),
                                 on=accepted_on, complexity=complexity, **fields)
    return make


# --- Extensions ---------------------------------------------------------------------------

def test_extensions_count_as_one_period_from_acceptance(denunciation, naive):
    """Issue 14: especially complex, accepted 4/3/2025, two 30-day extensions: 2/6/2025.
    Counting each extension from the already-rolled date gave 4/6/2025."""
    p = denunciation(D(2025, 3, 4), "especially_complex")
    assert p.settlement_due == D(2025, 4, 3)
    p = actions.extend(p, by=None, days=30, reason="Phức tạp", on=D(2025, 3, 20))
    assert p.settlement_due == D(2025, 5, 5)  # 3/5 is a Saturday: rolled to Monday
    p = actions.extend(p, by=None, days=30, reason="Đặc biệt phức tạp", on=D(2025, 5, 2))
    assert p.settlement_due == D(2025, 6, 2)
    assert p.settlement_due == naive.days_after(D(2025, 3, 4), 90)
    events = PetitionEvent.objects.filter(petition=p, kind="extended").order_by("on")
    assert [e.on for e in events] == [D(2025, 3, 20), D(2025, 5, 2)]


def test_an_extension_after_the_deadline_is_refused(denunciation):
    p = denunciation(D(2025, 3, 4), "complex")
    assert p.settlement_due == D(2025, 4, 3)
    with pytest.raises(RuleError) as refused:
        actions.extend(p, by=None, days=30, reason="Phức tạp", on=D(2025, 4, 4))
    assert refused.value.field == "on" and "03/04/2025" in str(refused.value.message)
    p.refresh_from_db()
    assert p.extensions == [] and p.settlement_due == D(2025, 4, 3)
    actions.extend(p, by=None, days=30, reason="Phức tạp", on=D(2025, 4, 3))  # the last day
    with pytest.raises(RuleError):  # none left
        actions.extend(p, by=None, days=10, reason="Lần nữa", on=D(2025, 4, 10))


def test_extension_defaults_to_today(denunciation):
    p = denunciation(D(2025, 3, 4), "complex")  # its deadline passed long ago
    refusal = rules.extension_refusal(p)
    assert refusal.code == "after_deadline"
    with pytest.raises(RuleError):
        actions.extend(p, by=None, days=10, reason="Phức tạp")


def test_no_extension_for_a_normal_denunciation(denunciation):
    p = denunciation(D(2025, 3, 4))
    assert rules.extension_refusal(p, on=D(2025, 3, 10)).code == "no_rule"


# --- Suspension ---------------------------------------------------------------------------

def test_suspension_across_tet(denunciation, naive):
    """Accepted 6/1/2025 (due 5/2); suspended 20/1 to 5/2, over Tết: 16 days not counted."""
    p = denunciation(D(2025, 1, 6))
    assert p.settlement_due == D(2025, 2, 5)
    p = actions.suspend(p, by=None, reason="Chờ kết quả giám định", on=D(2025, 1, 20))
    assert p.suspended_since == D(2025, 1, 20)
    assert p.settlement_due is None and p.next_due is None and not p.is_overdue
    assert "31" in p.suspensions[0]["basis"]  # the rule's basis: art. 31
    assert p in Petition.objects.suspended() and p not in Petition.objects.overdue()
    row = next(r for r in p.deadline_rows(D(2025, 2, 3)) if r["field"] == "settlement_due")
    assert row["suspended_since"] == D(2025, 1, 20) and not row["overdue"]
    assert row["if_resumed_today"] == naive.days_after(
        D(2025, 1, 6), 30, lambda d: D(2025, 1, 20) <= d < D(2025, 2, 3))
    p = actions.resume(p, by=None, on=D(2025, 2, 5))
    assert p.suspended_since is None
    assert p.settlement_due == naive.days_after(
        D(2025, 1, 6), 30, lambda d: D(2025, 1, 20) <= d < D(2025, 2, 5))
    assert p.settlement_due == D(2025, 2, 21)
    assert p.next_due == p.settlement_due
    kinds = list(PetitionEvent.objects.filter(petition=p).values_list("kind", flat=True))
    assert "suspended" in kinds and "resumed" in kinds


def test_two_suspensions_add_up(denunciation, naive):
    p = denunciation(D(2025, 3, 3))
    p = actions.suspend(p, by=None, reason="Chờ cơ quan khác", on=D(2025, 3, 10))
    p = actions.resume(p, by=None, on=D(2025, 3, 17))
    p = actions.suspend(p, by=None, reason="Chờ giám định lại", on=D(2025, 3, 24))
    p = actions.resume(p, by=None, on=D(2025, 3, 31))
    assert p.settlement_due == naive.days_after(
        D(2025, 3, 3), 30, lambda d: D(2025, 3, 10) <= d < D(2025, 3, 17)
        or D(2025, 3, 24) <= d < D(2025, 3, 31))


@pytest.mark.parametrize("step,field", [
    (lambda p: actions.suspend(p, by=None, reason="", on=D(2025, 3, 10)), "reason"),
    (lambda p: actions.suspend(p, by=None, reason="x", on=D(2025, 3, 1)), "on"),
    (lambda p: actions.suspend(p, by=None, reason="x", on=D(2025, 4, 10)), "on"),  # too late
    (lambda p: actions.resume(p, by=None, on=D(2025, 3, 10)), "status"),  # not suspended
])
def test_bad_suspensions_change_nothing(denunciation, step, field):
    p = denunciation(D(2025, 3, 3))
    with pytest.raises(RuleError) as refused:
        step(p)
    assert refused.value.field == field
    p.refresh_from_db()
    assert p.suspensions == [] and p.suspended_since is None


def test_resumption_before_the_suspension_is_refused(denunciation):
    p = actions.suspend(denunciation(D(2025, 3, 3)), by=None, reason="x", on=D(2025, 3, 10))
    with pytest.raises(RuleError) as refused:
        actions.resume(p, by=None, on=D(2025, 3, 9))
    assert refused.value.field == "on"


def test_complaints_cannot_be_suspended(accepted_petition):
    """The Law on Complaints 2011 provides no suspension that we could verify
    (docs/legal-clocks.md); the rule says so until an administrator records a basis."""
    p = accepted_petition(kind="complaint", received_on=D(2025, 3, 3), on=D(2025, 3, 5))
    assert rules.suspension_refusal(p)
    with pytest.raises(RuleError):
        actions.suspend(p, by=None, reason="x", on=D(2025, 3, 10))


def test_a_suspended_settlement_is_resumed_before_it_is_settled(denunciation):
    p = actions.suspend(denunciation(D(2025, 3, 3)), by=None, reason="x", on=D(2025, 3, 10))
    with pytest.raises(RuleError):
        actions.settle(p, by=None, outcome="upheld", on=D(2025, 3, 12))
    with pytest.raises(RuleError):
        actions.extend(p, by=None, days=10, reason="x", on=D(2025, 3, 12))


def test_termination_is_an_outcome_with_its_reason(denunciation):
    p = actions.suspend(denunciation(D(2025, 3, 3)), by=None, reason="x", on=D(2025, 3, 10))
    with pytest.raises(RuleError):
        actions.terminate(p, by=None, reason=" ", on=D(2025, 3, 12))
    p = actions.terminate(p, by=None, reason="Người tố cáo rút toàn bộ nội dung tố cáo",
                          basis="Luật Tố cáo 2018, điều 31 khoản 3", on=D(2025, 3, 12))
    assert (p.status, p.outcome, p.settled_on) == ("settled", "terminated", D(2025, 3, 12))
    assert "rút" in p.decision_reason and p.suspended_since is None and p.next_due is None
    assert p.suspensions[-1]["resumed_on"] == "2025-03-12"
    with pytest.raises(RuleError):
        actions.settle(denunciation(D(2025, 3, 3)), by=None, outcome="terminated")


def test_suspension_api_and_list(api, nghean, web, denunciation):
    p = denunciation(D(2025, 3, 3))
    c = api(nghean)
    r = c.post(f"/api/petitions/{p.pk}/suspend/", {"on": "2025-03-10", "reason": "Chờ giám định",
                                                   "basis": "Luật Tố cáo 2018, điều 31"},
               format="json")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["suspended_since"] == "2025-03-10"
    assert body["deadlines"]["settlement_due"]["suspended_since"] == "2025-03-10"
    assert body["overdue"] is False
    assert [x["id"] for x in c.get("/api/petitions/", {"suspended": "true"}).json()["results"]] \
        == [p.pk]
    page = web(nghean).get("/petitions/suspended/")
    assert p.subject in page.content.decode() and "Chờ giám định" in page.content.decode()
    r = c.post(f"/api/petitions/{p.pk}/resume/", {"on": "2025-03-01"}, format="json")
    assert r.status_code == 400 and "on" in r.json()
    r = c.post(f"/api/petitions/{p.pk}/resume/", {"on": "2025-03-17"}, format="json")
    assert r.status_code == 200 and r.json()["suspended_since"] is None
    history = c.get(f"/api/petitions/{p.pk}/deadline-history/").json()["results"]
    assert [h["cause"] for h in history if h["field"] == "settlement_due"] == [
        "acceptance", "suspension", "resumption"]


# --- Deadline history and past periods ---------------------------------------------------------

def test_every_change_is_in_the_history(denunciation):
    p = denunciation(D(2025, 3, 4), "complex")
    p = actions.extend(p, by=None, days=30, reason="Phức tạp", on=D(2025, 3, 20))
    p = actions.settle(p, by=None, outcome="upheld", on=D(2025, 4, 20))
    rows = list(DeadlineChange.objects.filter(petition=p, field="next_due")
                .values_list("on", "cause", "new"))
    assert rows == [
        (D(2025, 3, 1), "intake", D(2025, 3, 11)),          # 7 working days to process
        (D(2025, 3, 4), "acceptance", D(2025, 4, 3)),
        (D(2025, 3, 20), "extension", D(2025, 5, 5)),
        (D(2025, 4, 20), "status", None),
    ]


def test_overdue_at_the_end_of_a_past_period(denunciation):
    """Overdue at the end of March (due 24/3, settled 20/4): counted for the first
    quarter, although today it is settled and not overdue."""
    from oversight.reports import catalogue  # noqa: F401  (registers the indicators: alone,
    from oversight.reports.indicators import CATALOGUE  # this test found none)

    late = denunciation(D(2025, 2, 20))
    assert late.settlement_due == D(2025, 3, 24)
    actions.settle(late, by=None, outcome="upheld", on=D(2025, 4, 20))
    on_time = denunciation(D(2025, 3, 20))
    actions.settle(on_time, by=None, outcome="upheld", on=D(2025, 4, 10))
    indicator = CATALOGUE["petitions_overdue"]
    q1 = set(indicator.records(None, D(2025, 1, 1), D(2025, 3, 31)).values_list("pk", flat=True))
    assert q1 == {late.pk}
    q2 = set(indicator.records(None, D(2025, 4, 1), D(2025, 6, 30)).values_list("pk", flat=True))
    assert q2 == set()
    # control: the petition's current state says nothing was overdue
    assert not Petition.objects.filter(pk=late.pk, next_due__lt=D(2025, 3, 31)).exists()


# --- The history's validity intervals (DeadlineChange.until) ------------------------------------

def _lapsed_by_search(end):
    """The running deadline at `end` found the slow way, the reference: the last next_due
    change dated on or before `end` (by on, then id), lapsed before `end`."""
    rows = DeadlineChange.objects.filter(field="next_due", on__lte=end).order_by("on", "id")
    last = {}
    for row in rows:
        last[row.petition_id] = row
    return {pid for pid, row in last.items() if row.new is not None and row.new < end}


def _lapsed(end):
    return set(DeadlineChange.running_lapsed_at(end).values_list("petition_id", flat=True))


def test_until_chains_each_deadline_and_answers_as_the_search_did(denunciation):
    """Same-day changes, a back-dated one and a closed petition: the interval query
    (`running_lapsed_at`) gives what searching the history gives, on every day around them;
    the migration's SQL fill (window function) writes the same intervals as the writes did."""
    import importlib

    from django.db import connection

    from oversight.base.acting import suspended

    late = denunciation(D(2025, 2, 20))
    actions.settle(late, by=None, outcome="upheld", on=D(2025, 4, 20))
    extended = denunciation(D(2025, 3, 4), "complex")
    extended = actions.extend(extended, by=None, days=30, reason="Phức tạp", on=D(2025, 3, 20))
    open_one = denunciation(D(2025, 3, 10))
    # a change written today but dated before the last one (a correction of the past)
    actions.record_deadline_changes(open_one, {"next_due": (None, D(2025, 3, 12))},
                                    cause="correction", on=D(2025, 3, 9))
    # two changes on one day: the later written stands
    actions.record_deadline_changes(open_one, {"next_due": (None, D(2025, 3, 30))},
                                    cause="correction", on=D(2025, 4, 1))
    actions.record_deadline_changes(open_one, {"next_due": (None, D(2025, 5, 30))},
                                    cause="correction", on=D(2025, 4, 1))
    history = {}
    for row in DeadlineChange.objects.order_by("on", "id"):
        history.setdefault((row.petition_id, row.field), []).append(row)
    for rows in history.values():
        assert [r.until for r in rows] == [r.on for r in rows[1:]] + [None]
    days = sorted({r.on + dt.timedelta(k) for rs in history.values() for r in rs
                   for k in (-1, 0, 1)} | {r.new for rs in history.values() for r in rs if r.new})
    answers = {day: _lapsed_by_search(day) for day in days}
    assert any(answers.values()) and any(not a for a in answers.values())
    for day in days:
        assert _lapsed(day) == answers[day], day
    # 30/3 superseded by 30/5 on the same day 1/4: not lapsed on 2/4
    assert open_one.pk not in _lapsed(D(2025, 4, 2))
    # the migration's fill, from nothing, writes the same intervals
    expected = dict(DeadlineChange.objects.values_list("pk", "until"))
    DeadlineChange.objects.update(until=None)
    # control: without the intervals every superseded lapsed row would count
    assert any(_lapsed(day) != answers[day] for day in days)
    fill = importlib.import_module(
        "oversight.petitions.migrations.0014_deadline_change_until").FILL_UNTIL
    with suspended(), connection.cursor() as cursor:  # a migration's SQL, not an action
        cursor.execute(fill)
    assert dict(DeadlineChange.objects.values_list("pk", "until")) == expected


def test_history_reconstructed_for_bulk_rows_is_chained(denunciation):
    p = denunciation(D(2025, 3, 4))
    actions.settle(p, by=None, outcome="upheld", on=D(2025, 4, 20))
    p.refresh_from_db()
    rows = [r for r in actions.reconstructed_history(p) if r.field == "next_due"]
    assert len(rows) >= 2
    assert [r.until for r in rows] == [r.on for r in rows[1:]] + [None]
