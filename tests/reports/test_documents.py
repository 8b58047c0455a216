"""The report documents for the `records` fixture (Nghệ An, 2024): XLSX, DOCX, PDF, the view."""

import io
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from oversight.core import rendering as pdf
from oversight.reports import documents
from oversight.reports.documents import charts, content
from oversight.reports.documents.xlsx import TITLE_ROWS
from oversight.reports.models import ReportTemplate
from oversight.reports.periods import parse
from oversight.reports.places import for_unit, national

needs_libreoffice = pytest.mark.skipif(
    pdf.soffice() is None, reason="LibreOffice (soffice) is not installed")


def _rows_by_code(ws):
    """The sheet's rows by indicator code, found through their labels (no code is shown)."""
    from oversight.reports.indicators import CATALOGUE

    header = next(r for r in range(1, 10) if ws.cell(r, 1).value in ("Chỉ tiêu", "Indicator"))
    by_label = {row[0]: row for row in ws.iter_rows(min_row=header + 1, values_only=True)}
    return {code: by_label[ind.label] for code, ind in CATALOGUE.items() if ind.label in by_label}


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def test_xlsx_indicator_sheet(records, tmp_path):
    path = documents.write_xlsx(for_unit("nghe_an"), parse("2024"), tmp_path / "r.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Chỉ tiêu", "01-XLD", "Vụ án, vụ việc", "Chỉ đạo quá hạn"]
    ws = wb["Chỉ tiêu"]
    assert ws["A1"].value == "BAN NỘI CHÍNH TỈNH ỦY NGHỆ AN"
    assert ws.freeze_panes == "A6"
    rows = _rows_by_code(ws)
    label, unit, value, previous, change = rows["matters_put_under_monitoring"]
    assert (unit, value, previous, change) == ("vụ", 2, 2, "bằng cùng kỳ")
    assert rows["directions_overdue"][2:5] == (2, 0, "–")
    assert rows["loss_amount"][1:5] == ("đồng", 1000, 600, "tăng 66,7%")
    assert rows["cases_prosecuted"][4] == "bằng 0,50 lần"
    assert rows["recovery_rate"][1:3] == ("%", 0.25)
    assert rows["petitions_received"][1] == "đơn" and rows["receptions"][1] == "cuộc"
    assert ws.cell(6, 3).number_format == "#,##0"
    rate_row = next(r for r in range(6, ws.max_row + 1)
                    if ws.cell(r, 1).value == "Tỷ lệ thu hồi tài sản")
    assert ws.cell(rate_row, 3).number_format == "0.0%"
    # No code a reader would have to decode, in any sheet.
    import re

    for sheet in wb.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and re.fullmatch(r"[a-z]+(_[a-z0-9]+)+",
                                                                    value)), value
    # The unit and title columns are as wide as their longest entry.
    matters = wb["Vụ án, vụ việc"]
    longest = max(len(r[1]) for r in matters.iter_rows(min_row=6, values_only=True))
    assert matters.column_dimensions["B"].width >= longest
    matters = wb["Vụ án, vụ việc"]
    titles = [r[0] for r in matters.iter_rows(min_row=6, values_only=True)]
    assert sorted(titles) == ["M1", "M2", "M3", "M7", "M8"]  # not M4 (2025), not Hà Nội
    overdue = wb["Chỉ đạo quá hạn"]
    assert overdue.max_row - 5 == 2


def test_national_xlsx_has_a_sheet_per_province(records):
    wb = load_workbook(io.BytesIO(documents.render("xlsx", national(), parse("2024"))))
    assert len(wb.sheetnames) == 1 + 35 + 3
    assert "Nghệ An" in wb.sheetnames and "Trung ương" in wb.sheetnames
    rows = _rows_by_code(wb["Nghệ An"])
    assert rows["matters_put_under_monitoring"][2] == 2
    assert _rows_by_code(wb["Hà Nội"])["matters_put_under_monitoring"][2] == 1


