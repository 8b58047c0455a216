"""The portal end to end in headless Chromium (issue 8, "Done when"): a citizen files a report,
keeps the code, comes back, answers the officer's question and reads the outcome; the officer
receives the report, asks, reads the answer and decides, all through the real pages.

The browser comes from tests/browser.py. OVERSIGHT_SCREENSHOTS=1 saves full-page screenshots
under screenshots/portal/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from PIL import Image

from oversight.accounts.roles import Role
from oversight.petitions.choices import Channel, Classification, Outcome, Status
from oversight.petitions.models import Petition
from oversight.portal.models import Message, Sender, Submission
from tests.browser import MARKS, sign_in

SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "portal"
pytestmark = MARKS


@pytest.fixture(autouse=True)
def _no_wait(settings):
    """The form without JavaScript is accepted at once (the wait has tests of its own)."""
    settings.PORTAL_NOJS_WAIT = 0


def shot(page, name: str) -> None:
    if os.environ.get("OVERSIGHT_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def photo(tmp_path) -> Path:
    path = tmp_path / "bien-lai.jpg"
    Image.new("RGB", (64, 48), (40, 90, 160)).save(path, "JPEG")
    return path


def watch_portal(page) -> list:
    """Every portal response the browser receives, to check their headers afterwards."""
    seen = []
    page.on("response", lambda r: seen.append(r) if urlsplit(r.url).path.startswith(
        "/portal/") else None)
    return seen


def assert_no_store(responses) -> None:
    assert responses
    for response in responses:
        assert "no-store" in response.headers.get("cache-control", ""), response.url


def file_report(page, lang: str, *, kind: str, subject: str, content: str, jpeg: Path,
                named: dict | None = None) -> None:
    """From the portal's home page to a filled report form (not sent)."""
    page.goto(f"/portal/{lang}/")
    page.click(f"main a[href='/portal/{lang}/report/']")
    page.wait_for_url(f"**/portal/{lang}/report/")
    page.check(f"input[name=kind][value={kind}]")
    page.fill("input[name=subject]", subject)
    page.fill("textarea[name=content]", content)
    page.select_option("select[name=province]", "nghe_an")
    page.fill("input[name=place]", "Xã Nghi Phú")
    page.fill("textarea[name=respondents]", "Trần Văn Cán, cán bộ địa chính, UBND xã")
    page.set_input_files("input[name=files]", str(jpeg))
    if named:
        page.check("input[name=identity][value=named]")
        for field, value in named.items():
            page.fill(f"input[name={field}]", value)
    else:
        assert page.is_checked("input[name=identity][value=anonymous]")
        assert not page.is_visible("input[name=name]")  # hidden by CSS, no JavaScript
    page.check("input[name=truthful]")


def receipt_code(page) -> str:
    code = page.locator("#receipt-code").inner_text()
    digits = re.sub(r"\D", "", code)
    assert len(digits) == 16 and re.fullmatch(r"\d{4}( \d{4}){3}", code.strip()), code
    return digits


def open_case(page, lang: str, code: str) -> None:
    page.goto(f"/portal/{lang}/follow/")
    page.fill("input[name=code]", code)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/portal/{lang}/case/")


def open_petition(page, subject: str) -> int:
    if urlsplit(page.url).path != "/petitions/":
        page.goto("/petitions/")
    page.click(f"table a:has-text('{subject[:40]}')")
    page.wait_for_url(re.compile(r"/petitions/\d+/$"))
    return int(re.search(r"/petitions/(\d+)/", page.url).group(1))


def write_to_submitter(page, pk: int, text: str) -> None:
    box = page.locator("#portal-conversation")
    box.locator("textarea[name=body]").fill(text)
    with page.expect_navigation():  # the page may be at #portal-conversation already
        box.locator("button[type=submit]").click()
    page.wait_for_url(f"**/petitions/{pk}/#portal-conversation")
    assert text in box.inner_text()


def act(page, pk: int, name: str, fields: dict | None = None, checks=()) -> None:
    """Open an action card of the petition page (Bootstrap collapse), fill it and send it."""
    form = page.locator(f"form[action='/petitions/{pk}/{name}/']")
    if not form.is_visible():
        page.click(f"a[href='#act-{name}']")
        # the card is open once Bootstrap's transition ends (.collapsing → .collapse.show)
        page.wait_for_selector(f"#act-{name}.collapse.show", state="visible")
    for field in checks:
        form.locator(f"input[name={field}]").check()
    for field, value in (fields or {}).items():
        target = form.locator(f"[name={field}]")
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    errors = page.locator(".alert-danger, .errorlist").all_inner_texts()
    assert page.url.endswith(f"/petitions/{pk}/") and not errors, (name, errors)


# --- the journeys ---------------------------------------------------------------------------

