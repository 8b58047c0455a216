"""Through the menus at 1366x768 in Vietnamese: upload a scan on the desk, wait for it to be
read, confirm the draft; the petition is registered. Screenshots in var/screenshots/intake-*."""

from __future__ import annotations

from pathlib import Path

from oversight.core import jobs
from oversight.intake import synthetic
from oversight.petitions.models import Petition
from tests.browser import MARKS, sign_in
from tests.intake.conftest import needs_ocr

pytestmark = [*MARKS, needs_ocr]
SHOTS = Path("var/screenshots")


def test_upload_a_scan_and_confirm_the_draft(browser, nghean, tmp_path):
    letter = synthetic.letter(21, paragraphs=2, kind="complaint")
    scan = tmp_path / "don-khieu-nai.pdf"
    scan.write_bytes(synthetic.to_pdf(synthetic.render(letter.lines, dpi=200), 200))
    SHOTS.mkdir(parents=True, exist_ok=True)

    page = browser(width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, nghean, "/")
    page.locator("nav a.dropdown-toggle", has_text="Đơn thư").click()
    page.get_by_role("link", name="Đơn quét và thư điện tử").click()
    page.wait_for_url("**/intake/")
    assert page.get_by_text("Chưa có bản nháp nào").is_visible()
    page.set_input_files("#id_files", str(scan))
    page.screenshot(path=str(SHOTS / "intake-desk.png"))
    page.get_by_role("button", name="Tải lên và đọc").click()
    page.wait_for_url("**/intake/*/")
    assert page.get_by_role("status").is_visible()  # being read

    assert jobs.run_queued()  # the worker
    page.wait_for_selector("#confirm-form", timeout=30_000)  # the page refreshes by itself
    assert page.input_value("#id_petitioner_name") == letter.sender
    assert page.input_value("#id_kind") == "complaint"
    page.fill("#id_subject", "Khiếu nại việc thu tiền bồi thường")
    page.screenshot(path=str(SHOTS / "intake-draft.png"), full_page=True)
    page.get_by_role("button", name="Đăng ký đơn").click()
    page.wait_for_url("**/petitions/*/")
    assert page.get_by_text("Đã tiếp nhận đơn.").is_visible()
    page.screenshot(path=str(SHOTS / "intake-registered.png"))
    petition = Petition.objects.get()
    assert petition.subject == "Khiếu nại việc thu tiền bồi thường"
    assert letter.persons[0] in petition.content
