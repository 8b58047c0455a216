"""A second, independent counter of the working calendar for the property tests.

Written naively, day by day, from the `holidays` package and the `WorkingDay` rows themselves:
it imports nothing of `oversight.core.calendar` or `oversight.petitions.deadlines`."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from tests.petitions.conftest import accepted_petition, make_petition  # noqa: F401 (fixtures)

ONE = dt.timedelta(days=1)


class NaiveCalendar:
    def __init__(self, rows: dict[dt.date, str]):
        self.rows = rows
        self.years: dict[int, object] = {}

    def off(self, day: dt.date) -> bool:
        if day in self.rows:
            return self.rows[day] == "day_off"
        if day.year not in self.years:
            self.years[day.year] = holidays.VN(years=day.year)
        return day.isoweekday() in (6, 7) or day in self.years[day.year]

    def working_days_after(self, start, n, suspended=lambda d: False):
        day = start
        while n > 0:
            day = day + ONE
            if not self.off(day) and not suspended(day):
                n = n - 1
        return day

    def days_after(self, start, n, suspended=lambda d: False):
        """n counted days after start (suspended days not counted), then the next day that is
        not off."""
        day = start
        while n > 0:
            day = day + ONE
            if not suspended(day):
                n = n - 1
        while self.off(day):
            day = day + ONE
        return day

    def between(self, a, b):
        sign = 1
        if b < a:
            a, b, sign = b, a, -1
        return sign * sum(1 for i in range(1, (b - a).days + 1) if not self.off(a + i * ONE))


@pytest.fixture
def naive(db):
    from oversight.workcalendar.models import WorkingDay

    return NaiveCalendar(dict(WorkingDay.objects.values_list("date", "kind")))


@pytest.fixture
def naive_without_announcements():
    """The control: the calendar as the code had it before (no announced exceptions)."""
    return NaiveCalendar({})


@pytest.fixture
def officer(nghean):
    return nghean
