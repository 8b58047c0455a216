"""The report as an Excel workbook (openpyxl).

Sheets: "Chỉ tiêu" (every indicator: value, previous, the comparison in words by the one rule
of `sentences.change_words`), one per province for cluster and national reports, the matters
under monitoring by the period's end, and the directions overdue at its end. Each sheet has
the title rows, a bold frozen header, columns as wide as their contents and number formats
(#,##0; percentages for ratios; dd/mm/yyyy for dates). What a reader sees is in words, in the
interface's language: labels, units of measure ("đơn", "vụ", "đồng"), headings — no codes.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from oversight.core import calendar
from oversight.core.rendering import stamp_workbook
from oversight.reports.documents import sentences
from oversight.reports.documents.content import Content, kind_label, measure_unit, stage_label
from oversight.reports.indicators import CATALOGUE
from oversight.reports.places import UNIT
from oversight.reports.xld import table

INTEGER, PERCENT, DATE = "#,##0", "0.0%", "dd/mm/yyyy"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_ROWS = 4  # title, place and period, dates, blank; the header follows
MAX_WIDTH = 60


def _t(vi: str, en: str) -> str:
    return en if sentences.lang() == "en" else vi


def _sheet_title(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _table(ws, content: Content, heading: str, columns: list[tuple[str, int, str | None]],
           rows) -> None:
    """Title rows, then a header of `columns` (name, width, number format) and the rows."""
    ws["A1"] = content.issuer.upper()
    ws["A1"].font = Font(bold=True)
    ws["A2"] = heading
    ws["A2"].font = Font(bold=True, size=13)
    ws["A3"] = _t("Kỳ báo cáo: {label} (từ {start} đến {end})",
                  "Period: {label} ({start} to {end})").format(
        label=sentences.period_phrase(content.report["period"]),
        start=content.period.start.strftime("%d/%m/%Y"),
        end=content.period.end.strftime("%d/%m/%Y"))
    ws["A3"].font = Font(italic=True)
    header = TITLE_ROWS + 1
    for col, (name, width, _fmt) in enumerate(columns, start=1):
        cell = ws.cell(row=header, column=col, value=name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[header].height = 32
    r = header
    widest = [width for _name, width, _fmt in columns]
    for r, values in enumerate(rows, start=header + 1):  # noqa: B007
        formats = values.pop() if isinstance(values[-1], dict) else {}
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.border = BORDER
            fmt = formats.get(col) or columns[col - 1][2]
            if fmt:
                cell.number_format = fmt
            if isinstance(value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widest[col - 1] = max(widest[col - 1], _width_of(value))
    # Each column as wide as its longest entry (within MAX_WIDTH; longer text wraps), so a
    # unit's or a province's name is read whole.
    for col, width in enumerate(widest, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _width_of(value) -> float:
    """Characters a cell needs: the longest line of a text, the digits of a number."""
    if value is None:
        return 0
    if isinstance(value, str):
        return min(MAX_WIDTH, max((len(line) for line in value.splitlines()), default=0) + 2)
    if isinstance(value, int | float):
        return len(f"{value:,.0f}") + 3
    return 12  # dates


def _indicator_rows(figures: dict, with_change: bool = True):
    """Label, unit, value, previous, comparison — in words a reader uses, no codes."""
    for code, ind in CATALOGUE.items():
        if code not in figures:
            continue
        f = figures[code]
        fmt = PERCENT if ind.measure_unit == "ratio" else INTEGER
        row = [ind.label, measure_unit(code), f["value"], f["previous"]]
        if with_change:
            row.append(sentences.change_cell(f.get("change")))
        row.append({3: fmt, 4: fmt})
        yield row


def _indicator_columns(with_change: bool = True):
    columns = [
        (_t("Chỉ tiêu", "Indicator"), 52, None),
        (_t("Đơn vị tính", "Unit"), 14, None),
        (_t("Kỳ báo cáo", "This period"), 16, INTEGER),
        (_t("Cùng kỳ", "Same period last year"), 16, INTEGER),
    ]
    if with_change:
        columns.append((_t("So với cùng kỳ", "Against last year"), 18, None))
    return columns


def build(content: Content) -> Workbook:
    wb = Workbook()
    taken: set[str] = set()
    ws = wb.active
    ws.title = _sheet_title(_t("Chỉ tiêu", "Indicators"), taken)
    _table(ws, content, f"{_t('Báo cáo', 'Report')}: {content.title} — {content.place_name}",
           _indicator_columns(), _indicator_rows(content.report["indicators"]))
    if content.place.kind != UNIT:
        for part in content.report.get("parts", []):
            ws = wb.create_sheet(_sheet_title(part["name"], taken))
            _table(ws, content, f"{content.title} — {part['name']}",
                   _indicator_columns(with_change=False),
                   _indicator_rows(part["indicators"], with_change=False))
    _form_01xld(wb.create_sheet(_sheet_title("01-XLD", taken)), content)
    ws = wb.create_sheet(_sheet_title(_t("Vụ án, vụ việc", "Matters"), taken))
    _table(ws, content, _t("Vụ án, vụ việc thuộc diện theo dõi, chỉ đạo đến cuối kỳ",
                           "Matters under monitoring by the end of the period"),
           [(_t("Tên vụ án, vụ việc", "Title"), 48, None),
            (_t("Đơn vị", "Unit"), 18, None),
            (_t("Loại", "Kind"), 14, None),
            (_t("Giai đoạn", "Stage"), 18, None),
            (_t("Theo dõi từ", "Monitored from"), 13, DATE),
            (_t("Xử lý dứt điểm", "Completed on"), 13, DATE),
            (_t("Thiệt hại (đồng)", "Loss (VND)"), 18, INTEGER),
            (_t("Đã thu hồi (đồng)", "Recovered (VND)"), 18, INTEGER)],
           ([m.title, m.responsible_unit.place, kind_label(m.kind), stage_label(m.stage_at_end),
             m.monitored_from, m.completed_on, m.loss_amount, m.recovered_amount]
            for m in content.matters))
    end = content.period.end
    ws = wb.create_sheet(_sheet_title(_t("Chỉ đạo quá hạn", "Overdue directions"), taken))
    _table(ws, content, _t("Chỉ đạo quá hạn tại thời điểm cuối kỳ",
                           "Directions overdue at the end of the period"),
           [(_t("Nội dung chỉ đạo", "Direction"), 48, None),
            (_t("Vụ án, vụ việc", "Matter"), 32, None),
            (_t("Đơn vị thực hiện", "Addressee"), 20, None),
            (_t("Ngày ban hành", "Issued on"), 13, DATE),
            (_t("Hạn", "Due on"), 13, DATE),
            (_t("Số ngày làm việc quá hạn", "Working days overdue"), 12, INTEGER)],
           ([d.text, d.matter.title if d.matter else "", d.addressee.place, d.issued_on,
             d.due_on, calendar.working_days_between(calendar.next_working_day(d.due_on), end)]
            for d in content.overdue))
    return wb


def _form_01xld(ws, content: Content) -> None:
    """The petition-handling summary in the shape of form 01/XLD; its columns add up."""
    data = table(content.place, content.period)
    en = sentences.lang() == "en"
    columns = [(_t("Đơn vị", "Unit"), 20, None)] + [
        (c.label_en if en else f"{c.group_vi}: {c.label_vi}", 13, INTEGER)
        for c in data["columns"]]
    keys = [c.key for c in data["columns"]]
    rows = [[row["name"], *(row["values"][k] for k in keys)] for row in data["rows"]]
    rows.append([_t("Tổng cộng", "Total"), *(data["total"][k] for k in keys)])
    _table(ws, content, _t("Tổng hợp kết quả xử lý đơn (mẫu 01/XLD)",
                           "Petition handling summary (form 01/XLD)"), columns, rows)
    ws.row_dimensions[TITLE_ROWS + 1].height = 64
    last = ws.max_row
    for col in range(1, len(columns) + 1):
        ws.cell(row=last, column=col).font = Font(bold=True)


def render(content: Content, stamp=None) -> bytes:
    """The workbook's bytes; with `stamp` (`core.rendering.Stamp`), every sheet's printed
    footer carries it (the audit chain head)."""
    workbook = build(content)
    if stamp is not None:
        stamp_workbook(workbook, stamp)
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()
