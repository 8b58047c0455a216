"""Outgoing documents: numbering, immutability, cancellation, the register, the API and the
web page, protected identities, template versions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as Docx
from openpyxl import load_workbook

from oversight.accounts.roles import Role
from oversight.documents import actions, numbering, sealing
from oversight.documents.models import Document, DocumentTemplate, ImmutableError, Issuer
from oversight.petitions.models import PetitionEvent
from oversight.units.models import Unit


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


def test_number_and_symbol_formats():
    assert numbering.symbol("party", 5, "TB", "BNCTU") == "05-TB/BNCTU"
    assert numbering.symbol("party", 15, "", "BNCTU") == "15-CV/BNCTU"
    assert numbering.symbol("state", 15, "TB", "BNCTU") == "15/TB-BNCTU"
    assert numbering.symbol("state", 123, "", "UBND") == "123/UBND"
    assert numbering.number_line("state", "15/TB-BNCTU") == "Số: 15/TB-BNCTU"
    assert numbering.number_line("party", "15-TB/BNCTU") == "Số 15-TB/BNCTU"


def test_numbers_run_per_unit_and_calendar_year(petition, nghean, make_user):
    hanoi_officer = make_user("hn", "ha_noi")
    first = actions.issue(petition("accepted"), by=nghean, template="acceptance_notice",
                          on=dt.date(2025, 12, 31))
    second = actions.issue(petition("classified"), by=nghean, template="handling_proposal",
                           on=dt.date(2025, 12, 31))
    elsewhere = actions.issue(petition("accepted", unit_code="ha_noi"), by=hanoi_officer,
                              template="acceptance_notice", on=dt.date(2025, 12, 31))
    new_year = actions.issue(petition("guided"), by=nghean, template="guidance_letter",
                             on=dt.date(2026, 1, 1))
    assert (first.number, second.number, elsewhere.number, new_year.number) == (1, 2, 1, 1)
    assert first.symbol == "01-TB/BNCTU" and second.symbol == "02-PĐX/BNCTU"
    assert new_year.symbol == "01-CV/BNCTU" and new_year.year == 2026
    # A unit configured for the state format numbers the same way, written its way.
    Issuer.objects.create(unit=Unit.objects.get(code="ha_noi"), abbreviation="TTTP",
                          style="state", name="THANH TRA THÀNH PHỐ", town="Hà Nội")
    state = actions.issue(petition("not_accepted", unit_code="ha_noi"), by=hanoi_officer,
                          template="non_acceptance_notice", on=dt.date(2025, 12, 31))
    assert state.symbol == "02/TB-TTTP"
    text = docx_text(actions.docx_bytes(state))
    assert "Số: 02/TB-TTTP" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Hà Nội, ngày 31 tháng 12 năm 2025" in text


def test_classified_documents_are_numbered_apart(petition, make_user):
    head = make_user("truongban", "nghe_an", roles=(Role.HEAD,))
    normal = actions.issue(petition("accepted"), by=head, template="acceptance_notice")
    secret_petition = petition("accepted", security_classification="confidential")
    secret = actions.issue(secret_petition, by=head, template="acceptance_notice")
    again = actions.issue(petition("accepted"), by=head, template="acceptance_notice")
    assert (normal.number, secret.number, again.number) == (1, 1, 2)
    assert secret.series == numbering.SECRET and secret.security_classification == "confidential"
    assert "MẬT" in docx_text(actions.docx_bytes(secret))


def test_issue_records_everything_and_the_timeline(petition, nghean):
    p = petition("accepted")
    doc = actions.issue(p, by=nghean, template="acceptance_notice", signer_name="Trần Văn Ba",
                        signer_position="PHÓ TRƯỞNG BAN")
    assert doc.petition == p and doc.template.version == 1 and doc.issued_by == nghean
    assert doc.recipients == ["- Ông/Bà Nguyễn Văn Hùng;", "- Lưu: VT, hồ sơ."]
    text = docx_text(actions.docx_bytes(doc))
    for expected in ("Số 01-TB/BNCTU", "Kính gửi: Ông/Bà Nguyễn Văn Hùng", "Khiếu nại về bồi "
                     "thường đất", "05/03/2025", "TỈNH ỦY NGHỆ AN", "BAN NỘI CHÍNH",
                     "ĐẢNG CỘNG SẢN VIỆT NAM", "PHÓ TRƯỞNG BAN", "Trần Văn Ba",
                     "Về việc thụ lý giải quyết đơn khiếu nại"):
        assert expected in text, expected
    event = PetitionEvent.objects.get(petition=p, kind="document_issued")
    assert event.changes == {"document": doc.pk, "number": "01-TB/BNCTU",
                             "kind": "acceptance_notice"}


def test_rules_refuse_and_take_no_number(petition, nghean):
    received = petition("received")
    with pytest.raises(actions.RuleError) as refused:
        actions.issue(received, by=nghean, template="acceptance_notice")
    assert refused.value.field == "template"
    with pytest.raises(actions.RuleError) as unknown:
        actions.issue(received, by=nghean, template="handling_proposal",
                      values={"colour": "đỏ"})
    assert unknown.value.field == "colour"
    anonymous = petition("accepted", anonymous=True, kind="reflection")
    with pytest.raises(actions.RuleError) as nobody:
        actions.issue(anonymous, by=nghean, template="acceptance_notice")
    assert nobody.value.field == "template" and "nặc danh" in str(nobody.value.message)
    assert not Document.objects.exists()
    assert actions.issue(received, by=nghean, template="handling_proposal").number == 1


def test_an_issued_document_cannot_change(petition, nghean):
    doc = actions.issue(petition("accepted"), by=nghean, template="acceptance_notice")
    doc.summary = "Sửa trích yếu"
    with pytest.raises(ImmutableError):
        doc.save()
    with pytest.raises(ImmutableError):
        Document.objects.filter(pk=doc.pk).update(summary="Sửa")
    with pytest.raises(ImmutableError):
        Document.objects.filter(pk=doc.pk).delete()
    with pytest.raises(ImmutableError):
        Document.objects.get(pk=doc.pk).delete()
    assert Document.objects.get(pk=doc.pk).summary == "Về việc thụ lý giải quyết đơn khiếu nại"
    # Cancelling is the one change, once; nothing changes afterwards.
    cancelled = actions.cancel(doc, by=nghean, reason="Sai địa chỉ người nhận")
    assert cancelled.is_cancelled and cancelled.cancelled_by == nghean
    with pytest.raises(actions.RuleError):
        actions.cancel(cancelled, by=nghean, reason="lần nữa")
    cancelled.status = "issued"
    with pytest.raises(ImmutableError):
        cancelled.save()
    template = DocumentTemplate.objects.get()
    template.note = "sửa"
    with pytest.raises(ImmutableError):
        template.save()


def test_a_cancelled_number_stays_and_a_correction_names_it(petition, nghean, api):
    p = petition("accepted")
    first = actions.issue(p, by=nghean, template="acceptance_notice")
    actions.cancel(first, by=nghean, reason="Ghi sai ngày thụ lý")
    correction = actions.issue(p, by=nghean, template="acceptance_notice", replaces=first)
    assert correction.number == 2 and correction.replaces == first
    assert "thay thế văn bản số 01-TB/BNCTU" in docx_text(actions.docx_bytes(correction))
    listed = api(nghean).get(f"/api/documents/?unit=nghe_an&year={first.year}").json()
    assert [(d["sequence"], d["status"]) for d in listed["results"]] == [
        (1, "cancelled"), (2, "issued")]
    other = petition("accepted")
    with pytest.raises(actions.RuleError) as refused:
        actions.issue(other, by=nghean, template="acceptance_notice", replaces=correction)
    assert refused.value.field == "replaces"


def test_the_register_sums(petition, nghean, web, api):
    docs = [actions.issue(petition(status), by=nghean, template=kind) for status, kind in [
        ("accepted", "acceptance_notice"), ("received", "handling_proposal"),
        ("not_accepted", "non_acceptance_notice"), ("transferred", "transfer_slip"),
        ("settled", "settlement_notice")]]
    actions.cancel(docs[2], by=nghean, reason="Nhầm người nhận")
    year = docs[0].year
    listed = api(nghean).get(f"/api/documents/?unit=nghe_an&year={year}").json()
    assert listed["count"] == 5
    assert sorted(d["sequence"] for d in listed["results"]) == [1, 2, 3, 4, 5]
    page = web(nghean).get(f"/documents/?unit=nghe_an&year={year}")
    totals = page.context["totals"]
    assert (totals["total"], totals["issued"], totals["cancelled"]) == (5, 4, 1)
    assert totals["series"] == [{"series": "", "count": 5, "last": 5, "complete": True}]
    assert sum(n for _label, n in totals["by_kind"]) == 5
    xlsx = web(nghean).get(f"/documents/register.xlsx?unit=nghe_an&year={year}")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    numbers = [r[0] for r in ws.iter_rows(min_row=5, max_row=9, values_only=True)]
    assert numbers == [1, 2, 3, 4, 5]
    assert ws.cell(7, 7).value.startswith("Đã hủy")  # number 3, cancelled, stays
    assert "5" in ws.cell(11, 1).value and "1" in ws.cell(11, 1).value


def test_api_issue(petition, nghean, api, make_user):
    p = petition("accepted")
    response = api(nghean).post(f"/api/petitions/{p.pk}/documents/",
                                {"template": "acceptance_notice"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "number", "issued_on", "template", "download"} <= set(body)
    assert body["number"] == "01-TB/BNCTU" and body["template"] == "acceptance_notice"
    assert body["download"].endswith(f"/api/documents/{body['id']}/download/")
    docx = api(nghean).get(body["download"] + "?type=docx")
    assert docx.status_code == 200 and "Nguyễn Văn Hùng" in docx_text(docx.content)
    listed = api(nghean).get(f"/api/petitions/{p.pk}/documents/").json()
    assert [d["id"] for d in listed] == [body["id"]]
    events = api(nghean).get(f"/api/petitions/{p.pk}/events/").json()
    rows = events["results"] if isinstance(events, dict) else events
    assert any(e["kind"] == "document_issued" for e in rows)
    # Refusals are JSON naming the field, and take no number.
    wrong = api(nghean).post(f"/api/petitions/{p.pk}/documents/",
                             {"template": "transfer_slip"}, format="json")
    assert wrong.status_code == 400 and "template" in wrong.json()
    extra = api(nghean).post(f"/api/petitions/{p.pk}/documents/",
                             {"template": "acceptance_notice", "colour": "đỏ"}, format="json")
    assert extra.status_code == 400 and "colour" in extra.json()
    bad_kind = api(nghean).post(f"/api/petitions/{p.pk}/documents/",
                                {"template": "nope"}, format="json")
    assert bad_kind.status_code == 400 and "template" in bad_kind.json()
    # Out of scope: 404; readable but not changeable (a central analyst): 403.
    assert api(make_user("hn", "ha_noi")).post(
        f"/api/petitions/{p.pk}/documents/", {"template": "acceptance_notice"},
        format="json").status_code == 404
    analyst = make_user("pt", "central", roles=(Role.CENTRAL_ANALYST,))
    assert api(analyst).post(f"/api/petitions/{p.pk}/documents/",
                             {"template": "acceptance_notice"}, format="json").status_code == 403
    assert Document.objects.count() == 1
    cancelled = api(nghean).post(f"/api/documents/{body['id']}/cancel/", {"reason": "Nhầm"},
                                 format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_api_issue_on_direction_matter_and_meeting(nghean, api, make_direction, make_matter):
    from oversight.committees import actions as committee_actions

    direction = make_direction()
    response = api(nghean).post(f"/api/directions/{direction.pk}/documents/",
                                {"template": "direction_letter"}, format="json")
    assert response.status_code == 201, response.content
    matter = make_matter("nghe_an", title="Vụ án Cảng cá Cửa Hội")
    missing = api(nghean).post(f"/api/matters/{matter.pk}/documents/",
                               {"template": "direction_letter"}, format="json")
    assert missing.status_code == 400 and "text" in missing.json()
    letter = api(nghean).post(f"/api/matters/{matter.pk}/documents/",
                              {"template": "direction_letter", "text": "Kết thúc điều tra",
                               "addressee": "Công an tỉnh Nghệ An", "due_on": "30/06/2025"},
                              format="json")
    assert letter.status_code == 201, letter.content
    text = docx_text(api(nghean).get(letter.json()["download"] + "?type=docx").content)
    assert "Kính gửi: Công an tỉnh Nghệ An" in text and "Vụ án Cảng cá Cửa Hội" in text
    meeting = committee_actions.create_meeting(
        by=nghean, unit=Unit.objects.get(code="nghe_an"), title="Phiên họp thường kỳ quý I",
        held_on=dt.date(2025, 3, 1), chair="Đồng chí Trưởng ban")
    committee_actions.add_conclusion(meeting, by=nghean, text="Đẩy nhanh tiến độ xét xử")
    notice = api(nghean).post(f"/api/meetings/{meeting.pk}/documents/",
                              {"template": "meeting_conclusions"}, format="json")
    assert notice.status_code == 201, notice.content
    assert [n for n in (response, letter, notice)
            if n.json()["number"].endswith("/BNCTU")] and Document.objects.count() == 3


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


def test_web_issue_from_the_petition_page(petition, nghean, web):
    p = petition("accepted")
    page = web(nghean).get(f"/petitions/{p.pk}/")
    offered = [o["kind"].code for o in page.context["offers"]] if "offers" in page.context \
        else None
    body = page.content.decode()
    assert 'data-kind="acceptance_notice"' in body and 'data-kind="transfer_slip"' not in body
    assert offered is None or offered == ["acceptance_notice"]
    response = web(nghean).post(f"/documents/issue/petition/{p.pk}/",
                                {"template": "acceptance_notice",
                                 "acceptance_notice-signer_name": "Lê Thị Hoa"})
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{doc.pk}/"
    assert doc.signer_name == "Lê Thị Hoa"
    detail = web(nghean).get(f"/documents/{doc.pk}/").content.decode()
    assert "01-TB/BNCTU" in detail and "download-pdf" in detail
    assert "01-TB/BNCTU" in web(nghean).get(f"/petitions/{p.pk}/").content.decode()


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


def test_register_xlsx_scope(petition, nghean, make_user, web):
    """The XLSX lists what the register page lists: another unit's officer asking for Nghệ An
    gets their own unit's (empty) register; a central analyst reads Nghệ An's."""
    doc = actions.issue(petition("accepted"), by=nghean, template="acceptance_notice")
    url = f"/documents/register.xlsx?unit=nghe_an&year={doc.year}"

    def numbers(user):
        ws = load_workbook(io.BytesIO(web(user).get(url).content)).active
        return [r[1] for r in ws.iter_rows(min_row=5, values_only=True) if r[1]], ws["A1"].value

    assert numbers(nghean) == (["01-TB/BNCTU"], "BAN NỘI CHÍNH TỈNH ỦY NGHỆ AN")
    assert numbers(make_user("hn", "ha_noi"))[0] == []
    analyst = make_user("pt", "central", roles=(Role.CENTRAL_ANALYST,))
    assert numbers(analyst)[0] == ["01-TB/BNCTU"]
