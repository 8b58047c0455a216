import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oversight.reports.periods import PeriodError, parse

D = dt.date


@pytest.mark.parametrize("code,start,end", [
    ("2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("2024-H1", D(2024, 1, 1), D(2024, 6, 30)),
    ("2024-H2", D(2024, 7, 1), D(2024, 12, 31)),
    ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31)),
    ("2024-9M", D(2024, 1, 1), D(2024, 9, 30)),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
    ("2021-2025", D(2021, 1, 1), D(2025, 12, 31)),
    ("2024-01-10..2024-03-31", D(2024, 1, 10), D(2024, 3, 31)),
])
def test_calendar_periods(code, start, end):
    period = parse(code)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("code,start,end", [
    ("2024", D(2023, 12, 15), D(2024, 12, 14)),
    ("2024-Q1", D(2023, 12, 15), D(2024, 3, 14)),
    ("2024-Q2", D(2024, 3, 15), D(2024, 6, 14)),
    ("2024-Q3", D(2024, 6, 15), D(2024, 9, 14)),
    ("2024-Q4", D(2024, 9, 15), D(2024, 12, 14)),
    ("2024-H1", D(2023, 12, 15), D(2024, 6, 14)),
    ("2024-9M", D(2023, 12, 15), D(2024, 9, 14)),
])
def test_statutory_periods(code, start, end):
    period = parse(code, "statutory")
    assert (period.start, period.end) == (start, end)


def test_previous_year():
    previous = parse("2024-H1").previous_year()
    assert (previous.start, previous.end, previous.code) == (D(2023, 1, 1), D(2023, 6, 30),
                                                             "2023-H1")
    assert parse("2024-02").previous_year().end == D(2023, 2, 28)


@pytest.mark.parametrize("bad", ["", "24", "2024-13", "2024-Q5", "2025-2021", "2024-02-30..x"])
def test_bad_codes(bad):
    with pytest.raises(PeriodError):
        parse(bad)


@given(st.integers(2000, 2100), st.sampled_from(["calendar", "statutory"]))
def test_quarters_tile_the_year(year, cal):
    quarters = [parse(f"{year}-Q{q}", cal) for q in range(1, 5)]
    whole = parse(str(year), cal)
    assert quarters[0].start == whole.start and quarters[-1].end == whole.end
    for a, b in zip(quarters, quarters[1:], strict=False):
        assert b.start == a.end + dt.timedelta(days=1)
    assert sum(q.days for q in quarters) == whole.days
