"""The law's time limits: day counting and rule selection. Plain Python, no web imports.

Counting follows the Civil Code (arts. 147–148): the day of receipt or acceptance is not
counted; a period in working days skips Saturdays, Sundays and public holidays; a period in
calendar days that ends on a non-working day ends on the next working day. Public holidays
come from the `holidays` package's Vietnam calendar (Lunar New Year included).

The rules themselves are data (`DeadlineRule` rows, Vietnam's defaults loaded by a migration);
this module receives them as `RuleSpec`s and picks, for each deadline field, the most specific
rule that applies to a petition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)
WORKING = "working"
CALENDAR = "calendar"
RECEIPT = "receipt"
ACCEPTANCE = "acceptance"
FIELDS = ("processing_due", "transfer_due", "notice_due", "acceptance_due", "settlement_due")


@lru_cache(maxsize=64)
def _vn_year(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("VN", years=[year]).keys())


def is_vn_holiday(day: dt.date) -> bool:
    return day in _vn_year(day.year)


def is_working_day(day: dt.date, is_holiday: Callable[[dt.date], bool] = is_vn_holiday) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: dt.date, is_holiday: Callable[[dt.date], bool] = is_vn_holiday):
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, is_holiday):
        day += ONE_DAY
    return day


def add_working_days(start: dt.date, days: int,
                     is_holiday: Callable[[dt.date], bool] = is_vn_holiday) -> dt.date:
    """The `days`-th working day after `start` (the start day itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += ONE_DAY
        if is_working_day(day, is_holiday):
            remaining -= 1
    return day


def add_calendar_days(start: dt.date, days: int,
                      is_holiday: Callable[[dt.date], bool] = is_vn_holiday) -> dt.date:
    """`start` + `days`, moved to the next working day if that is a day off."""
    if days < 0:
        raise ValueError("days must not be negative")
    return next_working_day(start + dt.timedelta(days=days), is_holiday)


def add_days(start: dt.date, days: int, count: str,
             is_holiday: Callable[[dt.date], bool] = is_vn_holiday) -> dt.date:
    if count == WORKING:
        return add_working_days(start, days, is_holiday)
    return add_calendar_days(start, days, is_holiday)


@dataclass(frozen=True)
class RuleSpec:
    """One time limit. Empty `kinds`/`complexities` and None conditions match anything."""

    code: str
    field: str
    days: int
    count: str = WORKING
    start: str = RECEIPT
    kinds: frozenset[str] = frozenset()
    complaint_round: int | None = None
    complexities: frozenset[str] = frozenset()
    remote_area: bool | None = None
    multi_location: bool | None = None
    extensions_allowed: int = 0
    extension_max_days: int = 0
    label: str = ""
    legal_basis: str = ""

    def applies(self, case: PetitionFacts) -> bool:
        return (
            (not self.kinds or case.kind in self.kinds)
            and (self.complaint_round is None or case.complaint_round == self.complaint_round)
            and (not self.complexities or case.complexity in self.complexities)
            and (self.remote_area is None or case.remote_area == self.remote_area)
            and (self.multi_location is None or case.multi_location == self.multi_location)
        )

    @property
    def specificity(self) -> int:
        return sum((
            bool(self.kinds), self.complaint_round is not None, bool(self.complexities),
            self.remote_area is not None, self.multi_location is not None,
        ))


@dataclass(frozen=True)
class PetitionFacts:
    """What the rules look at; dates of the steps that start the periods."""

    kind: str
    received_on: dt.date
    accepted_on: dt.date | None = None
    complaint_round: int = 1
    complexity: str = "normal"
    remote_area: bool = False
    multi_location: bool = False
    extensions: tuple[int, ...] = field(default=())


def pick_rule(rules: Iterable[RuleSpec], field_name: str, case: PetitionFacts) -> RuleSpec | None:
    """The most specific rule for `field_name` that applies (first one on a tie)."""
    best = None
    for rule in rules:
        if (rule.field == field_name and rule.applies(case)
                and (best is None or rule.specificity > best.specificity)):
            best = rule
    return best


@dataclass(frozen=True)
class Deadline:
    field: str
    due: dt.date | None
    rule: RuleSpec | None


def compute(rules: Sequence[RuleSpec], case: PetitionFacts,
            is_holiday: Callable[[dt.date], bool] = is_vn_holiday) -> dict[str, Deadline]:
    """Every deadline field → its date (None when the step does not apply or has not started)
    and the rule that set it. Extensions (days each) move the settlement deadline."""
    result = {}
    for name in FIELDS:
        rule = pick_rule(rules, name, case)
        due = None
        if rule is not None:
            start = case.received_on if rule.start == RECEIPT else case.accepted_on
            if start is not None:
                due = add_days(start, rule.days, rule.count, is_holiday)
                if name == "settlement_due":
                    for extra in case.extensions:
                        due = add_calendar_days(due, extra, is_holiday)
        result[name] = Deadline(name, due, rule)
    return result


def check_extension(rule: RuleSpec | None, used: Sequence[int], days: int) -> str | None:
    """Why an extension of `days` is refused, or None if the rule allows it."""
    if rule is None:
        return "no_rule"
    if days < 1:
        return "days"
    if len(used) >= rule.extensions_allowed:
        return "count"
    if days > rule.extension_max_days:
        return "max_days"
    return None


def months_without(days: Iterable[dt.date], first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months between `first` and `last` with none of `days` in them."""
    seen = {(d.year, d.month) for d in days}
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if (year, month) not in seen:
            months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
