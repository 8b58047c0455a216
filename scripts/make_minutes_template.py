"""Write the default minutes template (committees/templates/committees/minutes_template.docx).

Usage: .venv/bin/python scripts/make_minutes_template.py [OUTPUT]

A Word document with docxtpl (Jinja) tags; every visible word comes from the context (see
oversight/committees/minutes.py), so one template serves Vietnamese and English. An
administrator can restyle it keeping the tags and upload it as a MinutesTemplate.
Same page and fonts as the report template (scripts/make_report_template.py).
"""

import sys
from pathlib import Path

from docx import Document
from docx.shared import Cm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_report_template import (  # noqa: E402
    CENTER,
    JUSTIFY,
    _cell,
    _font,
    _no_borders,
    _para,
    _widths,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "src/oversight/committees/templates/committees/minutes_template.docx"


def build(output: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    _font(doc.styles["Normal"], 13)

    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    _widths(header, [Cm(8.8), Cm(7.7)])
    left, right = header.rows[0].cells
    _cell(left, "{{ issuer_upper }}", CENTER, bold=True, size=12)
    _para(left, "*", CENTER)
    _cell(right, "{{ t.party }}", CENTER, bold=True, underline=True, size=13)
    _para(right, "")
    _para(right, "{{ date_line }}", CENTER, italic=True, size=13)

    _para(doc, "", space_after=6)
    _para(doc, "{{ t.minutes }}", CENTER, bold=True, size=15)
    _para(doc, "{{ title }}", CENTER, bold=True, size=13)
    _para(doc, "{{ kind }} — {{ body }} — {{ held_on }}", CENTER, italic=True, size=12)
    _para(doc, "-----", CENTER, space_after=12)
    _para(doc, "{{ t.chair }}: {{ chair }}", JUSTIFY, space_after=3)
    _para(doc, "{%p if place %}")
    _para(doc, "{{ t.place }}: {{ place }}", JUSTIFY, space_after=3)
    _para(doc, "{%p endif %}")
    _para(doc, "{{ t.attendees }}:", JUSTIFY, space_after=3)
    _para(doc, "{%p for a in attendees %}")
    _para(doc, "- {{ a }}", JUSTIFY, space_after=0, indent=Cm(1.0))
    _para(doc, "{%p endfor %}")

    _para(doc, "{{ t.agenda }}", JUSTIFY, bold=True, space_after=6, keep_next=True)
    _para(doc, "{%p for item in agenda %}")
    _para(doc, "{{ item.number }}. {{ item.title }}", JUSTIFY, bold=True, space_after=3)
    _para(doc, "{%p if item.notes %}")
    _para(doc, "{{ item.notes }}", JUSTIFY, space_after=3, indent=Cm(1.0))
    _para(doc, "{%p endif %}")
    _para(doc, "{%p for link in item.links %}")
    _para(doc, "- {{ link }}", JUSTIFY, italic=True, space_after=0, indent=Cm(1.0))
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endfor %}")

    _para(doc, "{{ t.conclusions }}", JUSTIFY, bold=True, space_after=6, keep_next=True)
    _para(doc, "{%p for c in conclusions %}")
    _para(doc, "{{ c.number }}. {{ c.text }}", JUSTIFY, space_after=3, indent=Cm(1.0))
    _para(doc, "{%p for d in c.directions %}")
    _para(doc, "{{ t.directions }} {{ d.addressee }}: {{ d.text }} ({{ t.due }} {{ d.due_on }})",
          JUSTIFY, italic=True, space_after=3, indent=Cm(1.5))
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endfor %}")

    _para(doc, "", space_after=12)
    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    _widths(sign, [Cm(8.2), Cm(8.3)])
    _cell(sign.rows[0].cells[0], "{{ t.secretary }}", CENTER, bold=True)
    _cell(sign.rows[0].cells[1], "{{ t.chair_sign }}", CENTER, bold=True)
    _para(sign.rows[0].cells[1], "")
    _para(sign.rows[0].cells[1], "")
    _para(sign.rows[0].cells[1], "{{ chair }}", CENTER, bold=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    doc.save(output)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    build(target)
    print(target)
