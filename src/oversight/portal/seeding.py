"""Demo reports sent through the public portal: a conversation under way, a named report
with a sealed identity, one held for review. The first report's receipt code comes from the
seed, so `oversight demo` can print it for trying the follow-up pages."""

from __future__ import annotations

import random

from django.test import override_settings

from oversight.accounts.models import User
from oversight.portal import actions, lookup
from oversight.portal.choices import Sender
from oversight.units.models import Unit

REPORTS = [
    ("nghe_an", "denunciation", "Cán bộ địa chính xã thu tiền khi cấp giấy chứng nhận",
     "Khi làm hồ sơ cấp giấy chứng nhận quyền sử dụng đất, cán bộ địa chính xã yêu cầu mỗi "
     "hộ nộp thêm 5 triệu đồng ngoài lệ phí, không có biên lai.", "Xã Nghi Phú", "Tháng 3/2026",
     [{"name": "Trần Văn C.", "position": "cán bộ địa chính", "unit": "UBND xã"}], []),
    ("nghe_an", "recommendation", "Công khai danh sách hộ được hỗ trợ sau bão",
     "Đề nghị UBND phường niêm yết công khai danh sách hộ được hỗ trợ sau bão số 3 để người "
     "dân giám sát.", "Phường Trường Vinh", "Tháng 9/2026", [],
     [{"name": "Nguyễn Thị Hoa", "id_number": "040186001122", "address": "Vinh, Nghệ An",
       "phone": "0912000111"}]),
    ("quang_tri", "reflection", "Công trình đường giao thông chậm tiến độ, xuống cấp",
     "Tuyến đường liên xã khởi công năm 2024 đến nay chưa hoàn thành, mặt đường đã nứt vỡ.",
     "Huyện Lệ Thủy (cũ)", "2024–2026", [], []),
]


def demo_code(seed: int) -> str:
    rng = random.Random(f"portal-demo-{seed}")
    return "".join(rng.choice("0123456789") for _ in range(16))


def seed_portal(seed: int = 2024) -> dict:
    made = 0
    for index, (code, kind, subject, content, place, when, respondents, people) in \
            enumerate(REPORTS):
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        submission, _code = actions.file_report(
            unit=unit, kind=kind, subject=subject, content=content, place=place, when=when,
            respondents=respondents, people=people, protection=bool(people),
            key=f"demo-{index}",
            code=demo_code(seed) if index == 0 and lookup.find(demo_code(seed)) is None
            else None)
        made += 1
        if index == 0:
            officer = User.objects.filter(unit=unit, groups__name="officer").first()
            actions.post_message(
                submission, sender=Sender.OFFICER, author=officer,
                body="Ông/bà có biết những hộ nào đã phải nộp khoản tiền này không? Nếu có "
                     "giấy tờ, xin gửi thêm qua mục Tệp chứng cứ.")
            actions.post_message(
                submission, sender=Sender.CITIZEN,
                body="Ít nhất 4 hộ ở xóm 5 đã nộp, tôi sẽ gửi ảnh giấy hẹn.")
    unit = Unit.objects.filter(code="nghe_an").first()
    if unit is not None:
        with override_settings(PORTAL_HOLD_AFTER=0):
            actions.file_report(
                unit=unit, kind="reflection", subject="Quảng cáo dịch vụ vay tiền nhanh",
                content="Vay nhanh trong ngày, lãi suất thấp, liên hệ ngay số điện thoại…",
                key="demo-held", proof=False)
        made += 1
    return {"portal_reports": made}
