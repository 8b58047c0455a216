"""The official calendar as an officer sees it (issue 14), in headless Chromium at 1366x768 in
Vietnamese: the calendar page lists 2026's announced exceptions with their document, and a
petition's deadline table names the exceptions that moved its date ("Thứ Bảy 10/01/2026 là
ngày làm việc: Công văn 12729/VPCP-KGVX"), without a horizontal scroll. Screenshots in
var/screenshots/calendar-*.png."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from oversight.petitions import actions
from oversight.units.models import Unit
from tests.browser import MARKS, sign_in

pytestmark = MARKS
SHOTS = Path("var/screenshots")


@pytest.fixture
def officer(make_user):
    return make_user("nghean", "nghe_an", display_name="Trần Văn Nam")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_calendar_page_and_a_deadline_moved_by_the_announcement(browser, officer):
    # received Monday 29/12/2025: ten working days, Friday 2/1 off and Saturday 10/1 worked,
    # end on Tuesday 13/1/2026 (the package alone gives 14/1)
    petition = actions.create_petition(
        by=officer, unit=Unit.objects.get(code="nghe_an"), kind="complaint",
        received_on=dt.date(2025, 12, 29), subject="Khiếu nại về bồi thường đất",
        content="Đề nghị xem xét lại quyết định thu hồi đất.",
        petitioner={"name": "Nguyễn Văn Hùng", "id_number": "040085001234"})
    assert petition.processing_due == dt.date(2026, 1, 13)
    page = browser(width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, officer, "/calendar/")
    page.goto("/calendar/?year=2026")
    rows = page.locator("table tbody tr").all_inner_texts()
    worked = [r for r in rows if "10/01/2026" in r]
    assert worked and "12729/VPCP-KGVX" in worked[0] and "Ngày làm việc" in worked[0]
    assert any("02/01/2026" in r and "Ngày nghỉ" in r for r in rows)
    assert _fits(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "calendar-2026.png"), full_page=True)

    page.goto(f"/petitions/{petition.pk}/")
    notes = page.locator(".calendar-exception").all_inner_texts()
    # "Thứ 7 10/01/2026 là ngày làm việc: Công văn 12729/VPCP-KGVX (2025)"
    assert any("10/01/2026 là ngày làm việc: " in n and "12729/VPCP-KGVX" in n
               for n in notes), notes
    assert any("02/01/2026 là ngày nghỉ: " in n and "12729/VPCP-KGVX" in n for n in notes), notes
    assert page.get_by_text("13/01/2026").first.is_visible()
    assert page.locator(".calendar-exception").first.is_visible()
    assert _fits(page)
    page.locator(".calendar-exception").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "calendar-deadline-table.png"))
