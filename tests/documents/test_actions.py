"""Outgoing documents through their actions: numbering, immutability, cancellation and
correction, the rules that refuse."""

from __future__ import annotations

import datetime as dt

import pytest

from oversight.accounts.roles import Role
from oversight.documents import actions, numbering
from oversight.documents.models import Document, DocumentTemplate, ImmutableError, Issuer
from oversight.petitions.models import PetitionEvent
from oversight.units.models import Unit
from tests.documents.conftest import docx_text


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
