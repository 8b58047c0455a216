"""A direction from the central level reaches its addressee (issue 13), in headless Chromium
at 1366x768 in Vietnamese: the successor of the province addressed (Quảng Trị for old Quảng
Bình) opens the direction, asks for more time and reports it done; the central officer sees
the request, grants it and reads the report in the history. Screenshots in
var/screenshots/direction-*.png."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from oversight.matters import actions
from oversight.units.models import Unit
from tests.browser import MARKS, sign_in

pytestmark = MARKS
SHOTS = Path("var/screenshots")


@pytest.fixture
def direction(db):
    return actions.issue_direction(
        by=None, unit=Unit.objects.get(code="central"),
        addressee=Unit.objects.get(code="quang_binh"),
        text="Báo cáo kết quả rà soát các vụ án tham nhũng đất đai",
        issued_on=dt.date(2024, 4, 1), due_on=dt.date(2030, 6, 30))


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_successor_asks_for_time_and_reports_the_issuer_decides(browser, direction,
                                                                     make_user):
    successor = make_user("qt_officer", "quang_tri", display_name="Lê Thị Hoa")
    issuer = make_user("central_officer", "central", display_name="Phạm Văn Đức")
    page = browser(width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    url = f"/directions/{direction.pk}/"
    sign_in(page, successor, url)
    page.goto(url)
    assert page.locator("#reply-card").is_visible()
    assert page.locator("#extension-card").is_visible()
    assert page.get_by_text("Đôn đốc cơ quan được giao").count() == 0  # the issuer's action
    page.fill("#extension-card input[name=until]", "2031-03-31")
    page.fill("#extension-card textarea[name=reason]", "Chờ kết quả giám định")
    page.click("#send-extension")
    page.wait_for_selector("#extension-waiting")
    assert "31/03/2031" in page.locator("#extension-waiting").inner_text()
    assert _fits(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "direction-addressee.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, issuer, url)
    page.goto(url)
    assert page.locator("#reply-card").count() == 0
    assert "Chờ kết quả giám định" in page.locator("#decide-card").inner_text()
    page.click("#decide-extension")
    page.wait_for_selector("#direction-history")
    assert "31/03/2031" in page.locator("dl").inner_text()
    page.screenshot(path=str(SHOTS / "direction-issuer.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, successor, url)
    page.goto(url)
    page.fill("#reply-card textarea[name=text]", "Đã rà soát xong 12 vụ án")
    page.check("#reply-card input[name=done]")
    page.click("#send-reply")
    page.wait_for_selector("#direction-history")
    history = page.locator("#direction-history").inner_text()
    # in sentences (issue 15): "… (Ban Nội chính …) báo cáo đã thực hiện xong chỉ đạo"
    assert "báo cáo đã thực hiện xong chỉ đạo" in history
    assert "Đã rà soát xong 12 vụ án" in history
    assert "đồng ý gia hạn" in history
    assert page.locator("#reply-card").count() == 0
    assert _fits(page)
