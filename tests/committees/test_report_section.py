"""The committee indicators reach the report: the API figures and the DOCX section."""

import datetime as dt
import io

from django.utils import translation
from docx import Document

from oversight.committees import actions
from oversight.reports import documents, service
from oversight.reports.periods import parse
from oversight.reports.places import for_unit

D = dt.date


def test_docx_report_has_the_committee_section(db, unit, make_meeting):
    for day in (D(2024, 2, 1), D(2024, 3, 1), D(2023, 3, 1)):
        make_meeting(held_on=day)
    actions.save_document(by=None, unit=unit("nghe_an"), kind="plan", title="Kế hoạch",
                          status="issued", issued_on=D(2024, 5, 1))
    actions.save_project(by=None, unit=unit("nghe_an"), title="Đề án", status="submitted",
                         submitted_on=D(2024, 6, 1))
    report = service.build(for_unit("nghe_an"), parse("2024"))
    assert report["indicators"]["meetings"] == {"value": 2, "previous": 1, "change": 2.0}
    with translation.override("vi"):
        doc = Document(io.BytesIO(documents.render("docx", for_unit("nghe_an"),
                                                   parse("2024"))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "VI. HOẠT ĐỘNG CỦA BAN CHỈ ĐẠO VÀ CƠ QUAN THƯỜNG TRỰC" in text
    assert ("Trong năm 2024, tham mưu tổ chức 2 phiên họp, cuộc họp của Ban Chỉ đạo, Thường "
            "trực Ban Chỉ đạo, gấp 2 lần so với cùng kỳ năm 2023; tiến hành 0 cuộc kiểm tra, "
            "giám sát; ban hành 1 văn bản; hoàn thành, trình 1 đề án, đề tài.") in text
