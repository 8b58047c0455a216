"""A matter's timeline in sentences (issue 15): stage changes, directions and changed details
read with the actor's full name, labels and unit names, dd/mm/yyyy dates; no field dumps."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import override

from oversight.matters import actions, timeline
from oversight.matters.choices import MonitoringLevel, Stage
from oversight.units.models import Unit

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _timeline(html: str) -> str:
    return html.split('id="timeline"', 1)[1].split("</ul></div></div>", 1)[0]


def test_the_matter_timeline_reads_as_sentences(make_matter, make_user, web):
    an = make_user("an", "nghe_an", display_name="Nguyễn Văn An")
    matter = make_matter(by=an, kind="incident", stage=Stage.VERIFICATION,
                         monitoring_level=MonitoringLevel.PROVINCIAL)
    matter = actions.update_matter(matter, by=an,
                                   monitoring_level=MonitoringLevel.CENTRAL_COMMISSION,
                                   responsible_unit=Unit.objects.get(code="nghe_an"),
                                   monitored_from=dt.date(2024, 2, 1))
    matter = actions.move_stage(matter, Stage.INSPECTION, by=an, on=dt.date(2024, 5, 2))
    actions.issue_direction(by=an, matter=matter, text="Báo cáo kết quả thanh tra",
                            issued_on=dt.date(2024, 5, 3), due_on=dt.date(2024, 7, 31),
                            addressee=Unit.objects.get(code="nghe_an"))
    nghe_an = Unit.objects.get(code="nghe_an").name

    with override("vi"):
        lines = timeline.lines(matter)
        inspection, verification = Stage.INSPECTION.label, Stage.VERIFICATION.label
        provincial = MonitoringLevel.PROVINCIAL.label
        central = MonitoringLevel.CENTRAL_COMMISSION.label
    sentences = [line.sentence for line in lines]
    assert f"Nguyễn Văn An ban hành chỉ đạo gửi {nghe_an}; hạn 31/07/2024" in sentences
    assert f"Nguyễn Văn An chuyển giai đoạn từ {verification} sang {inspection}" in sentences
    details = next(line for line in lines if line.kind == "updated").changes
    assert any(d.endswith(f"từ {provincial} thành {central}") for d in details)
    assert any("01/02/2024" in d for d in details)

    page = web(an).get(f"/matters/{matter.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    text = _timeline(page)
    assert f"Nguyễn Văn An chuyển giai đoạn từ {verification} sang {inspection}" in text
    assert "02/05/2024" in text
    # the control: the old field dump of the same events fails these checks
    for shown in (text, "".join(f"{e.kind} {e.on.isoformat()} {e.changes}"
                                for e in matter.events.all())):
        dump = ISO.search(shown) or "monitoring_level" in shown or "→" in shown
        assert bool(dump) == (shown is not text)

    with override("en"):
        english = [line.sentence for line in timeline.lines(matter)]
        nghe_an = Unit.objects.get(code="nghe_an").name
    assert "Nguyễn Văn An moved the matter from Verification to Inspection" in english
    assert f"Nguyễn Văn An issued a direction to {nghe_an}; due 31/07/2024" in english


def test_the_direction_history_reads_as_sentences(make_user, web):
    from oversight.matters import replies

    issuer = make_user("central_officer", "central", display_name="Phạm Văn Dũng")
    addressee = make_user("qt_officer", "quang_tri", display_name="Hoàng Thị Em")
    direction = actions.issue_direction(
        by=issuer, unit=Unit.objects.get(code="central"),
        addressee=Unit.objects.get(code="quang_tri"), text="Báo cáo tiến độ",
        issued_on=dt.date(2024, 4, 1), due_on=dt.date(2030, 6, 30))
    replies.request_extension(direction, by=addressee, until=dt.date(2030, 9, 30),
                              reason="Chờ kết quả giám định")
    replies.decide_extension(direction, by=issuer, grant=True)
    replies.reply(direction, by=addressee, text="Đã rà soát xong", done=True)
    with override("vi"):
        central = Unit.objects.get(code="central").name
        quang_tri = Unit.objects.get(code="quang_tri").name
    page = web(issuer).get(f"/directions/{direction.pk}/",
                           HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    history = page.split('id="direction-history"', 1)[1].split("</ul></div>", 1)[0]
    for sentence in (
            f"Phạm Văn Dũng ({central}) ban hành chỉ đạo gửi {quang_tri}; hạn 30/06/2030",
            f"Hoàng Thị Em ({quang_tri}) đề nghị gia hạn đến 30/09/2030",
            f"Phạm Văn Dũng ({central}) đồng ý gia hạn; hạn 30/09/2030",
            f"Hoàng Thị Em ({quang_tri}) báo cáo đã thực hiện xong chỉ đạo"):
        assert sentence in history
    assert "Chờ kết quả giám định" in history and "Đã rà soát xong" in history
    assert not ISO.search(history)
    with override("en"):
        english = [line.sentence for line in timeline.direction_lines(direction)]
        quang_tri = Unit.objects.get(code="quang_tri").name
    assert f"Hoàng Thị Em ({quang_tri}) asked for more time, until 30/09/2030" in english
