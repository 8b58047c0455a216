"""The lists as an officer uses them, in headless Chromium at 1366x768, in Vietnamese and in
English: through the menu to the petitions, search without diacritics, filters that never
answer with an error, the unit picker searched by typing, saved filters, clear filters and the
empty state, the keyboard (/, j, k, Enter), ticking rows for a bulk assignment, export, the
global search, and the error pages. Screenshots at 1366 and 1920 in var/screenshots/lists-*."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from oversight.accounts.roles import Role
from oversight.petitions import actions as petition_actions
from oversight.petitions.models import Petition
from oversight.units.models import Unit
from tests.browser import MARKS, sign_in

pytestmark = MARKS
SHOTS = Path("var/screenshots")


@pytest.fixture
def desk(make_user):
    """A Quảng Trị officer (who also sees old Quảng Bình), a colleague, and petitions."""
    officer = make_user("quangtri", "quang_tri", roles=(Role.OFFICER, Role.HEAD),
                        display_name="Lê Thị Hoa")
    make_user("ngovanbao", "quang_tri", display_name="Ngô Văn Bảo")
    quang_tri = Unit.objects.get(code="quang_tri")
    quang_binh = Unit.objects.get(code="quang_binh")
    petition_actions.create_petition(
        by=officer, unit=quang_tri, kind="complaint", received_on=dt.date(2025, 9, 3),
        subject="Khiếu nại về bồi thường giải phóng mặt bằng",
        content="Đề nghị xem xét lại mức bồi thường đất nông nghiệp.",
        petitioner={"name": "Dương Thị Mai", "id_number": "044185001111"})
    petition_actions.create_petition(
        by=officer, unit=quang_binh, kind="reflection", received_on=dt.date(2025, 3, 3),
        subject="Phản ánh việc cấp giấy chứng nhận quyền sử dụng đất",
        content="Chậm cấp giấy chứng nhận.", anonymous=True)
    for n in range(3):
        petition_actions.create_petition(
            by=officer, unit=quang_tri, kind="recommendation",
            received_on=dt.date(2025, 10, 1 + n),
            subject=f"Kiến nghị số {n + 1} về đường giao thông",
            content="Kiến nghị sửa đường.", anonymous=True)
    return officer


def _shot(page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"lists-{name}.png"))


def _rows(page) -> list[str]:
    return page.locator("#list-body table[data-list] tbody tr[data-href]").all_inner_texts()


def _open_unit_picker(page) -> None:
    """Open the unit picker and wait for its menu (it renders its groups after the click)."""
    page.click("#id_unit + .ts-wrapper .ts-control")
    page.wait_for_selector(".ts-dropdown .optgroup-header")


def _wait_rows(page, predicate):
    page.wait_for_function(
        "() => !document.querySelector('#list-body.htmx-request, .htmx-request')")
    for _ in range(100):
        if predicate(_rows(page)):
            return
        page.wait_for_timeout(100)
    raise AssertionError(_rows(page))


def test_an_officers_lists_in_vietnamese(browser, desk):
    page = browser(width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, desk, "/")
    # the menu and the search box are laid out at 1366 px, no hamburger
    assert page.is_visible("nav .nav-search") and not page.is_visible("nav .navbar-toggler")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('nav-search')")
    page.keyboard.press("Escape")

    page.locator("nav a.dropdown-toggle", has_text="Đơn thư").click()
    page.get_by_role("link", name="Đơn thư", exact=True).click()
    page.wait_for_url("**/petitions/")
    assert len(_rows(page)) == 5
    _shot(page, "petitions-1366")

    # search without diacritics
    page.keyboard.press("/")
    page.keyboard.type("duong thi mai")
    _wait_rows(page, lambda rows: len(rows) == 1 and "bồi thường" in rows[0])
    page.fill("#id_q", "")
    _wait_rows(page, lambda rows: len(rows) == 5)

    # every status: no form error (the page once answered "status: Hãy chọn…")
    for value in page.locator("#id_status option").evaluate_all("os => os.map(o => o.value)"):
        page.select_option("#id_status", value)
        page.wait_for_timeout(300)
        assert not page.is_visible("#list-body .alert-warning"), value
    page.select_option("#id_status", "")

    # the unit picker: today's units, then those before 1 July 2025; searched by typing
    _open_unit_picker(page)
    groups = page.locator(".ts-dropdown .optgroup-header").all_inner_texts()
    assert groups == ["Đơn vị hiện nay", "Trước 01/7/2025"]
    page.keyboard.type("quang binh")
    page.wait_for_function(  # the picker refreshes its options after a short pause
        "() => document.querySelectorAll('.ts-dropdown .option').length === 1")
    options = page.locator(".ts-dropdown .option:visible").all_inner_texts()
    assert options == ["Quảng Bình → Quảng Trị"]
    _shot(page, "unit-picker-1366")
    page.keyboard.press("Enter")
    _wait_rows(page, lambda rows: len(rows) == 1 and "giấy chứng nhận" in rows[0])

    # save these filters, clear them, bring them back
    page.fill("#id_saved_name", "Đơn Quảng Bình cũ")
    page.get_by_role("button", name="Lưu bộ lọc").click()
    page.wait_for_selector(".saved-filter a:has-text('Đơn Quảng Bình cũ')")
    page.locator("a[data-clear-filters]").first.click()
    page.wait_for_url("**/petitions/")
    assert len(_rows(page)) == 5
    page.click(".saved-filter a:has-text('Đơn Quảng Bình cũ')")
    page.wait_for_load_state()
    assert len(_rows(page)) == 1
    # the list remembers where it was left
    page.goto("/")
    page.goto("/petitions/")
    assert "unit=quang_binh" in page.url and len(_rows(page)) == 1

    # an empty result offers to clear the filters
    page.fill("#id_q", "khong co tu nay")
    page.wait_for_selector("#list-body .list-empty")
    assert page.locator("#list-body .list-empty").inner_text().startswith(
        "Không có kết quả nào khớp với bộ lọc này.")
    _shot(page, "empty-1366")
    # Leaving the search box asks for nothing more: the list already answered the typing, and
    # a second answer could replace this link between the press and the release of a click
    # (it did, before lists.js kept the box's `change` from the form).
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    page.evaluate("window.__asked = 0; document.body.addEventListener("
                  "'htmx:beforeRequest', () => { window.__asked += 1; })")
    page.locator("#id_q").blur()
    page.wait_for_timeout(600)
    assert page.evaluate("window.__asked") == 0
    page.wait_for_selector("#list-body .list-empty a[data-clear-filters]")
    page.locator("#list-body .list-empty a[data-clear-filters]").click()
    page.wait_for_url("**/petitions/")
    assert len(_rows(page)) == 5

    # the keyboard: j, j, k, Enter opens the first row
    first = page.locator("#list-body tbody tr[data-href]").first.get_attribute("data-href")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for key in ("j", "j", "k"):
        page.keyboard.press(key)
    assert page.locator("tr.row-active").get_attribute("data-href") == first
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{first}")
    page.go_back()
    page.wait_for_url("**/petitions/")

    # tick two rows, assign them to a colleague (by full name)
    boxes = page.locator("#list-body input.row-check")
    boxes.nth(0).check()
    boxes.nth(1).check()
    assert page.locator("[data-bulk-count]").inner_text() == "Đã chọn 2"
    page.select_option("#id_bulk_action", "assign")
    page.select_option("#id_bulk_assignee", "ngovanbao")
    _shot(page, "bulk-1366")
    page.get_by_role("button", name="Áp dụng cho các dòng đã chọn").click()
    page.wait_for_selector(".alert-success:has-text('Đã giao xử lý 2 đơn.')")
    assert Petition.objects.filter(assignee__username="ngovanbao").count() == 2
    assert page.locator("#list-body td:has-text('Ngô Văn Bảo')").count() == 2
    # and filter by assignee
    page.select_option("#id_assignee", "ngovanbao")
    _wait_rows(page, lambda rows: len(rows) == 2)

    # export what the list shows
    with page.expect_download() as download:
        page.click("a[data-export='csv']")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    rows, stamp = rows[:-1], rows[-1]  # the last row: the audit chain head, one cell
    assert rows[0][:3] == ["Số", "Tiếp nhận", "Trích yếu"] and len(rows) == 3
    assert len(stamp) == 1 and "#" in stamp[0]

    # the global search: kind, date, unit name, status, the words marked
    page.fill("nav .nav-search", "boi thuong")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=boi+thuong")
    result = page.locator("tr.search-result").first
    assert "Đơn thư" in result.inner_text() and "Quảng Trị" in result.inner_text()
    assert "03/09/2025" in result.inner_text()
    assert result.locator("mark").first.inner_text() == "bồi"
    _shot(page, "search-1366")

    # a page that does not exist: styled, translated, the menu still there
    response = page.goto("/petitions/999999/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
    assert page.is_visible("nav .nav-search")
    _shot(page, "404-1366")

    wide = browser(width=1920)
    wide.set_viewport_size({"width": 1920, "height": 1080})
    sign_in(wide, desk, "/petitions/")
    _shot(wide, "petitions-1920")
    wide.goto("/matters/")
    _shot(wide, "matters-1920")


def test_the_same_in_english(browser, desk):
    page = browser(width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, desk, "/petitions/")
    with page.expect_navigation():
        page.click("nav button[value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.get_by_role("link", name="Clear filters").is_visible()
    page.keyboard.press("/")
    page.keyboard.type("boi thuong")
    _wait_rows(page, lambda rows: len(rows) == 1)
    _open_unit_picker(page)
    assert page.locator(".ts-dropdown .optgroup-header").all_inner_texts() == [
        "Current units", "Before 1 July 2025"]
    page.keyboard.press("Escape")
    page.fill("#id_q", "nothing like this")
    page.wait_for_selector("#list-body .list-empty")
    assert "Nothing matches these filters." in page.locator("#list-body .list-empty").inner_text()
    _shot(page, "empty-en-1366")
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    _shot(page, "404-en-1366")


def test_the_unit_picker_of_a_form(browser, desk):
    """Forms pick units the same way: the receiving unit of a new petition, typed without
    diacritics, today's unit first."""
    page = browser(width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, desk, "/petitions/new/")
    _open_unit_picker(page)
    assert page.locator(".ts-dropdown .optgroup-header").all_inner_texts() == [
        "Đơn vị hiện nay", "Trước 01/7/2025"]
    page.keyboard.type("quang tri")
    page.wait_for_function("() => document.querySelectorAll('.ts-dropdown .option').length"
                           " === 2")
    assert page.locator(".ts-dropdown .option").all_inner_texts() == [
        "Quảng Trị", "Quảng Bình → Quảng Trị"]
    _shot(page, "form-unit-picker-1366")
    page.keyboard.press("Enter")
    assert page.input_value("#id_unit") == str(Unit.objects.get(code="quang_tri").pk)
