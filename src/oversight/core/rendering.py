"""Documents out of the system, in one place: Word from a replaceable template (docxtpl), PDF
through LibreOffice, and the stamp every PDF page carries.

- `render_docx(source, context)`: a DOCX template (a path or a stream) filled with `context`
  (a dict, or a function of the `DocxTemplate` for contexts that embed images).
- `render_replaceable(active, default, context, stamp=...)`: the same from a template an
  administrator may replace (the active uploaded row, else the default file shipped with the
  app), stamped when a stamp is given: a meeting's minutes and a report are made by it.
- `to_pdf(data, suffix, stamp=...)`: any office or HTML document as PDF, converted as it is by
  LibreOffice headless (so a PDF and its Word source never differ), then stamped. The stamp is
  a required argument: no PDF leaves the system without the classification marking, the
  issuing unit, the print date and time, "Trang x/y" and the audit chain head in force when
  it was printed (the reader can then check the trail was not rewritten since:
  `oversight audit verify --expect-head HASH`).

The stamp is drawn with reportlab on a transparent page laid over each page of the converted
PDF (pikepdf), in DejaVu Sans, which has every Vietnamese letter and ships with matplotlib.
Plain Python over files: nothing here imports the apps above `core`. The caller builds the
`Stamp` (see `oversight.core.stamps`, the one place that reads the audit head).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = int(os.environ.get("OVERSIGHT_SOFFICE_TIMEOUT", "120"))
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class ConversionError(RuntimeError):
    """LibreOffice is missing, failed or took too long."""


class LibreOfficeMissing(ConversionError):
    pass


# --- Word ---------------------------------------------------------------------------------


def template_source(uploaded_file, default: Path):
    """The bytes of an uploaded template (a FieldFile) as a stream, else the default's path."""
    if uploaded_file:
        with uploaded_file.open("rb") as fh:
            return io.BytesIO(fh.read())
    return default


def render_docx(source, context: dict | Callable) -> bytes:
    """Fill a docxtpl template. `context` may be a function of the template (for InlineImage)."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(source)
    tpl.render(context(tpl) if callable(context) else context, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def render_replaceable(active, default: Path, context: dict | Callable, *,
                       stamp: Stamp | None = None) -> bytes:
    """A Word document from a replaceable template: `active` is the uploaded template in use
    (a row with a `file`, see `core.doctemplates`) or None for the `default` shipped with the
    app; filled with `context` (as `render_docx`), then stamped if `stamp` is given."""
    document = render_docx(template_source(active.file if active else None, default), context)
    return stamp_docx(document, stamp) if stamp is not None else document


# --- LibreOffice --------------------------------------------------------------------------


def soffice() -> str | None:
    """The LibreOffice executable (OVERSIGHT_SOFFICE, else soffice or libreoffice on PATH)."""
    configured = os.environ.get("OVERSIGHT_SOFFICE")
    if configured:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, outdir: Path, timeout: int = TIMEOUT) -> Path:
    """Convert `source` to PDF in `outdir` with LibreOffice headless; returns the PDF's path.

    Each conversion uses its own LibreOffice profile directory, so parallel conversions (two
    web requests, the worker, the tests) do not fight over one profile's lock, and a timeout,
    so a stuck soffice cannot hold a worker forever."""
    binary = soffice()
    if binary is None:
        raise LibreOfficeMissing(
            "LibreOffice is not installed, so PDF documents cannot be made: install it "
            "(apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) or set "
            "OVERSIGHT_SOFFICE to its soffice executable. DOCX and XLSX work without it."
        )
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="oversight-lo-") as profile:
        command = [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore"]
        if source.suffix.lower() in (".html", ".htm"):
            # Writer proper, not Writer/Web: the web import drops the first heading and
            # starts the text on a second page.
            command += ["--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export"]
        else:
            command += ["--convert-to", "pdf"]
        command += ["--outdir", str(outdir), str(source)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                    check=False)
        except subprocess.TimeoutExpired as error:
            raise ConversionError(f"LibreOffice took more than {timeout} s to convert "
                                  f"{source.name}.") from error
    pdf = outdir / (source.stem + ".pdf")
    if result.returncode != 0 or not pdf.exists():
        raise ConversionError(f"LibreOffice could not convert {source.name}: "
                              f"{(result.stderr or result.stdout).strip()[:500]}")
    return pdf


# --- The stamp ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    """What every page of a PDF says about where it comes from.

    `marking`: the classification as printed ("" for an unclassified record: the footer then
    says so in words, `marking_line`); `issuer`: the issuing unit's name; `printed_at`: when the
    file was made; `head`/`position`: the audit chain's last hash and entry id at that time;
    `page_label`: "Trang" or "Page" ("{label} x/y")."""

    marking: str
    marking_line: str
    issuer: str
    printed_at: dt.datetime
    head: str
    position: int
    printed_label: str = "In lúc"
    head_label: str = "Chuỗi nhật ký kiểm toán"
    page_label: str = "Trang"
    head_at: dt.datetime | None = None  # when the head entry was written

    def left_line(self) -> str:
        return " · ".join(filter(None, [self.marking_line, self.issuer,
                                        f"{self.printed_label} "
                                        f"{self.printed_at:%d/%m/%Y %H:%M}"]))

    def head_line(self) -> str:
        """"Chuỗi nhật ký kiểm toán #1234 (03/12/2026 11:05:09): 3f2a…" — the hash in full,
        to compare with `oversight audit verify --expect-head HASH`."""
        when = f" ({self.head_at:%d/%m/%Y %H:%M:%S})" if self.head_at else ""
        return f"{self.head_label} #{self.position}{when}: {self.head}"

    def footer_lines(self, page: int, pages: int) -> tuple[str, str, str]:
        return self.left_line(), self.head_line(), f"{self.page_label} {page}/{pages}"


def stamp_docx(data: bytes, stamp: Stamp) -> bytes:
    """A Word document with the stamp's two lines at the foot of every section (printed on
    every page) and the chain head in its properties."""
    from docx import Document
    from docx.shared import Pt

    document = Document(io.BytesIO(data))
    for section in document.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        for text in (stamp.left_line(), stamp.head_line()):
            run = footer.add_paragraph().add_run(text)
            run.font.size = Pt(6)
    properties = document.core_properties
    properties.keywords = f"audit-head #{stamp.position} {stamp.head}"
    properties.comments = stamp.head_line()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def stamp_workbook(workbook, stamp: Stamp) -> None:
    """The stamp on every sheet's printed footer, and the chain head in the properties."""
    for sheet in workbook.worksheets:
        sheet.oddFooter.left.text = stamp.left_line()[:120]
        sheet.oddFooter.left.size = 7
        sheet.oddFooter.center.text = stamp.head_line()[:130]
        sheet.oddFooter.center.size = 6
        sheet.oddFooter.right.text = f"{stamp.page_label} &P/&N"
        sheet.oddFooter.right.size = 7
    workbook.properties.keywords = f"audit-head #{stamp.position} {stamp.head}"
    workbook.properties.description = stamp.head_line()


