"""The working calendar: the one place that says whether a day is worked, and counts days.

Every deadline, overdue check, escalation step and seeded due date in Oversight counts days
with these functions; nothing else calls `weekday()` to decide whether a day is worked.

A day is worked or not by, in this order:

1. an **exception** — a row of the calendar app's `WorkingDay` table: a day off that the
   government announced (e.g. Friday 2 January 2026, 12729/VPCP-KGVX) or a Saturday worked in
   exchange (Saturday 10 January 2026). An exception wins over everything below;
2. the **public holidays** of the Labour Code 2019 (art. 112), as the `holidays` package
   computes them for Vietnam (Lunar New Year included, and its compensatory days);
3. **Saturdays and Sundays** are days off.

How the exceptions are read (this module imports nothing above `core`, and `base.kept`): the
calendar app registers a loader and a signature function with `configure()` at start. The
exceptions are read once into a dict and kept in the process. They are read again

- at once after `invalidate()`, which the calendar app calls on every save or delete of a
  `WorkingDay` in this process (and the recompute job calls before it starts), and
- when another process changed them: at most every `CALENDAR_RECHECK_SECONDS` (setting, 2 s by
  default; 0 turns the re-check off, as the tests do) one cheap query compares the table's
  signature (row count, highest id, latest change) with the one read.

Counting follows the Civil Code 2015 (arts. 147–148): the day of the event that starts a
period is not counted; a period that ends on a day off ends on the next working day.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import holidays

from oversight.base.kept import kept_reads, used

ONE_DAY = dt.timedelta(days=1)
DAY_OFF = "day_off"
WORKING_DAY = "working_day"
# Far enough for any period the law sets (the longest, with extensions and suspensions, is a
# few hundred days); a guard against a loop that could never end on a broken calendar.
MAX_SPAN_DAYS = 20_000


@dataclass(frozen=True)
class Entry:
    """One announced exception: `kind` is DAY_OFF or WORKING_DAY; `basis` the document."""

    day: dt.date
    kind: str
    basis: str = ""
    note: str = ""

    @property
    def working(self) -> bool:
        return self.kind == WORKING_DAY


class _Source:
    """The exceptions of this process, with the loader registered by the calendar app."""

    def __init__(self):
        self.lock = threading.Lock()
        self.load: Callable[[], list[Entry]] = lambda: []
        self.signature: Callable[[], object] = lambda: None
        self.data: dict[dt.date, Entry] | None = None
        self.seen_signature: object = None
        self.checked_at = 0.0

    def exceptions(self) -> dict[dt.date, Entry]:
        """The exceptions, read again when invalidated or changed elsewhere. Whoever records
        a build's reads is told what the build used (`base.kept`): this very dict, replaced
        whenever the exceptions are read again."""
        with kept_reads():
            data = self.data
            if data is not None and self._recheck_due():
                self.checked_at = time.monotonic()
                if self.signature() != self.seen_signature:
                    data = None
            if data is None:
                with self.lock:
                    signature = self.signature()
                    data = {e.day: e for e in self.load()}
                    self.data, self.seen_signature = data, signature
                    self.checked_at = time.monotonic()
        used(self.exceptions, data)
        return data

    def _recheck_due(self) -> bool:
        try:
            from django.conf import settings

            every = float(getattr(settings, "CALENDAR_RECHECK_SECONDS", 2))
        except Exception:  # noqa: BLE001 — settings not configured: plain Python use
            every = 0
        return every > 0 and time.monotonic() - self.checked_at >= every


_source = _Source()


def configure(load: Callable[[], list[Entry]], signature: Callable[[], object]) -> None:
    """Register where the exceptions come from (the calendar app does, in `ready()`)."""
    _source.load, _source.signature = load, signature
    invalidate()


def invalidate() -> None:
    """Forget the exceptions read; the next question reads them again."""
    _source.data = None


def exceptions() -> dict[dt.date, Entry]:
    """Every exception, by date."""
    return _source.exceptions()


@lru_cache(maxsize=128)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("VN", years=[year]).keys())


def _language(language: str | None) -> str:
    return "en_US" if (language or "vi").startswith("en") else "vi"


def public_holidays(year: int, language: str | None = None) -> list[tuple[dt.date, str]]:
    """The Labour Code holidays of `year` per the `holidays` package, named in `language`
    ("vi" by default, "en")."""
    return sorted(holidays.country_holidays("VN", years=[year],
                                            language=_language(language)).items())


def public_holiday_name(day: dt.date, language: str | None = None) -> str | None:
    """The Labour Code holiday on `day` per the `holidays` package, if any."""
    return holidays.country_holidays("VN", years=[day.year],
                                     language=_language(language)).get(day)


def day_of_week(day: dt.date) -> int:
    """0 Monday … 6 Sunday. The one call of `weekday()` in Oversight (tests/core/
    test_one_calendar.py): names of days and weekend checks go through here."""
    return day.weekday()


def iso_day_of_week(day: dt.date) -> int:
    """1 Monday … 7 Sunday (ISO 8601), for the API."""
    return day_of_week(day) + 1


def is_weekend(day: dt.date) -> bool:
    """A Saturday or a Sunday — before holidays and announced exceptions; whether a day is
    worked is `is_working_day`."""
    return day_of_week(day) >= 5


def is_base_day_off(day: dt.date) -> bool:
    """Off before the exceptions: a Saturday, a Sunday or a public holiday."""
    return is_weekend(day) or day in _public_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    found = exceptions().get(day)
    if found is not None:
        return found.working
    return not is_base_day_off(day)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is worked, else the first working day after it."""
    limit = day + dt.timedelta(days=MAX_SPAN_DAYS)
    while not is_working_day(day):
        day += ONE_DAY
        if day > limit:
            raise ValueError("no working day in the calendar after this date")
    return day


