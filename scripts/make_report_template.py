"""Write the default report template, src/oversight/reports/templates/reports/report_template.docx.

Usage: .venv/bin/python scripts/make_report_template.py [OUTPUT]

The template is a Word document with docxtpl (Jinja) tags; every visible word comes from the
context (see oversight/reports/documents/docx.py), so one template serves Vietnamese and
English. An administrator can open the result in Word or LibreOffice, restyle it (fonts,
margins, the header block, a logo) keeping the tags, and upload it as a ReportTemplate.

The shape follows the Party's document rules (Hướng dẫn 36-HD/VPTW): the issuing body's name
on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" on the right over the place and date, the kind of
document and its title centred, Times New Roman 13–14 pt, A4 with 3 cm on the left.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "src/oversight/reports/templates/reports/report_template.docx"
FONT = "Times New Roman"
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, \
    WD_ALIGN_PARAGRAPH.JUSTIFY


def _font(style, size, bold=None):
    style.font.name = FONT
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(container, text="", align=None, bold=False, italic=False, underline=False,
          size=None, space_after=0, indent=None, keep_next=False):
    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(0)
    if indent is not None:
        fmt.first_line_indent = indent
    if keep_next:
        fmt.keep_with_next = True
    return p


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _widths(table, widths):
    """Both the grid (LibreOffice reads it) and each cell (Word reads those)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _cell(cell, text, align=None, bold=False, italic=False, underline=False, size=None):
    """Write into a cell's first paragraph (a new cell has one, empty)."""
    p = cell.paragraphs[0]
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    return p


def _shade(cell, fill="DDEBF7"):
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def build(output: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    _font(doc.styles["Normal"], 13)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.15
    _font(doc.styles["Table Grid"], 11)

    # Header block: issuing body | party, place and date.
    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    _widths(header, [Cm(8.8), Cm(7.7)])
    left, right = header.rows[0].cells
    _cell(left, "{{ issuer_upper }}", CENTER, bold=True, size=12)
    _para(left, "*", CENTER)
    _para(left, "{{ number_line }}", CENTER, size=12)
    _cell(right, "{{ t.party }}", CENTER, bold=True, underline=True, size=13)
    _para(right, "")
    _para(right, "{{ date_line }}", CENTER, italic=True, size=13)

    _para(doc, "", space_after=6)
    _para(doc, "{{ t.report }}", CENTER, bold=True, size=15)
    _para(doc, "{{ title_lead }}", CENTER, bold=True, size=13)
    _para(doc, "{{ title_period }}", CENTER, bold=True, size=13)
    _para(doc, "{{ period_line }}", CENTER, italic=True, size=12)
    _para(doc, "-----", CENTER, space_after=12)

    _para(doc, "{%p for s in sections %}")
    _para(doc, "{{ s.number }}. {{ s.title|upper }}", JUSTIFY, bold=True, space_after=6,
          keep_next=True)
    _para(doc, "{%p for line in s.sentences %}")
    _para(doc, "{{ line }}", JUSTIFY, space_after=6, indent=Cm(1.0))
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p if s.rows %}")
    table = doc.add_table(rows=4, cols=5)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [Cm(6.6), Cm(1.8), Cm(2.1), Cm(2.1), Cm(3.9)])  # the comparison in words
    for cell, text in zip(table.rows[0].cells, ["{{ t.indicator }}", "{{ t.unit }}",
                                                "{{ t.value }}", "{{ t.previous }}",
                                                "{{ t.change }}"], strict=True):
        _cell(cell, text, CENTER, bold=True)
        _shade(cell)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for r in s.rows %}")
    for cell, text, align in zip(table.rows[2].cells,
                                 ["{{ r.label }}", "{{ r.unit }}", "{{ r.value_text }}",
                                  "{{ r.previous_text }}", "{{ r.change_text }}"],
                                 [None, CENTER, RIGHT, RIGHT, RIGHT], strict=True):
        _cell(cell, text, align)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _para(doc, "{%p endif %}")
    _para(doc, "", space_after=6)
    _para(doc, "{%p for image in s.images %}")
    _para(doc, "{{ image }}", CENTER, space_after=6)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endfor %}")

    # Recipients | signature.
    _para(doc, "", space_after=6)
    footer = doc.add_table(rows=1, cols=2)
    _no_borders(footer)
    _widths(footer, [Cm(8), Cm(8.5)])
    left, right = footer.rows[0].cells
    _cell(left, "{{ t.recipients }}", bold=True, italic=True, size=12)
    _para(left, "{%p for line in t.recipients_list %}")
    _para(left, "{{ line }}", size=11)
    _para(left, "{%p endfor %}")
    _cell(right, "{{ t.on_behalf }}", CENTER, bold=True)
    _para(right, "{{ t.signer }}", CENTER, bold=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    doc.save(output)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    build(target)
    print(f"Wrote {target}")
