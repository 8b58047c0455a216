"""An appraisal past its due date shows an overdue mark (on the official calendar)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from oversight.core import calendar
from oversight.people import actions
from oversight.units.models import Unit


def _appraisal(due_on):
    return actions.create_appraisal(
        by=None, unit=Unit.objects.get(code="nghe_an"), requesting_body="Ban Tổ chức Tỉnh ủy",
        purpose="appointment", received_on=due_on - dt.timedelta(days=20), due_on=due_on)


def test_overdue_mark_on_the_page(web, nghean):
    today = timezone.localdate()
    late = _appraisal(calendar.last_working_day_before(calendar.last_working_day_before(today)))
    on_time = _appraisal(calendar.add_working_days(today, 3))
    assert late.is_overdue and not on_time.is_overdue
    page = web(nghean).get(f"/appraisals/{late.pk}/").content.decode()
    assert "appraisal-overdue" in page and "quá hạn" in page
    assert "appraisal-overdue" not in web(nghean).get(f"/appraisals/{on_time.pk}/").content.decode()
    actions.give_opinion(late, by=nghean, opinion="Đủ tiêu chuẩn")
    late.refresh_from_db()
    assert not late.is_overdue
    assert "appraisal-overdue" not in web(nghean).get(f"/appraisals/{late.pk}/").content.decode()