def last_working_day_before(day: dt.date) -> dt.date:
    """The last working day strictly before `day`."""
    day -= ONE_DAY
    limit = day - dt.timedelta(days=MAX_SPAN_DAYS)
    while not is_working_day(day):
        day -= ONE_DAY
        if day < limit:
            raise ValueError("no working day in the calendar before this date")
    return day


Skip = Callable[[dt.date], bool]


def _never(_day: dt.date) -> bool:
    return False


def add_working_days(start: dt.date, days: int, skip: Skip = _never) -> dt.date:
    """The `days`-th working day after `start` (the start day is not counted). Days for which
    `skip(day)` is true (a suspension) are not counted either."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, remaining = start, days
    limit = start + dt.timedelta(days=MAX_SPAN_DAYS)
    while remaining:
        day += ONE_DAY
        if day > limit:
            raise ValueError("period too long for the calendar")
        if is_working_day(day) and not skip(day):
            remaining -= 1
    return day


def end_of_days(start: dt.date, days: int, skip: Skip = _never) -> dt.date:
    """The `days`-th day after `start`, not counting days for which `skip(day)` is true; not
    rolled to a working day (see `add_calendar_days`)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, remaining = start, days
    limit = start + dt.timedelta(days=MAX_SPAN_DAYS)
    while remaining:
        day += ONE_DAY
        if day > limit:
            raise ValueError("period too long for the calendar")
        if not skip(day):
            remaining -= 1
    return day


def add_calendar_days(start: dt.date, days: int, skip: Skip = _never) -> dt.date:
    """`start` + `days` (skipped days not counted), moved once to the next working day if that
    is a day off (Civil Code art. 148)."""
    return next_working_day(end_of_days(start, days, skip))


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier
    (then minus the working days after `end` up to and including `start`).

    "Days left" before a deadline: `working_days_between(today, due)` (0 on the day itself);
    "working days overdue": `working_days_between(due, today)`."""
    if end < start:
        return -working_days_between(end, start)
    span = (end - start).days
    if span > MAX_SPAN_DAYS:
        raise ValueError("span too long for the calendar")
    # Counted, not walked day by day (a list of 50 overdue deadlines walked ~45,000 days):
    # the weekdays, less the public holidays on a weekday, then the exceptions announced.
    weeks, rest = divmod(span, 7)
    count = 5 * weeks + sum(1 for i in range(span - rest + 1, span + 1)
                            if not is_weekend(start + dt.timedelta(days=i)))
    for year in range(start.year, end.year + 1):
        count -= sum(1 for day in _public_holidays(year)
                     if day.year == year and start < day <= end and not is_weekend(day))
    for day, entry in exceptions().items():
        if start < day <= end and entry.working == is_base_day_off(day):
            count += 1 if entry.working else -1
    return count


def lapsed(due: dt.date, today: dt.date) -> bool:
    """Whether a deadline `due` has passed on `today`: its last day (rolled to a working day
    if `due` is a day off) ended before `today`."""
    return next_working_day(due) < today


def overdue_cutoff(today: dt.date) -> dt.date:
    """The first date that has NOT lapsed on `today`: `lapsed(due, today)` ⟺ `due < cutoff`.
    For database filters (`due_on__lt=overdue_cutoff(today)`)."""
    return last_working_day_before(today) + ONE_DAY


def exceptions_between(first: dt.date, last: dt.date) -> list[Entry]:
    """The exceptions dated `first` … `last` (both included), in date order."""
    return sorted((e for d, e in exceptions().items() if first <= d <= last),
                  key=lambda e: e.day)
