"""A list as a file: CSV (UTF-8 with a byte-order mark, so that Excel reads Vietnamese) or
XLSX (openpyxl), with the columns the list's table shows (`ScopedListView.export_columns`).

What a list exports is exactly what it shows: the same scoped queryset (`restrict`), the same
filters, and the same columns — a protected identity is not a column of any list, so it is in
no export. Every export is written to the audit trail (who, which list, which filters, how
many rows). Above `BACKGROUND_ROWS` rows the file is written by a background job (`list_export`
in `jobs.definitions`), with a progress bar, and downloaded from the job's page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.audit import record
from oversight.audit.choices import Action
from oversight.core import stamps
from oversight.core.jobs import enqueue
from oversight.core.rendering import stamp_workbook

FORMATS = ("csv", "xlsx")
BACKGROUND_ROWS = 3000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK = 500


def cell(value):
    """A value as a spreadsheet cell: dates stay dates, None is empty, the rest is text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) \
            else value
    if isinstance(value, dt.date | int | float):
        return value
    return str(value)


def rows(columns, queryset, progress=None):
    """The header, then one row per record (in chunks; `progress(n)` after each)."""
    yield [str(label) for label, _get in columns]
    for done, obj in enumerate(queryset.iterator(chunk_size=CHUNK), start=1):
        yield [cell(get(obj)) for _label, get in columns]
        if progress and done % CHUNK == 0:
            progress(done)


def stamp(user):
    """The stamp of a list file made now for `user` (the audit chain head in force, their
    unit as the issuer, no one classification: a list holds records of several)."""
    unit = getattr(user, "unit", None)
    return stamps.stamp(getattr(unit, "name", "") or "", classification=None)


def write(fmt: str, all_rows, stamp=None) -> bytes:
    """The file. With `stamp` (`core.rendering.Stamp`) it carries the audit chain head in force
    when it was written (issue 13, SECURITY.md "Publishing the chain head"): a CSV as its last
    row, one cell holding the stamp's head line (a program reading the list drops that row);
    an XLSX in every sheet's printed footer and the workbook's properties, as a report's."""
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        for row in all_rows:
            writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v
                             for v in row])
        if stamp is not None:
            writer.writerow([stamp.head_line()])
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in all_rows:
        sheet.append(row)
    if stamp is not None:
        stamp_workbook(book, stamp)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(list_name: str, fmt: str) -> str:
    return f"{list_name or 'danh-sach'}-{timezone.localdate():%Y%m%d}.{fmt}"


def respond(request, view, queryset, fmt: str):
    """The file at once, or (many rows) a background job and a redirect to its page."""
    from django.shortcuts import redirect

    total = queryset.count()
    query = request.GET.urlencode()
    if total > BACKGROUND_ROWS:
        from django.contrib import messages

        job = enqueue("list_export", request.user, view=f"{type(view).__module__}."
                      f"{type(view).__qualname__}", query=query, format=fmt,
                      list_name=view.list_name)
        messages.info(request, _("%(n)s rows: the file is being written in the background.")
                      % {"n": f"{total:,}".replace(",", ".")})
        return redirect("job-detail", job.pk)
    data = write(fmt, rows(view.export_columns, queryset), stamp=stamp(request.user))
    record(Action.EXPORT, request=request, object_type_=f"list.{view.list_name}",
           detail={"format": fmt, "rows": total, "query": query[:500]})
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(view.list_name, fmt)}"'
    return response
