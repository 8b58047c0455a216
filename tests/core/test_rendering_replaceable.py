"""The one renderer of replaceable Word templates (core.rendering.render_replaceable), used by a
meeting's minutes and a report: the uploaded template in use, else the default shipped file;
stamped only when a stamp is given.

What breaks it: reading the default while a template is active (or the reverse), dropping the
stamp, or stamping a document whose caller stamps it later (a report's PDF would carry two)."""

import datetime as dt
import io
from types import SimpleNamespace

from django.core.files.base import ContentFile
from docx import Document

from oversight.core import rendering


def _template(words: str) -> bytes:
    doc = Document()
    doc.add_paragraph(words + " {{ name }}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def _footers(data: bytes) -> str:
    return "\n".join(p.text for s in Document(io.BytesIO(data)).sections
                     for p in s.footer.paragraphs)


STAMP = rendering.Stamp(marking="", marking_line="Không mật", issuer="Ban Nội chính",
                        printed_at=dt.datetime(2026, 12, 3, 22, 0), head="ab" * 32, position=7)


def test_the_active_template_else_the_default(tmp_path):
    default = tmp_path / "default.docx"
    default.write_bytes(_template("Default"))
    uploaded = SimpleNamespace(file=ContentFile(_template("Uploaded"), "u.docx"))
    assert _text(rendering.render_replaceable(None, default, {"name": "A"})) == "Default A"
    assert _text(rendering.render_replaceable(uploaded, default, {"name": "B"})) == "Uploaded B"
    # a context as a function of the template (a report's charts are InlineImages of it)
    made = rendering.render_replaceable(None, default, lambda tpl: {"name": type(tpl).__name__})
    assert _text(made) == "Default DocxTemplate"


def test_stamped_only_when_asked(tmp_path):
    default = tmp_path / "default.docx"
    default.write_bytes(_template("Default"))
    plain = rendering.render_replaceable(None, default, {"name": "A"})
    stamped = rendering.render_replaceable(None, default, {"name": "A"}, stamp=STAMP)
    assert "#7" not in _footers(plain)
    assert "Chuỗi nhật ký kiểm toán #7" in _footers(stamped)
    assert "Ban Nội chính" in _footers(stamped)