def test_docx_has_the_sentences_with_the_figures(records):
    text = docx_text(documents.render("docx", for_unit("nghe_an"), parse("2024")))
    assert "BAN NỘI CHÍNH TỈNH ỦY NGHỆ AN" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Kết quả công tác nội chính và phòng, chống tham nhũng, lãng phí, tiêu cực\nnăm 2024" \
        in text
    assert ("Trong năm 2024, đã đưa 2 vụ án, vụ việc vào diện theo dõi, chỉ đạo (lũy kế 5 vụ án, "
            "vụ việc từ khi thành lập), đã xử lý dứt điểm 1 vụ án, vụ việc.") in text
    assert "Khởi tố mới 1 vụ án, 2 bị can, bằng 0,50 lần so với cùng kỳ năm 2023." in text
    assert "xét xử sơ thẩm 1 vụ án/2 bị cáo" in text
    assert "Đến cuối kỳ, còn 2 chỉ đạo quá hạn chưa thực hiện xong." in text
    assert "I. CÔNG TÁC THEO DÕI" in text and "V. THỰC HIỆN CÁC CHỈ ĐẠO" in text
    assert ("Trong năm 2024, tiếp nhận 3 đơn thư (trong đó 1 đơn khiếu nại, 1 đơn tố cáo), "
            "gấp 3 lần so với cùng kỳ năm 2023; đã xử lý 2 đơn, trong đó chuyển 1 đơn đến cơ "
            "quan có thẩm quyền.") in text
    assert "Tham mưu tổ chức 2 cuộc tiếp công dân, 1 cuộc đối thoại" in text
    assert "Vụ án, vụ việc đưa vào diện theo dõi, chỉ đạo | vụ | 2 | 2 | bằng cùng kỳ" \
        in text
    assert "{{" not in text and "{%" not in text
    doc = Document(io.BytesIO(documents.render("docx", for_unit("nghe_an"), parse("2024"))))
    assert len(doc.inline_shapes) == 3  # by stage, per month, overdue by unit


def test_sections_follow_the_catalogue(records, monkeypatch):
    from oversight.reports.indicators import CATALOGUE, Indicator

    assert content.section_codes() == ["matters", "criminal", "recovery", "petitions",
                                       "directions", "committee"]
    monkeypatch.setitem(CATALOGUE, "courses_x", Indicator(
        "courses_x", "Lớp tập huấn", "Courses", "courses", "test", section="training"))
    assert content.section_codes()[-1] == "training"


def test_an_active_uploaded_template_replaces_the_default(records, tmp_path, settings):
    from django.core.files.base import ContentFile
    from docx import Document as NewDocument

    settings.MEDIA_ROOT = tmp_path
    custom = NewDocument()
    custom.add_paragraph("MẪU RIÊNG {{ issuer }} — {{ title }}")
    buf = io.BytesIO()
    custom.save(buf)
    ReportTemplate.objects.create(name="Riêng", file=ContentFile(buf.getvalue(), "riêng.docx"))
    text = docx_text(documents.render("docx", for_unit("nghe_an"), parse("2024")))
    assert text.startswith("MẪU RIÊNG Ban Nội chính Tỉnh ủy Nghệ An — Kết quả công tác")
    second = ReportTemplate.objects.create(name="Khác", file=ContentFile(buf.getvalue(), "b.docx"))
    assert ReportTemplate.objects.filter(active=True).get() == second


def test_charts_are_png():
    for data in (charts.by_stage([("Điều tra", 3), ("Truy tố", 1)]),
                 charts.by_stage([]),
                 charts.monthly({"labels": ["T1", "T2"], "current": [1, 2], "previous": [0, 1],
                                 "current_label": "năm 2024", "previous_label": "năm 2023"}),
                 charts.overdue_by_unit([("Công an tỉnh Nghệ An", 2)]),
                 charts.overdue_by_unit([])):
        assert data.startswith(b"\x89PNG")


def test_pdf_without_libreoffice_says_so(records, monkeypatch, tmp_path):
    monkeypatch.setenv("OVERSIGHT_SOFFICE", "no-such-soffice")
    with pytest.raises(pdf.LibreOfficeMissing, match="LibreOffice is not installed"):
        documents.write_pdf(for_unit("nghe_an"), parse("2024"), tmp_path / "r.pdf")


