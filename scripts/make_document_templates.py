"""Write the default templates of outgoing documents, one per kind, into
src/oversight/documents/templates/documents/<kind>.docx.

Usage: .venv/bin/python scripts/make_document_templates.py [OUTPUT_DIR]

Each is a Word document with docxtpl (Jinja) tags. Official documents are in Vietnamese, so
the fixed words are in the template, where an administrator can change them (open it in Word
or LibreOffice, keep the tags, upload it as a new version in the admin: "Document templates").

The context every template receives (oversight/documents/context.py builds it):
- heading: heading_superior ("TỈNH ỦY NGHỆ AN"), heading_issuer ("BAN NỘI CHÍNH"),
  heading_separator ("*" for Party documents), national_line_1 / national_line_2
  ("ĐẢNG CỘNG SẢN VIỆT NAM" or "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh
  phúc"), number_line ("Số 15-TB/BNCTU"), date_line ("Nghệ An, ngày 05 tháng 3 năm 2024"),
  marking ("MẬT" or ""), title ("THÔNG BÁO"; "" for a letter), summary (the "về việc" line),
  addressed_to, issuer_full ("Ban Nội chính Tỉnh ủy Nghệ An"), issued_on, replaces_line;
- signature: recipients (lines of "Nơi nhận"), on_behalf, signer_position, signature_note,
  signer_name;
- a petition: subject, content, kind_word ("khiếu nại"), received_on, petitioner_name,
  petitioner_line (name and address, or "người tố cáo (danh tính được giữ bí mật…)"),
  petitioner_address, respondents, classification, accepted_on, settlement_due, decided_on,
  reason, guided_to, outcome, settled_on, conclusion, proposal, to_unit;
- a direction or matter: subject, matter_title, text, addressee, due_on, origin_date, reason,
  stage (matter);
- a meeting: meeting_title, held_on, chair, place, conclusions: [{number, text,
  directions: [{addressee, text, due_on}]}].
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
DEFAULT_DIR = ROOT / "src/oversight/documents/templates/documents"
INDENT = Cm(1.0)


def _header(doc, letter: bool) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [Cm(7.5), Cm(9.0)])
    left, right = table.rows[0].cells
    _cell(left, "{{ heading_superior }}", CENTER, size=13)
    _para(left, "{{ heading_issuer }}", CENTER, bold=True, size=13)
    _para(left, "{{ heading_separator }}", CENTER, size=13)
    _para(left, "{{ number_line }}", CENTER, size=13)
    if letter:
        _para(left, "{{ summary }}", CENTER, italic=True, size=12)
    _cell(right, "{{ national_line_1 }}", CENTER, bold=True, underline=True, size=13)
    _para(right, "{{ national_line_2 }}", CENTER, bold=True, size=13)
    _para(right, "")
    _para(right, "{{ date_line }}", CENTER, italic=True, size=13)
    _para(doc, "{%p if marking %}")
    _para(doc, "{{ marking }}", CENTER, bold=True, size=13)
    _para(doc, "{%p endif %}")
    _para(doc, "", space_after=6)
    if not letter:
        _para(doc, "{{ title }}", CENTER, bold=True, size=15)
        _para(doc, "{{ summary }}", CENTER, bold=True, size=13)
        _para(doc, "-----", CENTER, space_after=12)


def _addressed(doc) -> None:
    _para(doc, "{%p if addressed_to %}")
    _para(doc, "Kính gửi: {{ addressed_to }}", CENTER, size=14, space_after=12)
    _para(doc, "{%p endif %}")


def _body(doc, lines) -> None:
    for line in lines:
        if line.startswith("{%p"):
            _para(doc, line)
        else:
            _para(doc, line, JUSTIFY, space_after=6, indent=INDENT)


def _signature(doc) -> None:
    _para(doc, "{%p if replaces_line %}")
    _para(doc, "{{ replaces_line }}", JUSTIFY, italic=True, space_after=6, indent=INDENT)
    _para(doc, "{%p endif %}")
    _para(doc, "", space_after=12)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [Cm(8.0), Cm(8.5)])
    left, right = table.rows[0].cells
    _cell(left, "Nơi nhận:", None, bold=True, italic=True, size=12)
    _para(left, "{%p for r in recipients %}")
    _para(left, "{{ r }}", None, size=11)
    _para(left, "{%p endfor %}")
    _cell(right, "{{ on_behalf }}", CENTER, bold=True, size=13)
    _para(right, "{{ signer_position }}", CENTER, bold=True, size=13)
    _para(right, "{{ signature_note }}", CENTER, italic=True, size=12)
    for _ in range(3):
        _para(right, "")
    _para(right, "{{ signer_name }}", CENTER, bold=True, size=13)


RECEIVED = ("Ngày {{ received_on }}, {{ issuer_full }} nhận được đơn {{ kind_word }} của "
            "{{ petitioner_line }} về việc: {{ subject }}.")

BODIES = {
    "handling_proposal": [
        RECEIVED,
        "Tóm tắt nội dung đơn: {{ content }}",
        "{%p if respondents %}",
        "Người bị khiếu nại, bị tố cáo hoặc có liên quan: {{ respondents }}.",
        "{%p endif %}",
        "{%p if classification %}",
        "Kết quả phân loại: {{ classification }}.",
        "{%p endif %}",
        "Đề xuất: {{ proposal }}",
        "Kính trình lãnh đạo xem xét, cho ý kiến chỉ đạo.",
    ],
    "acceptance_notice": [
        RECEIVED,
        "Sau khi xem xét, đơn đủ điều kiện thụ lý theo quy định của pháp luật. {{ issuer_full }} "
        "thông báo: nội dung đơn {{ kind_word }} nêu trên đã được thụ lý giải quyết kể từ ngày "
        "{{ accepted_on }}.",
        "{%p if settlement_due %}",
        "Thời hạn giải quyết theo quy định: đến ngày {{ settlement_due }}.",
        "{%p endif %}",
        "{{ issuer_full }} thông báo để Ông/Bà biết.",
    ],
    "non_acceptance_notice": [
        RECEIVED,
        "Sau khi xem xét, {{ issuer_full }} thông báo không thụ lý giải quyết đơn nêu trên với "
        "lý do: {{ reason }}",
        "{{ issuer_full }} thông báo để Ông/Bà biết.",
    ],
    "transfer_slip": [
        RECEIVED,
        "Căn cứ quy định của pháp luật, nội dung đơn thuộc thẩm quyền giải quyết của "
        "{{ to_unit }}. {{ issuer_full }} chuyển đơn đến {{ to_unit }} để xem xét, giải quyết "
        "theo thẩm quyền và thông báo kết quả cho {{ issuer_full }} biết.",
        "(Gửi kèm theo đơn của {{ petitioner_line }}.)",
    ],
    "guidance_letter": [
        RECEIVED,
        "Nội dung đơn không thuộc thẩm quyền giải quyết của {{ issuer_full }}. Đề nghị Ông/Bà "
        "gửi đơn đến {{ guided_to }} để được xem xét, giải quyết theo quy định của pháp luật.",
        "{%p if reason %}",
        "{{ reason }}",
        "{%p endif %}",
    ],
    "settlement_notice": [
        RECEIVED,
        "Đơn đã được thụ lý giải quyết từ ngày {{ accepted_on }}. Ngày {{ settled_on }}, việc "
        "giải quyết đã hoàn thành với kết quả: {{ outcome }}.",
        "{%p if conclusion %}",
        "{{ conclusion }}",
        "{%p endif %}",
        "{{ issuer_full }} thông báo để Ông/Bà biết.",
    ],
    "direction_letter": [
        "{%p if matter_title %}",
        "Thực hiện chức năng theo dõi, chỉ đạo, đôn đốc việc xử lý vụ án, vụ việc "
        "“{{ matter_title }}”, {{ issuer_full }} đề nghị {{ addressee }}:",
        "{%p else %}",
        "{{ issuer_full }} đề nghị {{ addressee }}:",
        "{%p endif %}",
        "{{ text }}",
        "{%p if due_on %}",
        "Báo cáo kết quả thực hiện về {{ issuer_full }} trước ngày {{ due_on }}.",
        "{%p endif %}",
    ],
    "urging_letter": [
        "{%p if record_type == 'petition' %}",
        "Ngày {{ decided_on }}, {{ issuer_full }} đã chuyển đến {{ addressee }} đơn "
        "{{ kind_word }} của {{ petitioner_line }} về việc: {{ subject }}. Đến nay, "
        "{{ issuer_full }} chưa nhận được thông báo kết quả giải quyết.",
        "{%p else %}",
        "Ngày {{ origin_date }}, {{ issuer_full }} đã có ý kiến chỉ đạo {{ addressee }} về "
        "“{{ subject }}”{% if due_on %}, thời hạn báo cáo trước ngày {{ due_on }}{% endif %}. "
        "Đến nay, {{ issuer_full }} chưa nhận được báo cáo kết quả thực hiện.",
        "{%p endif %}",
        "{%p if reason %}",
        "{{ reason }}",
        "{%p endif %}",
        "{{ issuer_full }} đề nghị {{ addressee }} khẩn trương thực hiện và báo cáo kết quả "
        "về {{ issuer_full }}.",
    ],
    "meeting_conclusions": [
        "Ngày {{ held_on }}, {{ issuer_full }} tổ chức {{ meeting_title }}{% if place %} tại "
        "{{ place }}{% endif %}, do {{ chair }} chủ trì. Kết luận như sau:",
        "{%p for c in conclusions %}",
        "{{ c.number }}. {{ c.text }}",
        "{%p for d in c.directions %}",
        "- Giao {{ d.addressee }}: {{ d.text }} (thời hạn {{ d.due_on }}).",
        "{%p endfor %}",
        "{%p endfor %}",
        "{%p if not conclusions %}",
        "(Chưa có kết luận.)",
        "{%p endif %}",
    ],
}
LETTERS = {"guidance_letter", "direction_letter", "urging_letter"}


def build(kind: str, output: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2.2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    _font(doc.styles["Normal"], 14)
    letter = kind in LETTERS
    _header(doc, letter)
    _addressed(doc)
    _body(doc, BODIES[kind])
    _signature(doc)
    output.parent.mkdir(parents=True, exist_ok=True)
    doc.save(output)


def main(folder: Path) -> None:
    for kind in BODIES:
        build(kind, folder / f"{kind}.docx")
        print(folder / f"{kind}.docx")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