def test_anonymous_citizen_and_officer_journey(browser, make_user, tmp_path):
    """Anonymous denunciation with a photo (Vietnamese pages, JavaScript on): code, question,
    answer, and the officer's decision — verified as information, then filed."""
    officer = make_user("canbo", "nghe_an", roles=(Role.OFFICER,))
    subject = "Thu tiền sai quy định khi cấp sổ đỏ"
    question = "Ông/bà có biết ai chứng kiến việc thu tiền không?"
    answer = "Có, hai người hàng xóm cũng bị thu 5 triệu đồng."
    final = "Đoàn kiểm tra đã xác minh thông tin và kiến nghị xử lý cán bộ địa chính."

    # 1. the citizen files the report
    citizen = browser()
    seen = watch_portal(citizen)
    file_report(citizen, "vi", kind="denunciation", subject=subject,
                content="Cán bộ địa chính xã thu tiền của dân khi cấp sổ đỏ, mỗi hồ sơ 5 triệu.",
                jpeg=photo(tmp_path))
    citizen.wait_for_selector("form[data-pow-done='1']", state="attached")  # pow.js ran
    assert citizen.input_value("input[name=pow]").isdigit()
    assert {c["name"] for c in citizen.context.cookies()} == {"csrftoken"}
    # Bootstrap and the portal's style sheet loaded (static files under live_server)
    assert citizen.evaluate("[...document.styleSheets].map(s => s.cssRules.length > 0)") == [
        True, True]
    shot(citizen, "1-report-form-vi")
    citizen.click("form[data-pow] button[type=submit]")
    code = receipt_code(citizen)
    assert "bien-lai.jpg" in citizen.inner_text("main")
    assert {c["name"] for c in citizen.context.cookies()} == {"csrftoken"}
    shot(citizen, "2-receipt-vi")
    submission = Submission.objects.get()
    assert submission.anonymous and submission.proof_of_work
    petition = submission.petition
    assert petition.channel == Channel.WEB_PORTAL and petition.unit.code == "nghe_an"
    assert_no_store(seen)
    citizen.context.close()

    # 2. the officer receives it and asks a question
    staff = browser()
    sign_in(staff, officer)
    pk = open_petition(staff, subject)
    assert pk == petition.pk
    assert "Nặc danh" in staff.inner_text("main")  # anonymous, and said so
    assert "bien-lai.jpg" in staff.inner_text(".card:has-text('bien-lai.jpg')")
    assert staff.locator("#portal-conversation").is_visible()
    write_to_submitter(staff, pk, question)

    # 3. the citizen comes back with the code (a new browser, no cookie) and answers
    citizen = browser()
    seen = watch_portal(citizen)
    open_case(citizen, "vi", code)
    case_cookie = {c["name"]: c for c in citizen.context.cookies()}["portal_case"]
    assert case_cookie["httpOnly"] and case_cookie["sameSite"] == "Strict"
    assert case_cookie["path"] == "/portal/"
    assert question in citizen.inner_text("article.message-officer")
    citizen.fill("textarea[name=body]", answer)
    citizen.click("form[action='/portal/vi/case/reply/'] button[type=submit]")
    citizen.wait_for_url("**/portal/vi/case/#messages")
    assert answer in citizen.inner_text("article.message-citizen")
    assert {r.status for r in seen} >= {200, 302}  # redirects seen (and checked) too
    assert_no_store(seen)
    citizen.context.close()

    # 4. the officer reads the answer and decides: an anonymous denunciation naming the
    # wrongdoer with checkable facts is verified as information (Law on Denunciations art. 25),
    # then filed; it cannot be accepted as a denunciation.
    staff.reload()
    conversation = staff.inner_text("#portal-conversation")
    assert answer in conversation and question in conversation
    act(staff, pk, "classify", checks=["check_language", "check_date", "check_accused",
                                        "check_conduct", "verify_as_information"])
    act(staff, pk, "file")
    write_to_submitter(staff, pk, final)
    shot(staff, "4-officer-petition-vi")
    petition.refresh_from_db()
    assert petition.classification == Classification.VERIFY_AS_INFORMATION
    assert petition.status == Status.FILED

    # 5. the citizen reads the outcome
    citizen = browser()
    seen = watch_portal(citizen)
    open_case(citizen, "vi", code)
    with translation.override("vi"):
        expected = translation.gettext("Taken as information")
    assert citizen.inner_text("#status-label") == expected
    assert final in citizen.inner_text("main")
    shot(citizen, "3-case-vi")
    citizen.click("form[action='/portal/vi/case/leave/'] button[type=submit]")
    citizen.wait_for_url("**/portal/vi/")
    assert {c["name"] for c in citizen.context.cookies()} == {"csrftoken"}
    assert_no_store(seen)
    assert list(Message.objects.values_list("sender", flat=True).order_by("pk")) == [
        Sender.OFFICER, Sender.CITIZEN, Sender.OFFICER]


