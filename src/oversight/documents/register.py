"""The register of outgoing documents (sổ đăng ký văn bản đi) of a unit and year: which unit
and year a request asks for, the totals, and the XLSX.

The columns follow the register of outgoing documents of Decree 30/2020/NĐ-CP's appendix (as
we remember it: number and symbol; date; kind and summary; signer; recipients; notes — the
copies kept and the delivery columns are filled by hand on paper and left out here). The
main series and the classified documents' series (art. 15: numbered apart) are listed one
after the other. A cancelled document stays, marked in the notes.
"""

from __future__ import annotations

import io
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from oversight.core import rendering, stamps
from oversight.core.scoping import VIEW
from oversight.core.views import units_for_filter
from oversight.documents.choices import DocumentStatus
from oversight.documents.kinds import KINDS
from oversight.documents.models import Document
from oversight.units.models import Unit

THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def chosen(request) -> tuple[str, int]:
    """(unit code, year): the unit asked for if the user may see it, else their own unit (or
    the first they may see); the year asked for, else this year."""
    units = list(units_for_filter(request.user).values_list("code", flat=True))
    code = request.GET.get("unit") or ""
    if code not in units:
        own = request.user.unit.code if getattr(request.user, "unit_id", None) else ""
        code = own if own in units else (units[0] if units else own)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 1900 <= int(raw) <= 9999 else timezone.localdate().year
    return code, year


def years(user, unit_code: str) -> list[int]:
    found = set(Document.objects.restrict(user, VIEW).filter(unit__code=unit_code)
                .values_list("year", flat=True).distinct())
    found.add(timezone.localdate().year)
    return sorted(found, reverse=True)


def totals(rows) -> dict:
    """Issued, cancelled, their sum, per kind, and the numbers used in each series: the
    register adds up when every number from 01 to the last appears exactly once."""
    issued = cancelled = 0
    by_kind: Counter = Counter()
    numbers: dict[str, list[int]] = {}
    for series, number, kind, status in rows.values_list("series", "number", "kind", "status"):
        numbers.setdefault(series, []).append(number)
        by_kind[kind] += 1
        if status == DocumentStatus.CANCELLED:
            cancelled += 1
        else:
            issued += 1
    series = [{"series": s, "count": len(n), "last": max(n),
               "complete": sorted(n) == list(range(1, max(n) + 1))}
              for s, n in sorted(numbers.items())]
    return {"issued": issued, "cancelled": cancelled, "total": issued + cancelled,
            "series": series,
            "by_kind": [(KINDS[k].label if k in KINDS else k, n)
                        for k, n in sorted(by_kind.items())]}


def notes(document) -> str:
    parts = []
    if document.status == DocumentStatus.CANCELLED:
        parts.append(_("Cancelled on %(date)s: %(reason)s") % {
            "date": document.cancelled_on.strftime("%d/%m/%Y"),
            "reason": document.cancel_reason})
    if document.replaces_id:
        parts.append(_("Replaces no. %(number)s") % {"number": document.replaces.symbol})
    if document.series:
        parts.append(_("Classified series"))
    return "; ".join(parts)


def columns() -> list[tuple[str, int]]:
    return [(_("No."), 6), (_("Number and symbol"), 18), (_("Date"), 12),
            (_("Kind and summary"), 60), (_("Signer"), 24), (_("Recipients"), 36),
            (_("Notes"), 36)]


def xlsx(rows, unit_code: str, year: int) -> bytes:
    unit = Unit.objects.filter(code=unit_code).first()
    wb = Workbook()
    ws = wb.active
    ws.title = _("Outgoing documents")[:31]
    ws["A1"] = (unit.name if unit else unit_code).upper()
    ws["A1"].font = Font(bold=True)
    ws["A2"] = _("Register of outgoing documents, %(year)s") % {"year": year}
    ws["A2"].font = Font(bold=True, size=13)
    header = 4
    for col, (name, width) in enumerate(columns(), start=1):
        cell = ws.cell(row=header, column=col, value=name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    r = header
    rows = list(rows.select_related("replaces"))
    for r, d in enumerate(rows, start=header + 1):  # noqa: B007
        kind = KINDS[d.kind].label if d.kind in KINDS else d.kind
        values = [d.number, d.symbol, d.issued_on, f"{kind}: {d.summary}",
                  f"{d.signer_name} ({d.signer_position})" if d.signer_position
                  else d.signer_name, "\n".join(d.recipients), notes(d)]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col == 3:
                cell.number_format = "dd/mm/yyyy"
    summary = totals_of(rows)
    ws.cell(row=r + 2, column=1, value=_(
        "Total: %(total)s documents (%(issued)s issued, %(cancelled)s cancelled).") % summary)
    ws.cell(row=r + 2, column=1).font = Font(bold=True)
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # The audit chain head in force now, in the printed footer and the properties (issue 13)
    rendering.stamp_workbook(wb, stamps.stamp(unit.name if unit else unit_code,
                                              classification=None))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def totals_of(documents) -> dict:
    cancelled = sum(1 for d in documents if d.status == DocumentStatus.CANCELLED)
    return {"total": len(documents), "issued": len(documents) - cancelled,
            "cancelled": cancelled}
