"""The working calendar's actions called directly (workcalendar/actions.py): who may change it,
what a change refuses, and that the calendar counts the change at once."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from oversight.core import calendar
from oversight.core.errors import RuleError
from oversight.workcalendar import actions
from oversight.workcalendar.choices import DayKind
from oversight.workcalendar.models import WorkingDay

WEDNESDAY = dt.date(2027, 3, 10)  # no public holiday, no exception listed
SATURDAY = dt.date(2027, 3, 13)
BASIS = "Thông báo 123/TB-VPCP"
D = dt.date


def test_an_officer_may_not_change_the_calendar(nghean):
    before = WorkingDay.objects.count()  # the announced days shipped with the code
    with pytest.raises(PermissionDenied):
        actions.add_day(by=nghean, date=WEDNESDAY, kind=DayKind.DAY_OFF, basis=BASIS)
    assert WorkingDay.objects.count() == before


def test_a_day_off_counts_at_once_and_is_listed_once(admin_user):
    assert calendar.is_working_day(WEDNESDAY)
    row, _job = actions.add_day(by=admin_user, date=WEDNESDAY, kind=DayKind.DAY_OFF,
                                basis=BASIS)
    assert (row.date, row.kind, row.basis, row.created_by) == (WEDNESDAY, DayKind.DAY_OFF,
                                                               BASIS, admin_user)
    assert not calendar.is_working_day(WEDNESDAY)
    with pytest.raises(RuleError) as refused:
        actions.add_day(by=admin_user, date=WEDNESDAY, kind=DayKind.DAY_OFF, basis=BASIS)
    assert refused.value.field == "date"
    actions.remove_day(by=admin_user, date=WEDNESDAY)
    assert calendar.is_working_day(WEDNESDAY)
    assert not WorkingDay.objects.filter(date=WEDNESDAY).exists()
    with pytest.raises(RuleError):
        actions.remove_day(by=admin_user, date=WEDNESDAY)


@pytest.mark.parametrize("date, kind, field", [
    (WEDNESDAY, DayKind.WORKING_DAY, "date"),   # already a working day
    (SATURDAY, DayKind.DAY_OFF, "date"),        # already a day off
    (None, DayKind.DAY_OFF, "date"),
    (SATURDAY, "holiday", "kind"),
])
def test_changes_that_change_nothing_are_refused(admin_user, date, kind, field):
    before = WorkingDay.objects.count()
    with pytest.raises(RuleError) as refused:
        actions.add_day(by=admin_user, date=date, kind=kind, basis=BASIS)
    assert refused.value.field == field
    assert WorkingDay.objects.count() == before


def test_a_change_names_its_document(admin_user):
    with pytest.raises(RuleError) as refused:
        actions.add_day(by=admin_user, date=SATURDAY, kind=DayKind.WORKING_DAY, basis="  ")
    assert refused.value.field == "basis"
    row, _job = actions.add_day(by=admin_user, date=SATURDAY, kind=DayKind.WORKING_DAY,
                                basis=BASIS)
    assert calendar.is_working_day(SATURDAY)


def test_actions_refuse_non_administrators(officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.add_day(by=officer, date=D(2027, 5, 3), kind="day_off", basis="1/TB")
