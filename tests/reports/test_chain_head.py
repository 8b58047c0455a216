"""The audit chain head on every report and issued document (issue 13): its hash, position and
time, printed on the footer, so a trail rewritten after issue is caught from paper."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook

from oversight.audit.chain import head
from oversight.audit.models import AuditEntry
from oversight.reports import documents
from oversight.reports.periods import parse
from oversight.reports.places import for_unit


def _footer_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for s in doc.sections for p in s.footer.paragraphs)


def test_report_docx_and_xlsx_carry_the_head_hash_and_time(records):
    position, hash_ = head()
    at = AuditEntry.objects.get(pk=position).at
    docx = documents.render("docx", for_unit("nghe_an"), parse("2024"))
    footer = _footer_text(docx)
    assert f"#{position}" in footer and hash_ in footer
    assert f"{at.astimezone():%d/%m/%Y}" in footer
    assert Document(io.BytesIO(docx)).core_properties.keywords.endswith(hash_)
    book = load_workbook(io.BytesIO(documents.render("xlsx", for_unit("nghe_an"),
                                                     parse("2024"))))
    for sheet in book.worksheets:
        centre = sheet.oddFooter.center.text
        assert hash_ in centre and f"#{position}" in centre
    assert book.properties.keywords.endswith(hash_)


def test_control_a_later_head_differs(records, nghean, make_matter):
    """The footer names the head in force when the file was made: a change after it moves
    the head, so a kept copy shows the older one."""
    before = _footer_text(documents.render("docx", for_unit("nghe_an"), parse("2024")))
    make_matter(by=nghean, title="Một thay đổi sau đó")
    after = _footer_text(documents.render("docx", for_unit("nghe_an"), parse("2024")))
    assert before != after and head()[1] in after and head()[1] not in before
