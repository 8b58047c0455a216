"""Outgoing documents: template versions (uploaded in the admin) and protected identities
(the API and the pages together). Numbering, the rules and immutability are in test_actions.py,
the API in test_api.py, the register and the pages in test_views.py."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as Docx

from oversight.accounts.roles import Role
from oversight.documents import actions, sealing
from oversight.documents.models import Document, DocumentTemplate
from tests.documents.conftest import docx_text


def test_template_versions(petition, nghean, make_user, client):
    admin_user = make_user("quantri", "central", roles=(Role.ADMINISTRATOR,), is_staff=True,
                           is_superuser=True)
    first = actions.issue(petition("accepted"), by=nghean, template="acceptance_notice")
    first_bytes = actions.docx_bytes(first)
    # An administrator uploads a new version in the admin; a broken file is refused.
    client.force_login(admin_user)
    broken = client.post("/admin/documents/documenttemplate/add/", {
        "kind": "acceptance_notice", "note": "hỏng",
        "file": SimpleUploadedFile("x.docx", b"not a word file")})
    assert broken.status_code == 200 and DocumentTemplate.objects.count() == 1
    from oversight.documents.templating import default_path

    edited = Docx(str(default_path("acceptance_notice")))
    edited.add_paragraph("Mẫu sửa đổi năm {{ issued_on[-4:] }}")
    buf = io.BytesIO()
    edited.save(buf)
    added = client.post("/admin/documents/documenttemplate/add/", {
        "kind": "acceptance_notice", "note": "mẫu mới",
        "file": SimpleUploadedFile("mau.docx", buf.getvalue())})
    assert added.status_code == 302, added.content[:500]
    second = actions.issue(petition("accepted"), by=nghean, template="acceptance_notice")
    assert (first.template.version, second.template.version) == (1, 2)
    assert "Mẫu sửa đổi năm" in docx_text(actions.docx_bytes(second))
    assert actions.docx_bytes(Document.objects.get(pk=first.pk)) == first_bytes
    with pytest.raises(Exception):  # noqa: B017 — PROTECT: a version in use stays
        first.template.delete()


def test_protected_identity_only_in_a_document_to_that_person(
        petition, nghean, custodian, login, api):
    """A denunciation's identity is sealed: a transfer slip says so; a notice to the
    denouncer needs the identity disclosed, and its file is sealed under the petition's key."""
    name = "Phạm Thị Tố Giác"
    protected = petition("accepted", kind="denunciation",
                         petitioner={"name": name, "address": "Xóm 9, xã Hưng Lộc"})
    assert protected.identity_protected
    refused = api(nghean).post(f"/api/petitions/{protected.pk}/documents/",
                               {"template": "acceptance_notice"}, format="json")
    assert refused.status_code == 400 and "template" in refused.json()
    # The custodian (who holds the key) issues it from the web.
    c = login(custodian)
    page = c.get(f"/petitions/{protected.pk}/").content.decode()
    assert 'data-kind="acceptance_notice"' in page
    response = c.post(f"/documents/issue/petition/{protected.pk}/",
                      {"template": "acceptance_notice"})
    assert response.status_code == 302, response.content[:300]
    doc = Document.objects.get(petition=protected)
    assert doc.sealed
    assert doc.recipients == ["người tố cáo (danh tính được giữ bí mật theo quy định)"]
    with doc.file.open("rb") as fh:
        stored = fh.read()
    assert name.encode() not in stored
    with pytest.raises(Exception):  # noqa: B017 — sealed: unreadable without the key
        actions.docx_bytes(doc)
    opened = c.get(f"/documents/{doc.pk}/download/?type=docx")
    assert opened.status_code == 200 and name in docx_text(opened.content)
    # An officer without the key sees the register line, not the file.
    assert api(nghean).get(f"/api/documents/{doc.pk}/download/?type=docx").status_code == 403
    assert name not in str(api(nghean).get(f"/api/documents/{doc.pk}/").json())
    # A document not addressed to the denouncer never names them.
    other = petition("transferred", kind="denunciation", petitioner={"name": name})
    slip = actions.issue(other, by=nghean, template="transfer_slip")
    text = docx_text(actions.docx_bytes(slip))
    assert name not in text and "danh tính được giữ bí mật" in text
    assert sealing.unseal(sealing.seal(b"x", b"k" * 32), b"k" * 32) == b"x"
