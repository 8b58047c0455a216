"""Through the menus at 1366x768 in Vietnamese: issue a notice of acceptance from the
petition's page and download its PDF; the reports dashboard in Vietnamese and English, and a
report PDF made in the background. Screenshots in var/screenshots/documents-* and reports-*
(and the PDFs' first pages, drawn by pdftoppm), for a person to look at."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from oversight.core import jobs, rendering
from oversight.documents.models import Document
from tests.browser import MARKS, sign_in

pytestmark = [
    *MARKS,
    pytest.mark.libreoffice,
    pytest.mark.skipif(rendering.soffice() is None or shutil.which("pdftoppm") is None,
                       reason="LibreOffice and poppler-utils are needed"),
]
SHOTS = Path("var/screenshots")


def _pdf_text(path: Path) -> str:
    return "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                  text=True, check=True).stdout.split())


def _first_page(pdf: Path, name: str) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(SHOTS / name)], check=True)


def _menu(page, top: str, item: str) -> None:
    """Open a menu of the navbar (collapsed below 1400 px) and follow one of its items."""
    if page.locator("nav .navbar-toggler").is_visible():
        page.click("nav .navbar-toggler")
    page.locator("nav a.dropdown-toggle", has_text=top).click()
    page.locator("nav .dropdown-menu a", has_text=item).first.click()


def test_issue_a_notice_of_acceptance_and_download_it(browser, petition, nghean, settings,
                                                      tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    accepted = petition("accepted", subject="Khiếu nại về bồi thường đất ở xã Nghi Lộc")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser(width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, nghean, "/")
    _menu(page, "Đơn thư", "Đơn thư")
    page.wait_for_url("**/petitions/")
    page.get_by_role("link", name=accepted.subject).click()
    page.wait_for_url(f"**/petitions/{accepted.pk}/")
    card = page.locator("#documents")
    card.scroll_into_view_if_needed()
    assert card.get_by_text("Chưa ban hành văn bản nào.").is_visible()
    # Only what the rules allow now is offered: the notice of acceptance.
    assert card.locator("button[data-kind]").count() == 1
    page.screenshot(path=str(SHOTS / "documents-petition.png"))
    card.get_by_role("button", name="Ban hành").click()
    page.wait_for_url("**/documents/*/")
    assert page.get_by_text("Đã ban hành Thông báo thụ lý số 01-TB/BNCTU.").is_visible()
    page.screenshot(path=str(SHOTS / "documents-issued.png"))
    with page.expect_download() as info:
        page.click("#download-pdf")
    pdf = tmp_path / "thong-bao.pdf"
    info.value.save_as(pdf)
    assert info.value.suggested_filename == "01-TB-BNCTU.pdf"
    text = _pdf_text(pdf)
    for words in ("Số01-TB/BNCTU", "THÔNGBÁO", "Kínhgửi:Ông/BàNguyễnVănHùng",
                  "KhiếunạivềbồithườngđấtởxãNghiLộc", "Trang1/1", "Độmật:Thôngthường"):
        assert words in text, words
    _first_page(pdf, "documents-acceptance-notice-page1")
    # The register lists it; the petition's timeline records it.
    _menu(page, "Công tác", "Sổ đăng ký văn bản đi")
    page.wait_for_url("**/documents/")
    assert page.get_by_role("link", name="01-TB/BNCTU").is_visible()
    page.screenshot(path=str(SHOTS / "documents-register.png"))
    assert Document.objects.get().petition == accepted
    assert accepted.events.filter(kind="document_issued").exists()


def test_reports_dashboard_in_both_languages_and_a_pdf(browser, nghean, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("seed", scale="demo")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser(width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, nghean, "/")
    if page.locator("nav .navbar-toggler").is_visible():
        page.click("nav .navbar-toggler")
    page.locator("nav a.nav-link", has_text="Báo cáo").click()
    page.wait_for_url("**/reports/dashboard/**")
    page.select_option("#id_period_type", "year")
    page.select_option("#id_year", "2025")
    assert not page.locator("#id_start").is_visible()  # the dates only for a range
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**period_type=year**")
    page.wait_for_selector("#chart-monthly canvas")
    body = page.inner_text("main")
    assert "TÍNH THEO" in body.upper() and "Ngày đưa vào diện theo dõi" in body
    assert "monitored_from" not in body and "×" not in body
    page.screenshot(path=str(SHOTS / "reports-dashboard-vi.png"), full_page=True)
    # A PDF of the report, made in the background while the page shows the progress.
    page.select_option("select[name=format]", "pdf")
    page.get_by_role("button", name="Tạo trong tác vụ nền").click()
    page.wait_for_url("**/jobs/*/")
    assert "Định dạng: PDF · Kỳ: năm 2025 · Phạm vi: Ban Nội chính Tỉnh ủy Nghệ An" in \
        " ".join(page.inner_text("#job-description").split())
    page.screenshot(path=str(SHOTS / "reports-job-vi.png"))
    assert jobs.run_queued()  # the worker
    page.wait_for_selector("#job-progress a.btn-success", timeout=30_000)  # polling shows it
    with page.expect_download() as info:
        page.click("#job-progress a.btn-success")
    pdf = tmp_path / "bao-cao.pdf"
    info.value.save_as(pdf)
    text = _pdf_text(pdf)
    assert "BÁOCÁO" in text
    assert "Trang1/" in text and "Độmật:Thôngthường" in text
    _first_page(pdf, "reports-pdf-page1")
    # English: the same dashboard, in English.
    page.goto("/reports/dashboard/?place=unit:nghe_an&period=2025")
    if page.locator("nav .navbar-toggler").is_visible():
        page.click("nav .navbar-toggler")
    page.click("button[value=en]")
    page.wait_for_selector("html[lang=en]")
    page.wait_for_selector("#chart-monthly canvas")
    body = page.inner_text("main")
    assert "COUNTED BY" in body.upper() and "Date put under monitoring" in body
    assert "TÍNH THEO" not in body.upper()
    page.screenshot(path=str(SHOTS / "reports-dashboard-en.png"), full_page=True)
