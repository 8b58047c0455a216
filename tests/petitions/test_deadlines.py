"""Day counting (Civil Code arts. 147–148) with Vietnam's holidays, and every default rule."""

import datetime as dt

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oversight.core.calendar import add_calendar_days, add_working_days, is_working_day
from oversight.petitions import actions, deadlines
from oversight.petitions.deadlines import months_without

D = dt.date
# The calendar reads its announced exceptions from the database.
pytestmark = pytest.mark.django_db
dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31))


def test_tet_2025_is_in_the_vietnam_calendar():
    vn = holidays.country_holidays("VN", years=2025)
    assert all(D(2025, 1, d) in vn for d in (27, 28, 29, 30, 31))
    assert D(2025, 2, 1) in vn


def test_working_days_skip_tet_2025():
    # Friday before Tết: 27/1–1/2 are holidays, 2/2 a Sunday; counting starts on 3/2.
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert add_working_days(D(2025, 1, 24), 10) == D(2025, 2, 14)
    assert add_working_days(D(2025, 1, 24), 7) == D(2025, 2, 11)
    assert add_working_days(D(2025, 1, 24), 5) == D(2025, 2, 7)


def test_working_days_from_a_friday_skip_the_weekend():
    assert add_working_days(D(2025, 3, 7), 1) == D(2025, 3, 10)
    assert add_working_days(D(2025, 3, 7), 5) == D(2025, 3, 14)
    assert add_working_days(D(2025, 3, 7), 10) == D(2025, 3, 21)


def test_calendar_days_ending_on_a_day_off_move_to_the_next_working_day():
    assert add_calendar_days(D(2025, 3, 7), 1) == D(2025, 3, 10)  # Saturday → Monday
    assert add_calendar_days(D(2025, 1, 17), 10) == D(2025, 2, 3)  # 27/1 is Tết → 3/2
    assert add_calendar_days(D(2025, 3, 3), 30) == D(2025, 4, 2)  # a Wednesday, unchanged


@given(dates, st.integers(min_value=0, max_value=60))
def test_working_days_property(start, n):
    due = add_working_days(start, n)
    assert due >= start
    counted = sum(1 for i in range(1, (due - start).days + 1)
                  if is_working_day(start + dt.timedelta(days=i)))
    assert counted == n
    if n:
        assert is_working_day(due)


@given(dates, st.integers(min_value=1, max_value=90))
def test_calendar_days_property(start, n):
    due = add_calendar_days(start, n)
    naive = start + dt.timedelta(days=n)
    assert due >= naive
    assert is_working_day(due)
    assert all(not is_working_day(naive + dt.timedelta(days=i))
               for i in range((due - naive).days))


