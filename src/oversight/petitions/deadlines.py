"""The law's time limits: rule selection and the periods they set. Plain Python, no web imports.

Days are counted on the official working calendar, `oversight.core.calendar` (weekends, the
Labour Code's holidays, and the days off and worked Saturdays the government announces): the
day of receipt or acceptance is not counted; a period in working days counts working days; a
period in calendar days that ends on a day off ends on the next working day (Civil Code
arts. 147–148).

Extensions (Law on Denunciations 2018, art. 30) are counted as ONE period from acceptance:
base days + every extension's days, and the end is rolled to a working day once. Rolling the
base deadline first and counting the extension from the rolled date would add days the law
does not give (an especially complex denunciation accepted 4/3/2025 with two 30-day
extensions is due 2/6/2025, not 4/6/2025).

Suspension (Law on Denunciations 2018, art. 31(2): "thời gian tạm đình chỉ không tính vào
thời hạn giải quyết"): the days from the suspension date to the day before resumption are not
counted in the settlement period. While a suspension is open the settlement deadline is not
known (None): the petition is not overdue. See docs/legal-clocks.md for what we know of the
texts and what the code assumes.

The rules themselves are data (`DeadlineRule` rows, Vietnam's defaults loaded by a migration);
this module receives them as `RuleSpec`s and picks, for each deadline field, the most specific
rule that applies to a petition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from oversight.core import calendar

WORKING = "working"
CALENDAR = "calendar"
RECEIPT = "receipt"
ACCEPTANCE = "acceptance"
DECISION_KNOWN = "decision_known"
SETTLEMENT = "settlement_due"
FILING = "filing_due"
FIELDS = ("processing_due", "transfer_due", "notice_due", "acceptance_due", "settlement_due",
          "filing_due")


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
    suspension_allowed: bool = False
    suspension_basis: str = ""
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
    """What the rules look at; dates of the steps that start the periods.

    `suspensions`: (suspended on, resumed on or None while still suspended), in any order."""

    kind: str
    received_on: dt.date
    accepted_on: dt.date | None = None
    complaint_round: int = 1
    complexity: str = "normal"
    remote_area: bool = False
    multi_location: bool = False
    extensions: tuple[int, ...] = field(default=())
    suspensions: tuple[tuple[dt.date, dt.date | None], ...] = field(default=())
    decision_known_on: dt.date | None = None

    @property
    def suspended_since(self) -> dt.date | None:
        open_ = [start for start, end in self.suspensions if end is None]
        return min(open_) if open_ else None

    def suspended_days(self, resumed_on: dt.date | None = None) -> int:
        """Days not counted (from each suspension date to the day before resumption); an open
        suspension counts as resumed on `resumed_on` (none if not given)."""
        total = 0
        for start, end in self.suspensions:
            end = end or resumed_on
            if end is not None and end > start:
                total += (end - start).days
        return total


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
    """A deadline, the rule that set it, and the calendar exceptions its count met
    (`exceptions`: announced days off and worked days inside the counted days, or on the end
    day and the days it was rolled over)."""

    field: str
    due: dt.date | None
    rule: RuleSpec | None
    exceptions: tuple[calendar.Entry, ...] = ()
    suspended_since: dt.date | None = None
    suspended_days: int = 0


def _start(rule: RuleSpec, case: PetitionFacts) -> dt.date | None:
    return {RECEIPT: case.received_on, ACCEPTANCE: case.accepted_on,
            DECISION_KNOWN: case.decision_known_on}.get(rule.start)


def _skipper(suspensions, resumed_on: dt.date | None):
    spans = [(s, e or resumed_on) for s, e in suspensions]
    if not spans:
        return lambda _day: False
    return lambda day: any(s <= day and (e is None or day < e) for s, e in spans)


def period_end(rule: RuleSpec, start: dt.date, extra_days: int = 0,
               suspensions=(), resumed_on: dt.date | None = None
               ) -> tuple[dt.date, tuple[calendar.Entry, ...]]:
    """The end of `rule`'s period from `start`, with `extra_days` (extensions, in days) added
    to it as one period, skipping suspended days; and the exceptions that the count met."""
    skip = _skipper(suspensions, resumed_on)
    if rule.count == WORKING:
        base = calendar.add_working_days(start, rule.days, skip)
        met = calendar.exceptions_between(start + calendar.ONE_DAY, base)
        if not extra_days:
            return base, tuple(met)
        start, days = base, extra_days
    else:
        met, days = [], rule.days + extra_days
    end = calendar.end_of_days(start, days, skip)
    due = calendar.next_working_day(end)
    met += calendar.exceptions_between(end, due)
    return due, tuple(met)


def compute(rules: Sequence[RuleSpec], case: PetitionFacts,
            resumed_on: dt.date | None = None) -> dict[str, Deadline]:
    """Every deadline field → its date (None when the step does not apply, has not started,
    or its period is suspended) and the rule that set it. Extensions and suspensions move the
    settlement deadline; `resumed_on` treats an open suspension as resumed on that date (to
    show "if resumed today")."""
    result = {}
    for name in FIELDS:
        rule = pick_rule(rules, name, case)
        start = _start(rule, case) if rule is not None else None
        if start is None:
            result[name] = Deadline(name, None, rule)
            continue
        if name != SETTLEMENT:
            due, met = period_end(rule, start)
            result[name] = Deadline(name, due, rule, met)
            continue
        since = case.suspended_since
        if since is not None and resumed_on is None:
            result[name] = Deadline(name, None, rule, (), since, case.suspended_days())
            continue
        due, met = period_end(rule, start, sum(case.extensions), case.suspensions, resumed_on)
        result[name] = Deadline(name, due, rule, met, since,
                                case.suspended_days(resumed_on))
    return result


# Why an extension is refused (the action turns each into a message).
NO_RULE, COUNT, DAYS, MAX_DAYS, AFTER_DEADLINE, SUSPENDED, NOT_RUNNING = (
    "no_rule", "count", "days", "max_days", "after_deadline", "suspended", "not_running")


def check_extension(rule: RuleSpec | None, used: Sequence[int], days: int | None = None,
                    on: dt.date | None = None, current_due: dt.date | None = None,
                    suspended: bool = False) -> str | None:
    """Why an extension is refused, or None if the rule allows it: none left, too many days,
    decided after the current deadline (an extension is decided before the settlement
    deadline passes), or the settlement is suspended. `days` None: any allowed number."""
    if rule is None or rule.extensions_allowed == 0:
        return NO_RULE
    if len(used) >= rule.extensions_allowed:
        return COUNT
    if suspended:
        return SUSPENDED
    if on is not None and current_due is not None and on > current_due:
        return AFTER_DEADLINE
    if days is not None and days < 1:
        return DAYS
    if days is not None and days > rule.extension_max_days:
        return MAX_DAYS
    return None


def filed_late(case: PetitionFacts, filing_due: dt.date | None) -> bool:
    """A complaint received after its filing window ended (Law on Complaints 2011, art. 9)."""
    return filing_due is not None and case.received_on > filing_due


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
