"""The desk's main pages at the two widths the offices have, 1366x768 (their laptops) and
1920x1080 (their desktop screens), in Vietnamese and in English, with data like the demo's: My
work, the petitions list with filters, a petition, the notifications and the dashboard. On
each page the menu and the search box are in the bar (no hamburger) and nothing scrolls
sideways. Screenshots in var/screenshots/screens-<page>-<language>-<width>.png (looked at when
the layout changes; two of them are in the README, docs/screenshots/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone, translation

from oversight.accounts.roles import Role
from oversight.petitions import actions
from oversight.units.models import Unit
from tests.browser import MARKS
from tests.petitions.conftest import full_checklist

pytestmark = MARKS
SHOTS = Path("var/screenshots")

SUBJECTS = [
    ("denunciation", "Tố cáo cán bộ địa chính xã Nghi Phong nhận tiền khi cấp sổ đỏ"),
    ("complaint", "Khiếu nại quyết định thu hồi đất làm đường tránh Vinh"),
    ("complaint", "Khiếu nại mức bồi thường giải phóng mặt bằng khu công nghiệp Hoàng Mai"),
    ("recommendation", "Kiến nghị công khai danh sách hộ nghèo xã Hưng Lộc"),
    ("reflection", "Phản ánh việc thu tiền trái quy định tại trường tiểu học Diễn Châu"),
    ("denunciation", "Tố cáo chủ tịch UBND xã chỉ định thầu sai quy định"),
    ("complaint", "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất chồng lấn"),
    ("reflection", "Phản ánh chậm giải quyết chế độ chính sách người có công"),
]


@pytest.fixture
def office(make_user, make_petition, accepted_petition, make_direction, make_matter):
    """A provincial committee's day: a head, two officers, petitions at every step (some
    received a few days ago, some accepted with their time limits running), one transferred
    in from Hà Nội, a matter and a direction the unit must answer."""
    head = make_user("truong", "nghe_an", roles=(Role.OFFICER, Role.HEAD),
                     display_name="Trần Thị Bình")
    an = make_user("an", "nghe_an", display_name="Nguyễn Văn An")
    cuong = make_user("cuong", "nghe_an", display_name="Lê Văn Cường")
    today = timezone.localdate()
    petitions = []
    for n, (kind, subject) in enumerate(SUBJECTS):
        received = today - dt.timedelta(days=3 + 4 * n)
        fields = {"kind": kind, "subject": subject, "received_on": received,
                  "content": "Nội dung đơn: " + subject.lower() + ".", "by": head}
        if n % 3 == 0:
            fields["anonymous"] = True
        if n in (1, 2, 5, 6):
            petition = accepted_petition(on=received + dt.timedelta(days=2), **fields)
        else:
            petition = make_petition(**fields)
        actions.assign(petition, by=head, assignee=(an, cuong, head)[n % 3])
        petitions.append(petition)
    with translation.override("vi"):
        hanoi = make_petition(unit_code="ha_noi", kind="denunciation",
                              received_on=today - dt.timedelta(days=6),
                              subject="Tố cáo sai phạm trong đấu giá quyền sử dụng đất tại Cửa Lò",
                              content="Đơn gửi Hà Nội, thuộc thẩm quyền Nghệ An.")
        hanoi = actions.classify(hanoi, by=None, checklist=full_checklist("denunciation"),
                                 on=today - dt.timedelta(days=5))
        actions.transfer(hanoi, by=None, to_unit=Unit.objects.get(code="nghe_an"),
                         reason="Không thuộc thẩm quyền")
        matter = make_matter(title="Vụ án vi phạm quy định về đấu thầu tại Sở Y tế",
                             monitored_from=today - dt.timedelta(days=120))
        # the central commission directs the province on a matter it monitors
        central = make_matter("central", title="Vụ án sai phạm trong quản lý đất đai tại "
                              "thành phố Vinh", monitored_from=today - dt.timedelta(days=200))
        make_direction(matter=central, text="Khẩn trương kết luận điều tra, báo cáo kết quả "
                       "về Ban Chỉ đạo Trung ương", addressee=Unit.objects.get(code="nghe_an"),
                       issued_on=today - dt.timedelta(days=20),
                       due_on=today + dt.timedelta(days=4))
        make_direction(matter=matter, text="Thu hồi tài sản thất thoát, báo cáo tiến độ hằng tháng",
                       issued_on=today - dt.timedelta(days=40),
                       due_on=today + dt.timedelta(days=25))
    return head, petitions


PAGES = ["my-work", "petitions", "petition", "notifications", "dashboard"]


def _path(page: str, petition) -> str:
    return {"my-work": "/my/", "petitions": "/petitions/?kind=complaint&sort=-received_on",
            "petition": f"/petitions/{petition.pk}/", "notifications": "/petitions/notifications/",
            "dashboard": "/"}[page]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_the_main_pages_fit_the_offices_screens(browser, office, width, height, language):
    head, petitions = office
    page = browser(width=width)
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/login/")
    page.fill("#id_username", head.username)
    page.fill("#id_password", "pw-" + head.username)
    page.click("button[type=submit].btn-danger")
    page.wait_for_url(lambda url: urlsplit(url).path == "/my/")
    if language == "en":
        with page.expect_navigation():
            page.click("nav button[value=en]")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        response = page.goto(_path(name, petitions[1]))
        assert response.status == 200, name
        page.wait_for_selector(f"html[lang={language}]")
        # the menu and the search box in the bar, no hamburger, nothing sideways
        assert page.is_visible("nav .nav-search"), name
        assert not page.is_visible("nav .navbar-toggler"), name
        sideways = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert sideways <= 0, (name, sideways)
        page.screenshot(path=str(SHOTS / f"screens-{name}-{language}-{width}.png"),
                        full_page=True)
