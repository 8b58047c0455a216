"""My work, assignment and notifications as a head and an officer use them, in headless
Chromium at 1366x768, in Vietnamese and in English: the head signs in and lands on /my/, sees the
unit's workload, reassigns an officer's records in bulk; the officer sees the count in the
menu, opens the notice (marked read) and lands on the petition, whose timeline reads in
sentences. Screenshots in var/screenshots/desk-*."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from oversight.accounts.roles import Role
from oversight.base.acting import acting
from oversight.core.models import Notification
from oversight.petitions import actions
from oversight.petitions.models import Petition
from oversight.units.models import Unit
from tests.browser import MARKS

pytestmark = MARKS
SHOTS = Path("var/screenshots")


@pytest.fixture
def desk(make_user):
    head = make_user("truong", "nghe_an", roles=(Role.OFFICER, Role.HEAD),
                     display_name="Trần Thị Bình")
    an = make_user("an", "nghe_an", display_name="Nguyễn Văn An")
    make_user("cuong", "nghe_an", display_name="Lê Văn Cường")
    unit = Unit.objects.get(code="nghe_an")
    today = timezone.localdate()
    with acting(user=head):  # the audit trail names her, as her requests would
        for n, days in enumerate((2, 6, 40)):
            p = actions.create_petition(
                by=head, unit=unit, kind="denunciation",
                received_on=today - dt.timedelta(days=days),
                subject=f"Tố cáo cán bộ địa chính xã số {n + 1}", content="Nội dung tố cáo.",
                anonymous=True)
            actions.assign(p, by=head, assignee=an)
    return head, an


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"desk-{name}.png"), full_page=True)


def _sign_in(page, username):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("button[type=submit].btn-danger")
    page.wait_for_url(lambda url: urlsplit(url).path == "/my/")


def _english(page):
    with page.expect_navigation():
        page.click("nav button[value=en]")
    page.wait_for_selector("html[lang=en]")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_desk_of_a_head_and_an_officer(browser, desk, language):
    head, an = desk
    words = {
        "vi": {"my": "Việc của tôi", "reassign": "Giao lại", "done": "Đã giao lại 2 hồ sơ",
               "kind": "Giao cho đồng chí", "accept": "tiếp nhận đơn",
               "created": "Trần Thị Bình tạo hồ sơ",
               "assigned": "Người được giao xử lý: Nguyễn Văn An"},
        "en": {"my": "My work", "reassign": "Reassign", "done": "2 records reassigned",
               "kind": "Assigned to you", "accept": "registered the petition",
               "created": "Trần Thị Bình created the record",
               "assigned": "Assignee set to Nguyễn Văn An"},
    }[language]
    page = browser(width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    _sign_in(page, "truong")  # officers and heads land on their work
    if language == "en":
        _english(page)
    menu = page.locator("nav .navbar-nav").get_by_role("link", name=words["my"])
    assert menu.is_visible()
    assert page.locator("h1").inner_text() == words["my"]
    # the head's view: An carries three open petitions, one overdue
    row = page.locator("#workload-table tr", has_text="Nguyễn Văn An")
    assert row.locator("td").nth(1).inner_text() == "3"
    _shot(page, f"my-work-head-{language}-1366")
    row.get_by_role("link").click()
    page.wait_for_selector("#reassign")
    boxes = page.locator("form input[name=selected]")
    assert boxes.count() == 3
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.select_option("#reassign-to", "cuong")
    _shot(page, f"reassign-{language}-1366")
    page.get_by_role("button", name=words["reassign"], exact=True).click()
    page.wait_for_selector(f".alert-success:has-text('{words['done']}')")
    assert Petition.objects.filter(assignee__username="cuong").count() == 2
    # the officer: the count in the menu, the list, opening a notice marks it read
    officer = browser(width=1366)
    officer.set_viewport_size({"width": 1366, "height": 768})
    _sign_in(officer, "an")
    if language == "en":
        _english(officer)
    unread = Notification.objects.filter(user=an, read=False).count()
    assert unread >= 1
    bell = officer.locator("nav a[href='/petitions/notifications/']")
    assert bell.locator(".badge").inner_text() == str(unread)
    assert officer.locator("#my-work tbody tr").count() == 1  # two went to Cường
    _shot(officer, f"my-work-officer-{language}-1366")
    bell.click()
    officer.wait_for_selector("#notifications")
    first = officer.locator("#notifications li.unread").first
    assert words["kind"] in first.inner_text()
    _shot(officer, f"notifications-{language}-1366")
    first.get_by_role("button").first.click()
    officer.wait_for_url(lambda url: urlsplit(url).path.startswith("/petitions/"))
    assert Notification.objects.filter(user=an, read=False).count() == unread - 1
    timeline = officer.locator("#timeline").inner_text()
    assert f"Trần Thị Bình {words['accept']}" in timeline
    _shot(officer, f"petition-timeline-{language}-1366")
    # the History card (the audit trail) reads as sentences too: full names, dd/mm/yyyy
    # HH:MM, fields and values in words, and none of the officer's views of the denunciation
    officer.reload()
    history = officer.locator("#history")
    text = history.inner_text()
    assert words["created"] in text and words["assigned"] in text
    assert timezone.localdate().strftime("%d/%m/%Y") in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    for raw in ("assignee_id", "unit_id", "view_sensitive", "Viewed a protected",
                "Đã xem hồ sơ"):
        assert raw not in text
    history.scroll_into_view_if_needed()
    history.screenshot(path=str(SHOTS / f"desk-petition-history-{language}-1366.png"))
