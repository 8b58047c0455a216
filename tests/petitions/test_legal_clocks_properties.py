"""The settlement deadline of a petition (the deadline engine through the actions: acceptance,
suspension, resumption, extension) against the independent counter of
tests/workcalendar/conftest.py, which imports nothing of the engine (issue 14): random dates
over 2024–2026 (the actions refuse future dates) with every announced exception, suspension
across Tết, and an extension refused once the (rolled) deadline has passed."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oversight.core.errors import RuleError
from oversight.petitions import actions

D = dt.date
DAY = dt.timedelta(days=1)
pytestmark = pytest.mark.django_db
FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture],
                    max_examples=40, deadline=None)


@pytest.fixture
def denunciation(accepted_petition):
    def make(accepted_on, complexity="especially_complex"):
        return accepted_petition(kind="denunciation", received_on=accepted_on - 3 * DAY,
                                 on=accepted_on, complexity=complexity)
    return make


@FIXTURES
@given(accepted=st.dates(min_value=D(2024, 1, 3), max_value=D(2026, 6, 30)),
       stop_after=st.integers(min_value=0, max_value=29),
       length=st.integers(min_value=1, max_value=40),
       extension=st.integers(min_value=1, max_value=30))
def test_suspension_and_extension_agree_with_the_counter(denunciation, naive, accepted,
                                                         stop_after, length, extension):
    p = denunciation(accepted)
    assert p.settlement_due == naive.days_after(accepted, 30)
    stop = accepted + stop_after * DAY
    resume = stop + length * DAY
    p = actions.suspend(p, by=None, reason="Chờ kết quả giám định", on=stop)
    assert p.settlement_due is None and not p.is_overdue
    p = actions.resume(p, by=None, on=resume)

    def suspended(day):
        return stop <= day < resume

    due = naive.days_after(accepted, 30, suspended)
    assert p.settlement_due == due
    p = actions.extend(p, by=None, days=extension, reason="Đặc biệt phức tạp", on=resume)
    due = naive.days_after(accepted, 30 + extension, suspended)
    assert p.settlement_due == due
    # the second extension decided the day after the deadline is refused, on the day allowed
    with pytest.raises(RuleError) as refused:
        actions.extend(p, by=None, days=10, reason="Lần hai", on=due + DAY)
    assert refused.value.field == "on"
    p.refresh_from_db()
    assert p.settlement_due == due and len(p.extensions) == 1
    p = actions.extend(p, by=None, days=10, reason="Lần hai", on=due)
    assert p.settlement_due == naive.days_after(accepted, 40 + extension, suspended)


def test_suspension_across_tet_2026(denunciation, naive):
    """Accepted 26/1/2026 (due 25/2, after Tết 14–22/2); suspended 10/2, resumed 24/2: the
    14 days 10/2–23/2 are not counted, so 11/3/2026."""
    p = denunciation(D(2026, 1, 26), "normal")
    assert p.settlement_due == D(2026, 2, 25)
    p = actions.suspend(p, by=None, reason="Chờ cơ quan khác trả lời", on=D(2026, 2, 10))
    p = actions.resume(p, by=None, on=D(2026, 2, 24))
    assert p.settlement_due == D(2026, 3, 11) == naive.days_after(
        D(2026, 1, 26), 30, lambda d: D(2026, 2, 10) <= d < D(2026, 2, 24))


def test_an_extension_refused_after_a_deadline_rolled_over_tet(denunciation, naive):
    """Accepted 15/1/2026: 30 days end Saturday 14/2, in Tết; the deadline is Monday 23/2.
    An extension decided 24/2 is refused; decided 23/2 it counts from acceptance (60 days:
    16/3/2026), not from the rolled 23/2 (which would give 25/3)."""
    p = denunciation(D(2026, 1, 15), "complex")
    assert p.settlement_due == D(2026, 2, 23)
    with pytest.raises(RuleError) as refused:
        actions.extend(p, by=None, days=30, reason="Phức tạp", on=D(2026, 2, 24))
    assert refused.value.field == "on" and "23/02/2026" in str(refused.value.message)
    p = actions.extend(p, by=None, days=30, reason="Phức tạp", on=D(2026, 2, 23))
    assert p.settlement_due == D(2026, 3, 16) == naive.days_after(D(2026, 1, 15), 60)
