"""Every file the application hands out carries the audit chain head in force when it was made
(issue 13, "Publish the chain head"), in the words reports use (`Stamp.head_line`): list exports
(CSV: the last row; XLSX: the printed footer and the properties), the register of outgoing
documents, the emulation ranking and meeting minutes. Reports and issued documents are tested
in tests/reports/test_chain_head.py and tests/documents."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from oversight.audit.chain import head
from oversight.audit.models import AuditEntry

FILES = {
    "list.csv": "/meetings/?export=csv",
    "list.xlsx": "/meetings/?export=xlsx",
    "register.xlsx": "/documents/register.xlsx?unit=nghe_an&year=2024",
    "emulation.xlsx": "/emulation/ranking.xlsx?cluster=cluster_ii&year=2024",
    "minutes.docx": "/meetings/{meeting}/minutes.docx",
}


def stamped(kind: str, data: bytes) -> str:
    """The places of the file where the head is written, as text."""
    if kind.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows[-1]) == 1  # one cell: a program reading the list drops that row
        return rows[-1][0]
    if kind.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(data))
        footers = [sheet.oddFooter.center.text or "" for sheet in book.worksheets]
        assert len(set(footers)) == 1  # every sheet
        return f"{footers[0]}\n{book.properties.description}\n{book.properties.keywords}"
    document = Document(io.BytesIO(data))
    footers = "\n".join(p.text for s in document.sections for p in s.footer.paragraphs)
    return f"{footers}\n{document.core_properties.comments}\n" \
           f"{document.core_properties.keywords}"


def head_words() -> str:
    """'#position (dd/mm/yyyy hh:mm:ss): hash' of the head in force now."""
    position, hash_ = head()
    at = timezone.localtime(AuditEntry.objects.get(pk=position).at)
    return f"#{position} ({at:%d/%m/%Y %H:%M:%S}): {hash_}"


@pytest.fixture
def meeting(make_meeting):
    return make_meeting()


@pytest.mark.parametrize("kind", sorted(FILES))
def test_every_file_carries_the_head_in_force_when_it_was_made(kind, meeting, nghean, web,
                                                                make_matter):
    client = web(nghean)
    url = FILES[kind].format(meeting=meeting.pk)
    words = head_words()
    response = client.get(url)
    assert response.status_code == 200, url
    old = stamped(kind, response.content)
    assert words in old
    # The control: a change after the file was made moves the head; the kept copy shows the
    # older one, a new copy the new one.
    make_matter(by=nghean, title="Một thay đổi sau đó")
    later = head_words()
    assert later != words and later not in old
    assert later in stamped(kind, client.get(url).content)
