"""Reports as documents: XLSX (openpyxl), DOCX (docxtpl, from a replaceable template) and PDF
(the DOCX through LibreOffice, stamped like every PDF: `core.rendering`), with generated
sentences and charts.

`render(format, place, period)` gives the bytes (web downloads); `write_xlsx`, `write_docx`
and `write_pdf(place, period, output_path)` write a file (the `oversight report` command).
"""

from __future__ import annotations

from pathlib import Path

from oversight.core import rendering, stamps
from oversight.core.rendering import CONTENT_TYPES
from oversight.reports.periods import Period
from oversight.reports.places import Place

FORMATS = tuple(CONTENT_TYPES)


def render(fmt: str, place: Place, period: Period, user=None) -> bytes:
    """The report as `fmt`; its lists name only records `user` may open (without a user, as
    from the command line, only unclassified ones)."""
    # Late: openpyxl, docxtpl and the charts load for a document, not with the report pages.
    from oversight.reports.documents import content, docx, xlsx

    if fmt not in CONTENT_TYPES:
        raise ValueError(f"Unknown format “{fmt}”: use {', '.join(FORMATS)}.")
    gathered = content.collect(place, period, user=user)
    # Every format carries the audit chain head in force when it was made (its footer).
    stamp = stamps.stamp(gathered.issuer)
    if fmt == "xlsx":
        return xlsx.render(gathered, stamp=stamp)
    document = docx.render(gathered)
    if fmt == "docx":
        return rendering.stamp_docx(document, stamp)
    return rendering.to_pdf(document, ".docx", stamp=stamp)


def _write(fmt: str, place: Place, period: Period, output_path) -> Path:
    path = Path(output_path)
    data = render(fmt, place, period)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_xlsx(place: Place, period: Period, output_path) -> Path:
    return _write("xlsx", place, period, output_path)


def write_docx(place: Place, period: Period, output_path) -> Path:
    return _write("docx", place, period, output_path)


def write_pdf(place: Place, period: Period, output_path) -> Path:
    return _write("pdf", place, period, output_path)