def test_named_report_without_javascript_settled_and_identity_never_shown(browser, make_user,
                                                                           tmp_path):
    """A named denunciation sent with JavaScript off (the proof-of-work fallback), in English:
    the officer asks, reads the answer, accepts and settles it with an outcome; the citizen
    reads it. The submitter's name, ID number, address and phone appear on no staff page, in
    no search result and in no API answer for an officer without disclosure."""
    officer = make_user("canbo", "nghe_an", roles=(Role.OFFICER,))
    subject = "Nhận hối lộ khi thẩm định dự án"
    identity = {"name": "Hoàng Thị Bảo Mật", "id_number": "040190012345",
                "address": "Số 7 đường Lê Lợi, Vinh", "phone": "0912345678"}
    question = "Could you say which project and when the money was handed over?"
    answer = "The road project in Nghi Phu, in March; I have the bank transfer."
    final = "The inspection confirmed part of your report; the official was disciplined."

    citizen = browser(javascript=False)
    seen = watch_portal(citizen)
    file_report(citizen, "en", kind="denunciation", subject=subject,
                content="Trưởng phòng thẩm định nhận 200 triệu để duyệt hồ sơ dự án đường.",
                jpeg=photo(tmp_path), named=identity)
    assert citizen.is_visible("input[name=name]")  # shown by CSS once "named" is chosen
    assert citizen.input_value("input[name=pow]") == ""  # no JavaScript, no proof
    assert {c["name"] for c in citizen.context.cookies()} == {"csrftoken"}
    shot(citizen, "5-report-form-en-nojs")
    citizen.click("form[data-pow] button[type=submit]")
    code = receipt_code(citizen)
    page_text = citizen.inner_text("main")
    assert "Given, encrypted (not shown here)" in page_text
    assert not any(value in page_text for value in identity.values())
    shot(citizen, "6-receipt-en-nojs")
    submission = Submission.objects.get()
    assert not submission.anonymous and not submission.proof_of_work
    assert_no_store(seen)
    citizen.context.close()

    staff = browser()
    sign_in(staff, officer)
    pk = open_petition(staff, subject)
    write_to_submitter(staff, pk, question)

    citizen = browser(javascript=False)
    seen = watch_portal(citizen)
    open_case(citizen, "en", code)
    assert question in citizen.inner_text("article.message-officer")
    citizen.fill("textarea[name=body]", answer)
    citizen.click("form[action='/portal/en/case/reply/'] button[type=submit]")
    citizen.wait_for_url("**/portal/en/case/#messages")
    assert answer in citizen.inner_text("article.message-citizen")
    assert_no_store(seen)
    citizen.context.close()

    staff.reload()
    assert answer in staff.inner_text("#portal-conversation")
    checks = [f"check_{key}" for key in ("language", "date", "name", "address", "signature",
                                         "accused", "conduct", "contact")]
    act(staff, pk, "classify", checks=checks)
    act(staff, pk, "accept")
    act(staff, pk, "begin-settlement")
    act(staff, pk, "settle", {"outcome": Outcome.PARTLY_UPHELD, "note": "Kết luận số 12/KL"})
    write_to_submitter(staff, pk, final)
    petition = Petition.objects.get(pk=pk)
    assert petition.status == Status.SETTLED and petition.outcome == Outcome.PARTLY_UPHELD
    shot(staff, "8-officer-petition-settled")

    # the identity appears nowhere the officer looks
    pages = {"petition": staff.content()}
    for name, path in [("list", "/petitions/"), ("search", f"/search/?q={subject}"),
                       ("held", "/petitions/portal/"),
                       ("notifications", "/petitions/notifications/")]:
        staff.goto(path)
        pages[name] = staff.content()
    assert f"/petitions/{pk}/" in pages["list"] and f"/petitions/{pk}/" in pages["search"]
    for value in (identity["name"], identity["id_number"]):
        staff.goto(f"/search/?q={value}")
        assert f"/petitions/{pk}/" not in staff.content()  # not findable by the identity
    api = staff.request.get(f"/api/petitions/{pk}/")
    assert api.ok
    pages["api"] = api.text()
    assert subject in pages["api"]
    for name, html in pages.items():
        for value in identity.values():
            assert value not in html, (name, value)

    citizen = browser(javascript=False)
    seen = watch_portal(citizen)
    open_case(citizen, "en", code)
    assert citizen.inner_text("#status-label") == "Settled"
    assert "Partly upheld" in citizen.inner_text("#outcome")
    assert final in citizen.inner_text("main")
    shot(citizen, "7-case-en-settled")
    assert_no_store(seen)
