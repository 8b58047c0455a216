"""Records to issue documents on, made through the actions like the application does."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as Docx

from oversight.petitions import actions
from oversight.petitions.choices import checklist_for
from oversight.units.models import Unit
from tests.identity.conftest import custodian, login, make_custodian  # noqa: F401

HUNG = {"name": "Nguyễn Văn Hùng", "id_number": "040085001234",
        "address": "Xóm 3, xã Nghi Lộc, Nghệ An", "phone": "0912345678"}


@pytest.fixture
def petition(db):
    """petition(status="accepted", unit_code=…, **fields): a petition taken to that status."""

    def make(status="received", unit_code="nghe_an", by=None, **fields):
        fields.setdefault("kind", "complaint")
        fields.setdefault("received_on", dt.date(2025, 3, 3))
        fields.setdefault("subject", "Khiếu nại về bồi thường đất")
        fields.setdefault("content", "Tôi khiếu nại quyết định thu hồi đất của UBND huyện.")
        if not fields.get("anonymous") and "petitioners" not in fields:
            fields.setdefault("petitioner", dict(HUNG))
        p = actions.create_petition(by=by, unit=Unit.objects.get(code=unit_code), **fields)
        if status == "received":
            return p
        on = dt.date(2025, 3, 5)
        p = actions.classify(p, by=by, checklist={k: True for k in checklist_for(p.kind)}, on=on)
        if status == "classified":
            return p
        if status == "not_accepted":
            return actions.not_accept(p, by=by, reason="Đã hết thời hiệu khiếu nại.", on=on)
        if status == "guided":
            return actions.guide(p, by=by, guided_to="UBND tỉnh Nghệ An", on=on)
        if status == "transferred":
            return actions.transfer(p, by=by, to_unit=Unit.objects.get(code="ha_noi"), on=on)[0]
        p = actions.accept(p, by=by, on=on)
        if status == "accepted":
            return p
        return actions.settle(p, by=by, outcome="partly_upheld", on=dt.date(2025, 4, 20))

    return make


def docx_text(data: bytes) -> str:
    doc = Docx(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
