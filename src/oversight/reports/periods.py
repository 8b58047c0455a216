"""Reporting periods: calendar periods and the inspection sector's statutory data periods.

Plain Python, no web imports. A period is a closed date range with a label. The statutory
calendar (Circular 01/2024/TT-TTCP, continued by Circular 06/2025) runs its year from
15 December of the previous year to 14 December, its quarters ending on 14 March, 14 June,
14 September and 14 December.

Period codes (`parse`): `2024` (year), `2024-H1` / `2024-H2` (half-years), `2024-Q3`
(quarter), `2024-9M` (nine months), `2024-05` (month), `2021-2025` (a Party term, whole
years), `2024-01-10..2024-03-31` (any range).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

CALENDAR = "calendar"
STATUTORY = "statutory"
CALENDARS = (CALENDAR, STATUTORY)


class PeriodError(ValueError):
    """A period code or range that cannot be understood."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str
    code: str = ""
    calendar: str = CALENDAR

    def __post_init__(self):
        if self.end < self.start:
            raise PeriodError(_("The period ends before it starts."))

    def previous_year(self) -> Period:
        """The same period one year earlier (29 February becomes 28 February)."""
        start, end = _shift_year(self.start, -1), _shift_year(self.end, -1)
        if re.fullmatch(r"\d{4}-\d{4}", self.code):
            first, last = (int(y) - 1 for y in self.code.split("-"))
            code = f"{first}-{last}"
        elif re.match(r"\d{4}(-|$)", self.code) and ".." not in self.code:
            code = f"{int(self.code[:4]) - 1}{self.code[4:]}"
        else:
            code = f"{start.isoformat()}..{end.isoformat()}"
        label = parse(code, self.calendar).label if code else self.label
        return Period(start, end, label=label, code=code, calendar=self.calendar)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "label": self.label, "code": self.code, "calendar": self.calendar}


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def _window(year: int, first_month: int, last_month: int, cal: str) -> tuple[dt.date, dt.date]:
    """Months first..last of `year` in the chosen calendar."""
    if cal == STATUTORY:
        if first_month == 1:
            return dt.date(year - 1, 12, 15), dt.date(year, last_month, 14)
        return dt.date(year, first_month - 1, 15), dt.date(year, last_month, 14)
    return dt.date(year, first_month, 1), _month_end(year, last_month)


def year(y: int, cal: str = CALENDAR) -> Period:
    start, end = _window(y, 1, 12, cal)
    return Period(start, end, f"{y}", str(y), cal)


def half(y: int, h: int, cal: str = CALENDAR) -> Period:
    start, end = _window(y, 1 if h == 1 else 7, 6 if h == 1 else 12, cal)
    return Period(start, end, f"{'6 tháng đầu năm' if h == 1 else '6 tháng cuối năm'} {y}",
                  f"{y}-H{h}", cal)


def quarter(y: int, q: int, cal: str = CALENDAR) -> Period:
    start, end = _window(y, 3 * q - 2, 3 * q, cal)
    return Period(start, end, f"Quý {q}/{y}", f"{y}-Q{q}", cal)


def nine_months(y: int, cal: str = CALENDAR) -> Period:
    start, end = _window(y, 1, 9, cal)
    return Period(start, end, f"9 tháng năm {y}", f"{y}-9M", cal)


def month(y: int, m: int, cal: str = CALENDAR) -> Period:
    start, end = _window(y, m, m, cal)
    return Period(start, end, f"Tháng {m}/{y}", f"{y}-{m:02d}", cal)


def term(first: int, last: int, cal: str = CALENDAR) -> Period:
    start = year(first, cal).start
    end = year(last, cal).end
    return Period(start, end, f"Nhiệm kỳ {first}–{last}", f"{first}-{last}", cal)


def date_range(start: dt.date, end: dt.date) -> Period:
    return Period(start, end, f"{start:%d/%m/%Y}–{end:%d/%m/%Y}",
                  f"{start.isoformat()}..{end.isoformat()}", CALENDAR)


def parse(code: str, cal: str = CALENDAR) -> Period:
    """Read a period code (see the module docstring) in the given calendar."""
    code = (code or "").strip()
    if cal not in CALENDARS:
        raise PeriodError(_("Unknown calendar “%(calendar)s”.") % {"calendar": cal})
    try:
        if m := re.fullmatch(r"(\d{4})", code):
            return year(int(m[1]), cal)
        if m := re.fullmatch(r"(\d{4})-H([12])", code, re.I):
            return half(int(m[1]), int(m[2]), cal)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", code, re.I):
            return quarter(int(m[1]), int(m[2]), cal)
        if m := re.fullmatch(r"(\d{4})-9M", code, re.I):
            return nine_months(int(m[1]), cal)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", code):
            if not 1 <= int(m[2]) <= 12:
                raise PeriodError(_("There is no month %(month)s.") % {"month": m[2]})
            return month(int(m[1]), int(m[2]), cal)
        if m := re.fullmatch(r"(\d{4})-(\d{4})", code):
            if int(m[2]) < int(m[1]):
                raise PeriodError(_("The term ends before it starts."))
            return term(int(m[1]), int(m[2]), cal)
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", code):
            return date_range(dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2]))
    except PeriodError:
        raise
    except ValueError as error:  # a date that does not exist (2024-02-30)
        raise PeriodError(_("“%(code)s” is not a valid date range.") % {"code": code}) \
            from error
    raise PeriodError(
        _("Unknown period “%(code)s”: use 2024, 2024-H1, 2024-Q3, 2024-9M, 2024-05, 2021-2025 "
          "or 2024-01-01..2024-03-31.") % {"code": code}
    )
