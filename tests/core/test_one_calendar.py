"""One calendar (issue 14): no code under src/ asks a date for its day of the week on its own.

Whether a day is worked depends on the government's announced exceptions (core/calendar.py);
code that tests `day.weekday() >= 5` gets Saturday 10/1/2026 (worked) and Friday 2/1/2026
(off) wrong. So every `weekday()` / `isoweekday()` call lives in core/calendar.py, and the
rest of the code calls `calendar.is_working_day`, `calendar.is_weekend` or
`calendar.day_of_week`. The scan reads the syntax tree, so a word in a comment or a docstring
is not a call, and `date.weekday(day)` or `getattr(day, "weekday")()` is.
"""

from __future__ import annotations

import ast
from pathlib import Path

import oversight

SRC = Path(oversight.__file__).resolve().parent
ALLOWED = {SRC / "core" / "calendar.py"}
NAMES = {"weekday", "isoweekday"}


def calls_of_weekday(source: str) -> list[int]:
    """Line numbers of every call of a `weekday`/`isoweekday` attribute (or of getattr with
    that name) in `source`."""
    def named(value) -> bool:
        return isinstance(value, ast.Constant) and value.value in NAMES

    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        direct = isinstance(func, ast.Attribute) and func.attr in NAMES
        by_getattr = (isinstance(func, ast.Call) and isinstance(func.func, ast.Name)
                      and func.func.id == "getattr" and len(func.args) >= 2
                      and named(func.args[1]))
        by_caller = (isinstance(func, ast.Attribute) and func.attr == "methodcaller"
                     and bool(node.args) and named(node.args[0]))
        if direct or by_getattr or by_caller:
            lines.append(node.lineno)
    return sorted(lines)


def test_no_weekday_outside_the_calendar():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path in ALLOWED or "migrations" in path.parts:
            continue
        for line in calls_of_weekday(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(SRC)}:{line}")
    assert found == [], ("use oversight.core.calendar (is_working_day, is_weekend, "
                         "day_of_week) instead of weekday(): " + ", ".join(found))


def test_the_scan_sees_every_form_of_the_call():
    """Control: the scanner finds the forms an offender would write, and not the word in a
    comment, a docstring or a string."""
    offending = (
        "import datetime as dt, operator\n"
        "weekend = day.weekday() >= 5\n"                      # 2
        "iso = obj.date.isoweekday()\n"                       # 3
        "n = dt.date.weekday(day)\n"                          # 4
        "m = getattr(day, 'weekday')()\n"                     # 5
        "f = operator.methodcaller('isoweekday')\n"           # 6
    )
    assert calls_of_weekday(offending) == [2, 3, 4, 5, 6]
    harmless = (
        '"""Nothing here calls weekday() on its own."""\n'
        "# day.weekday() >= 5 would be wrong\n"
        "label = 'isoweekday()'\n"
        "from oversight.core import calendar\n"
        "weekend = calendar.is_weekend(day)\n"
    )
    assert calls_of_weekday(harmless) == []


def test_the_calendar_itself_is_scanned_and_allowed():
    """Control: the allowed file does call weekday() (so the scan would see it), and the
    names the rest of the code uses agree with it."""
    import datetime as dt

    from oversight.core import calendar

    assert calls_of_weekday((SRC / "core" / "calendar.py").read_text(encoding="utf-8"))
    saturday, friday = dt.date(2026, 1, 10), dt.date(2026, 1, 2)
    assert calendar.is_weekend(saturday) and not calendar.is_weekend(friday)
    assert calendar.day_of_week(saturday) == 5 and calendar.iso_day_of_week(saturday) == 6
