"""The emulation ranking of a cluster as an Excel workbook (openpyxl): one sheet, a row per
member (rank, unit, score, targets registered) and, per indicator, target and achieved."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from oversight.committees.emulation import CAP, Ranking
from oversight.core import stamps
from oversight.core.rendering import stamp_workbook
from oversight.reports.documents import sentences
from oversight.reports.indicators import CATALOGUE

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _t(vi: str, en: str) -> str:
    return en if sentences.lang() == "en" else vi


def ranking(r: Ranking, visible=lambda s: True) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _t("Xếp hạng", "Ranking")[:31]
    ws["A1"] = f"{r.cluster.name} — {r.year}"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = _t(f"Đăng ký chỉ tiêu: {r.registered}/{r.members} đơn vị",
                  f"Targets registered: {r.registered}/{r.members} units")
    ws["A3"] = _t(f"Điểm = trung bình (thực hiện ÷ chỉ tiêu), mỗi chỉ tiêu tối đa {CAP}",
                  f"Score = mean of achieved ÷ target, each capped at {CAP}")
    codes = r.indicators
    header = [_t("Hạng", "Rank"), _t("Đơn vị", "Unit"), _t("Điểm", "Score"),
              _t("Số chỉ tiêu", "Targets")]
    for code in codes:
        label = CATALOGUE[code].label
        header += [f"{label} — {_t('chỉ tiêu', 'target')}",
                   f"{label} — {_t('thực hiện', 'achieved')}"]
    row = 5
    for col, text in enumerate(header, 1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for s in r.standings:
        row += 1
        ws.cell(row=row, column=1, value=s.rank)
        ws.cell(row=row, column=2, value=s.unit.place)
        if not visible(s):
            continue
        score = ws.cell(row=row, column=3, value=s.score)
        score.number_format = "0.0%"
        ws.cell(row=row, column=4, value=len(s.lines))
        lines = {ln.code: ln for ln in s.lines}
        for i, code in enumerate(codes):
            line = lines.get(code)
            if line is None:
                continue
            ws.cell(row=row, column=5 + 2 * i, value=float(line.target)).number_format = "#,##0"
            ws.cell(row=row, column=6 + 2 * i, value=line.achieved).number_format = "#,##0"
    widths = [7, 24, 10, 10] + [18] * (2 * len(codes))
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "C6"
    # The audit chain head in force now, in the printed footer and the properties (issue 13)
    stamp_workbook(wb, stamps.stamp(r.cluster.name, classification=None))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
