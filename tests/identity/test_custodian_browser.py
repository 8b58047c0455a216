"""Through the menus at 1366x768 in Vietnamese: a new custodian reads their key's fingerprint
on their page, an approved custodian of the unit types it and approves; the newcomer then reads
the protected identity. Screenshots in var/screenshots/custodian-*."""

from __future__ import annotations

from pathlib import Path

from oversight.identity.models import UnitKeyWrap
from tests.browser import MARKS, sign_in
from tests.identity.test_identity import denounce
from tests.petitions.conftest import HUNG

pytestmark = MARKS
SHOTS = Path("var/screenshots")


def _open_custodian_page(page) -> None:
    if page.locator("nav .navbar-toggler").is_visible():  # below 1200 px: collapsed
        page.click("nav .navbar-toggler")
    page.click("nav button.dropdown-toggle:has(.bi-person-circle)")  # the user menu
    page.get_by_role("link", name="Người quản lý danh tính người tố cáo").click()
    page.wait_for_url("**/identity/pending/")


def test_a_custodian_approves_a_new_custodian(browser, make_custodian):
    SHOTS.mkdir(parents=True, exist_ok=True)
    keeper = make_custodian("giu_khoa")
    newcomer = make_custodian("moi", approved=False)
    petition = denounce()

    page = browser(width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, newcomer, "/")
    _open_custodian_page(page)
    assert page.get_by_text("Khóa của bạn đang chờ phê duyệt").is_visible()
    spoken = page.inner_text("#my-fingerprint")
    page.screenshot(path=str(SHOTS / "custodian-waiting.png"))

    other = browser(width=1366)
    other.set_viewport_size({"width": 1366, "height": 768})
    sign_in(other, keeper, "/")
    _open_custodian_page(other)
    other.get_by_label("Dấu vân tay do người quản lý danh tính mới đọc").fill(spoken)
    other.screenshot(path=str(SHOTS / "custodian-approve.png"))
    other.get_by_role("button", name="Phê duyệt và trao khóa đơn vị").click()
    other.wait_for_url("**/identity/pending/")
    assert other.get_by_text("nay là người quản lý danh tính của đơn vị").is_visible()
    other.screenshot(path=str(SHOTS / "custodian-approved.png"))
    assert UnitKeyWrap.objects.filter(user=newcomer).exists()

    again = browser(width=1366)  # a new sign-in unlocks the key the newcomer now holds
    again.set_viewport_size({"width": 1366, "height": 768})
    sign_in(again, newcomer, f"/petitions/{petition.pk}/")
    assert again.get_by_text(HUNG["name"]).first.is_visible()
    again.screenshot(path=str(SHOTS / "custodian-reads.png"))