def _font_path(bold: bool = False) -> str:
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf", name)


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "OversightSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("OversightSans", _font_path()))
        pdfmetrics.registerFont(TTFont("OversightSans-Bold", _font_path(bold=True)))


def _overlay(sizes: list[tuple[float, float]], stamp: Stamp) -> bytes:
    """One transparent page per page of the document, carrying the stamp."""
    from reportlab.lib.colors import Color
    from reportlab.pdfgen import canvas

    _register_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    grey, red = Color(0.3, 0.3, 0.3), Color(0.75, 0, 0)
    for number, (width, height) in enumerate(sizes, 1):
        c.setPageSize((width, height))
        left, head, page = stamp.footer_lines(number, len(sizes))
        margin = 28
        c.setFillColor(grey)
        c.setFont("OversightSans", 6.5)
        c.drawString(margin, 20, left[:160])
        c.setFont("OversightSans", 5.5)
        c.drawString(margin, 12, head[:200])
        c.setFont("OversightSans-Bold", 7.5)
        c.drawRightString(width - margin, 16, page)
        if stamp.marking:  # the classification, boxed, at the top of every page
            c.setFillColor(red)
            c.setStrokeColor(red)
            c.setFont("OversightSans-Bold", 11)
            text_width = c.stringWidth(stamp.marking, "OversightSans-Bold", 11)
            x, y = width - margin - text_width - 8, height - 24
            c.rect(x, y - 4, text_width + 8, 16, stroke=1, fill=0)
            c.drawString(x + 4, y, stamp.marking)
        c.showPage()
    c.save()
    return buf.getvalue()


def stamp_pdf(data: bytes, stamp: Stamp) -> bytes:
    """Lay the stamp over every page of a PDF."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        sizes = []
        for page in pdf.pages:
            box = page.mediabox
            sizes.append((float(box[2]) - float(box[0]), float(box[3]) - float(box[1])))
        with pikepdf.open(io.BytesIO(_overlay(sizes, stamp))) as layer:
            for page, stamp_page in zip(pdf.pages, layer.pages, strict=True):
                page.add_overlay(stamp_page)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def to_pdf(data: bytes, suffix: str, *, stamp: Stamp) -> bytes:
    """PDF bytes of an office document (or HTML page) given as bytes, stamped."""
    with tempfile.TemporaryDirectory(prefix="oversight-pdf-") as work:
        source = Path(work) / f"document{suffix}"
        source.write_bytes(data)
        converted = convert(source, Path(work) / "out").read_bytes()
    return stamp_pdf(converted, stamp)
