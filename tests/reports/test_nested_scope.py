"""A report's lists name only what its reader may open (issue 13, point 2): the unit's XLSX
(and DOCX) no longer lists a confidential or secret matter or the texts of its directions to
an officer not on its access list; the figures still count them; the access list sees them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.test_scope import _classify, _grant

TITLE = "Vụ án mật XL-51"
TEXT = "Chỉ đạo mật XL-52"


def _xlsx_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows()
                     for c in row if c.value is not None)


@pytest.fixture
def secret_records(make_matter, make_direction):
    matter = make_matter("nghe_an", title=TITLE, monitored_from=dt.date(2024, 2, 1))
    make_direction(matter=matter, unit_code="nghe_an", text=TEXT, issued_on=dt.date(2024, 2, 2),
                   due_on=dt.date(2024, 3, 1))
    make_matter("nghe_an", title="Vụ án công khai XL-53", monitored_from=dt.date(2024, 2, 1))
    _classify(matter, "confidential")
    return matter


def test_xlsx_hides_classified_matters_and_their_directions(secret_records, web, nghean):
    response = web(nghean).get("/reports/export/?unit=nghe_an&period=2024&format=xlsx")
    assert response.status_code == 200
    text = _xlsx_text(response.content)
    assert "XL-53" in text  # the list is there
    assert TITLE not in text and TEXT not in text
    _grant(secret_records, nghean)  # control: on the access list, they are listed
    text = _xlsx_text(web(nghean).get(
        "/reports/export/?unit=nghe_an&period=2024&format=xlsx").content)
    assert TITLE in text and TEXT in text


def test_docx_and_report_job_follow_the_same_rule(secret_records, web, nghean):
    from docx import Document

    from oversight.reports import documents
    from oversight.reports.periods import parse
    from oversight.reports.places import for_unit

    response = web(nghean).get("/reports/export/?unit=nghe_an&period=2024&format=docx")
    doc = Document(io.BytesIO(response.content))
    body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert TITLE not in body and TEXT not in body
    # Without a reader (the command line), only unclassified records are listed.
    text = _xlsx_text(documents.render("xlsx", for_unit("nghe_an"), parse("2024")))
    assert "XL-53" in text and TITLE not in text and TEXT not in text
    _grant(secret_records, nghean)
    text = _xlsx_text(documents.render("xlsx", for_unit("nghe_an"), parse("2024"), user=nghean))
    assert TITLE in text