def _pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        return ""
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_converts_the_docx(records, tmp_path):
    path = documents.write_pdf(for_unit("nghe_an"), parse("2024"), tmp_path / "r.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    text = _pdf_text(path)
    if text:
        text = " ".join(text.split())
        assert "NGHỆ AN" in text and "Khởi tố mới 1 vụ án, 2 bị can" in text
        # The stamp of every PDF: classification, issuer, print date, pages, audit head.
        from oversight.audit.chain import head

        assert "Độ mật: Thông thường" in text and "Trang 1/" in text
        assert "Ban Nội chính Tỉnh ủy Nghệ An · In lúc" in text and head()[1] in text


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_converts_the_xlsx(records, tmp_path):
    source = documents.write_xlsx(for_unit("nghe_an"), parse("2024"), tmp_path / "r.xlsx")
    converted = pdf.convert(source, tmp_path / "out")
    assert converted.read_bytes().startswith(b"%PDF")
    text = _pdf_text(converted)
    if text:
        assert "BAN NỘI CHÍNH TỈNH ỦY NGHỆ AN" in text


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_export_view(records, web, nghean, fmt):
    response = web(nghean).get(f"/reports/export/?unit=nghe_an&period=2024&format={fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == documents.CONTENT_TYPES[fmt]
    assert f'filename="bao-cao-nghe_an-2024.{fmt}"' in response["Content-Disposition"]
    assert web(nghean).get(f"/reports/export/?unit=ha_noi&period=2024&format={fmt}") \
        .status_code == 403


def test_export_view_access_and_errors(records, web, client, nghean, analyst):
    assert client.get("/reports/export/?unit=nghe_an&period=2024").status_code == 302  # login
    assert web(nghean).get("/reports/export/?scope=national&period=2024").status_code == 403
    assert web(nghean).get("/reports/export/?unit=nghe_an&period=2024&format=odt") \
        .status_code == 400
    assert web(nghean).get("/reports/export/?unit=nghe_an&period=2024-Q9").status_code == 400
    assert web(analyst).get("/reports/export/?cluster=cluster_ii&period=2024&format=xlsx") \
        .status_code == 200


def test_report_command_writes_xlsx_and_docx(records, tmp_path):
    from django.core.management import call_command

    for fmt in ("xlsx", "docx"):
        out = tmp_path / f"r.{fmt}"
        call_command("report", unit="nghe_an", period="2024-H1", format=fmt, output=str(out))
        assert out.stat().st_size > 1000


@pytest.mark.parametrize("code", ["2024-H1", "2024-Q3", "2024-05", "2021-2025",
                                  "2024-01-10..2024-03-31"])
def test_docx_for_every_kind_of_period(records, code):
    text = docx_text(documents.render("docx", for_unit("nghe_an"), parse(code)))
    assert "vào diện theo dõi, chỉ đạo" in text


def test_english_documents(records):
    from django.utils import translation

    with translation.override("en"):
        text = docx_text(documents.render("docx", for_unit("nghe_an"), parse("2024")))
        wb = load_workbook(io.BytesIO(documents.render("xlsx", for_unit("nghe_an"),
                                                       parse("2024"))))
    assert "COMMUNIST PARTY OF VIETNAM" in text
    assert "Prosecuted 1 new case and 2 defendants, 0.50 times the same period of 2023." \
        in text
    assert wb.sheetnames[0] == "Indicators"
    ws = wb["Indicators"]
    rows = [r for r in ws.iter_rows(min_row=5, max_row=5, values_only=True)][0]
    assert rows[:5] == ("Indicator", "Unit", "This period", "Same period last year",
                        "Against last year")
    with translation.override("en"):
        assert _rows_by_code(ws)["loss_amount"][1:5] == ("VND", 1000, 600, "up 66.7%")


@pytest.mark.libreoffice
@needs_libreoffice
def test_export_view_pdf(records, web, nghean):
    response = web(nghean).get("/reports/export/?unit=nghe_an&period=2024&format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_xlsx_has_form_01xld_whose_columns_add_up(records):
    wb = load_workbook(io.BytesIO(documents.render("xlsx", for_unit("nghe_an"), parse("2024"))))
    ws = wb["01-XLD"]
    header = [c.value for c in ws[TITLE_ROWS + 1]]
    total = {name: c.value for name, c in zip(header, ws[ws.max_row], strict=True)}
    assert total["Tổng số đơn: Tổng"] == total["Tổng số đơn: Kỳ trước chuyển sang"] + \
        total["Tổng số đơn: Tiếp nhận trong kỳ"]
    assert total["Tổng số đơn: Tiếp nhận trong kỳ"] == 3  # the records fixture's petitions
    assert total["Tổng số đơn: Tổng"] == sum(
        v for k, v in total.items() if k and k.startswith(("Khiếu nại", "Tố cáo", "Kiến nghị")))
