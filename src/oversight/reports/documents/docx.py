"""The report as a Word document, rendered with docxtpl from a template an administrator can
replace (the active `ReportTemplate`, else the default shipped with the app).

The template receives (see scripts/make_report_template.py, which writes the default):
issuer, issuer_upper, number_line, date_line, title (= title_lead + title_period),
period_line, place_name,
sections: [{number, title, sentences: [str], rows: [{code, label, unit, value_text,
previous_text, change_text}], images: [InlineImage]}], and `t`, the fixed words in the
active language (party, report, indicator, unit, value, previous, change, recipients,
recipients_list, on_behalf, signer).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from oversight.core import rendering
from oversight.documents import numbering
from oversight.documents.models import issuer_for
from oversight.reports.documents import charts, sentences
from oversight.reports.documents.content import Content
from oversight.reports.models import ReportTemplate
from oversight.reports.places import UNIT
from oversight.units.models import Unit

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "templates/reports/report_template.docx"
CHART_WIDTH = Mm(150)

WORDS = {
    "vi": {
        "party": "ĐẢNG CỘNG SẢN VIỆT NAM",
        "report": "BÁO CÁO",
        "indicator": "Chỉ tiêu",
        "unit": "Đơn vị tính",
        "value": "Kỳ báo cáo",
        "previous": "Cùng kỳ",
        "change": "So với cùng kỳ",
        "recipients": "Nơi nhận:",
        "recipients_list": ["- Ban Nội chính Trung ương,", "- Thường trực Ban Chỉ đạo,",
                            "- Lưu VP."],
        "on_behalf": "T/M BAN NỘI CHÍNH",
        "signer": "TRƯỞNG BAN",
        "number": "Số:        -BC/BNC",
        "period": "Kỳ báo cáo: từ ngày {start} đến ngày {end}",
    },
    "en": {
        "party": "COMMUNIST PARTY OF VIETNAM",
        "report": "REPORT",
        "indicator": "Indicator",
        "unit": "Unit",
        "value": "This period",
        "previous": "Same period last year",
        "change": "Change on last year",
        "recipients": "To:",
        "recipients_list": ["- Central Internal Affairs Commission,",
                            "- Standing members of the Steering Committee,", "- Archive."],
        "on_behalf": "ON BEHALF OF THE COMMITTEE",
        "signer": "HEAD",
        "number": "No.        /BC",
        "period": "Period: {start} to {end}",
    },
}


def number_line(content: Content) -> str:
    """"Số      -BC/BNCTU": the issuer's format and abbreviation (documents.numbering), the
    number left blank for the clerk: a report is registered when it is signed."""
    unit = content.place.parts[0] if content.place.kind == UNIT else (
        Unit.objects.filter(code="central").first())
    if unit is None:
        return WORDS["vi"]["number"]
    issuer = issuer_for(unit)
    blank = "\u00a0" * 6
    return numbering.number_line(issuer.style, numbering.STYLES[issuer.style].with_kind.format(
        number=blank, kind="BC", issuer=issuer.abbreviation))


def context(content: Content, tpl: DocxTemplate | None = None) -> dict:
    words = WORDS[sentences.lang()]
    period = content.period
    sections = []
    for s in content.sections:
        images = []
        if tpl is not None:
            images = [InlineImage(tpl, io.BytesIO(charts.render(name, content)),
                                  width=CHART_WIDTH) for name in s.charts]
        sections.append({
            "code": s.code, "number": s.number, "title": s.title, "sentences": s.sentences,
            "rows": [{"code": r.code, "label": r.label, "unit": r.shown_unit,
                      "value_text": r.value_text, "previous_text": r.previous_text,
                      "change_text": r.change_text} for r in s.rows],
            "images": images,
        })
    return {
        "issuer": content.issuer,
        "issuer_upper": content.issuer.upper(),
        "number_line": number_line(content) if sentences.lang() == "vi" else words["number"],
        "date_line": content.date_line,
        "title": content.title,
        "title_lead": content.title_lead,
        "title_period": content.title_period,
        "place_name": content.place_name,
        "period_line": words["period"].format(start=period.start.strftime("%d/%m/%Y"),
                                              end=period.end.strftime("%d/%m/%Y")),
        "sections": sections,
        "t": words,
    }


def render(content: Content) -> bytes:
    """The report's Word file, not yet stamped (`reports.documents.render` stamps it for the
    format asked: the DOCX itself or its PDF)."""
    return rendering.render_replaceable(ReportTemplate.objects.active(), DEFAULT_TEMPLATE,
                                        lambda tpl: context(content, tpl))