@given(dates, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_working_days_compose(start, a, b):
    assert add_working_days(add_working_days(start, a), b) == add_working_days(start, a + b)


@given(dates, st.integers(min_value=0, max_value=30))
def test_later_start_never_gives_earlier_deadline(start, n):
    assert add_working_days(start + dt.timedelta(days=1), n) >= add_working_days(start, n)
    assert add_calendar_days(start + dt.timedelta(days=1), n) >= add_calendar_days(start, n)


def test_months_without():
    missing = months_without([D(2025, 1, 15), D(2025, 3, 2)], D(2025, 1, 1), D(2025, 4, 30))
    assert missing == [D(2025, 2, 1), D(2025, 4, 1)]


def test_rule_pick_is_most_specific():
    general = deadlines.RuleSpec("a", "processing_due", 7, kinds=frozenset({"denunciation"}))
    multi = deadlines.RuleSpec("b", "processing_due", 10, kinds=frozenset({"denunciation"}),
                               multi_location=True)
    case = deadlines.PetitionFacts(kind="denunciation", received_on=D(2025, 3, 3),
                                   multi_location=True)
    assert deadlines.pick_rule([general, multi], "processing_due", case) is multi
    single = deadlines.PetitionFacts(kind="denunciation", received_on=D(2025, 3, 3))
    assert deadlines.pick_rule([general, multi], "processing_due", single) is general


# --- The default rules, through the actions ------------------------------------------------

@pytest.mark.parametrize("kind", ["complaint", "recommendation", "reflection"])
def test_process_petition_10_working_days(make_petition, kind):
    p = make_petition(kind=kind, received_on=D(2025, 1, 24))
    assert p.processing_due == D(2025, 2, 14)
    assert p.transfer_due is None and p.notice_due is None and p.settlement_due is None


def test_denunciation_register_7_working_days_and_transfer_5(make_petition):
    p = make_petition(kind="denunciation", received_on=D(2025, 1, 24))
    assert p.processing_due == D(2025, 2, 11)
    assert p.transfer_due == D(2025, 2, 7)
    assert p.acceptance_due is None
    assert p.notice_due is None  # not accepted yet


def test_denunciation_multi_location_10_working_days(make_petition):
    p = make_petition(kind="denunciation", received_on=D(2025, 1, 24), multi_location=True)
    assert p.processing_due == D(2025, 2, 14)


def test_denunciation_received_on_a_friday(make_petition):
    p = make_petition(kind="denunciation", received_on=D(2025, 3, 7))
    assert p.processing_due == D(2025, 3, 18)
    assert p.transfer_due == D(2025, 3, 14)


def test_first_complaint_acceptance_10_days(make_petition):
    p = make_petition(kind="complaint", received_on=D(2025, 1, 24))
    # 24/1 + 10 = 3/2 (a working Monday after Tết)
    assert p.acceptance_due == D(2025, 2, 3)
    p = make_petition(kind="complaint", received_on=D(2025, 1, 17))
    assert p.acceptance_due == D(2025, 2, 3)  # 27/1 falls in Tết


def test_denunciation_notice_and_settlement_from_acceptance(accepted_petition):
    p = accepted_petition(kind="denunciation", received_on=D(2025, 3, 3), on=D(2025, 3, 7))
    assert p.notice_due == D(2025, 3, 14)
    # 7/3 + 30 = 6/4, a Sunday; 7/4 is the Hùng Kings' Commemoration: due 8/4.
    assert p.settlement_due == D(2025, 4, 8)


@pytest.mark.parametrize("complexity,remote,days", [
    ("normal", False, 30), ("complex", False, 45), ("especially_complex", False, 45),
    ("normal", True, 45), ("complex", True, 60), ("especially_complex", True, 60),
])
def test_first_complaint_settlement(make_petition, complexity, remote, days):
    p = make_petition(kind="complaint", complaint_round=1, complexity=complexity,
                      remote_area=remote, status="accepted", accepted_on=D(2025, 3, 3))
    assert p.settlement_due == add_calendar_days(D(2025, 3, 3), days)


@pytest.mark.parametrize("complexity,remote,days", [
    ("normal", False, 45), ("complex", False, 60), ("especially_complex", False, 60),
    ("normal", True, 60), ("complex", True, 70),
])
def test_second_complaint_settlement(make_petition, complexity, remote, days):
    p = make_petition(kind="complaint", complaint_round=2, complexity=complexity,
                      remote_area=remote, status="accepted", accepted_on=D(2025, 3, 3))
    assert p.settlement_due == add_calendar_days(D(2025, 3, 3), days)


def test_settlement_just_before_tet(make_petition):
    # accepted 29/12/2024 + 30 days = 28/1/2025, Tết → first working day 3/2/2025
    p = make_petition(kind="complaint", received_on=D(2024, 12, 20), status="accepted",
                      accepted_on=D(2024, 12, 29))
    assert p.settlement_due == D(2025, 2, 3)


def test_deadline_rows_name_rule_and_legal_basis(make_petition):
    p = make_petition(kind="denunciation")
    rows = {r["field"]: r for r in p.deadline_rows(today=D(2025, 3, 4))}
    assert "art. 24" in rows["processing_due"]["legal_basis"]
    assert rows["processing_due"]["running"] and not rows["processing_due"]["overdue"]
    assert rows["settlement_due"]["due"] is None


def test_rules_are_data(make_petition, db):
    from oversight.petitions.models import DeadlineRule

    DeadlineRule.objects.filter(code="process_petition").update(days=15)
    p = make_petition(kind="reflection", received_on=D(2025, 3, 3))
    assert p.processing_due == add_working_days(D(2025, 3, 3), 15)


def test_hung_kings_day_is_skipped():
    assert not is_working_day(D(2025, 4, 7))
    assert add_calendar_days(D(2025, 3, 7), 30) == D(2025, 4, 8)


def test_anonymous_denunciation_has_no_denunciation_deadlines_after_filing(make_petition,
                                                                        checklist):
    p = make_petition(kind="denunciation", anonymous=True)
    p = actions.classify(p, by=None, checklist=checklist("denunciation"),
                         verify_as_information=True, on=D(2025, 3, 4))
    assert p.classification == "verify_as_information"
    p = actions.file(p, by=None, on=D(2025, 3, 4))
    assert p.status == "filed" and p.next_due is None
