"""Following a report with its code: the case cookie, status, messages, evidence, leaving,
forged and expired cookies, and no client address anywhere after a whole journey."""

from __future__ import annotations

import hashlib
import time
from unittest import mock

import pytest
from django.core import signing

from oversight.audit.models import AuditEntry
from oversight.petitions.models import PetitionAttachment
from oversight.portal import actions as portal_actions
from oversight.portal import views
from oversight.portal.models import EvidenceFile, Message, Sender, Submission
from tests.portal.helpers import ADDRESS, code_of, counts, database_text, open_case, send, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(client):
    """A report sent and opened with its code; returns the submission."""
    code = code_of(send(client))
    open_case(client, code, lang="en")
    return Submission.objects.get()


def test_the_right_code_sets_a_strict_case_cookie(client, settings):
    code = code_of(send(client))
    response = open_case(client, code, lang="en")
    cookie = response.cookies[views.CASE_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/portal/"
    assert int(cookie["max-age"]) == settings.PORTAL_CASE_MINUTES * 60
    assert code not in cookie.value
    page = client.get("/portal/en/case/", REMOTE_ADDR=ADDRESS)
    assert page.status_code == 200
    body = text(page)
    assert 'id="status-label">Received<' in body
    assert Submission.objects.get().reference in body
    assert AuditEntry.objects.filter(action="portal.followed").count() == 1


def test_reply_is_stored_and_audited_by_digest_not_text(client, case):
    body = "Ông Cán nhận tiền tại nhà riêng tối 12/3, có người làm chứng."
    response = client.post("/portal/en/case/reply/", {"body": body}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302 and response["Location"] == "/portal/en/case/#messages"
    message = Message.objects.get()
    assert message.sender == Sender.CITIZEN and message.author is None
    assert message.body == body and message.submission == case
    entry = AuditEntry.objects.get(action="portal.message")
    assert entry.detail["sha256"] == hashlib.sha256(body.encode()).hexdigest()
    assert entry.detail["sender"] == Sender.CITIZEN and entry.address == ""
    for row in AuditEntry.objects.values():
        assert "nhận tiền" not in " ".join(str(v) for v in row.values())
    assert body in text(client.get("/portal/en/case/", REMOTE_ADDR=ADDRESS))


def test_an_empty_reply_is_refused_beside_the_field(client, case):
    response = client.post("/portal/en/case/reply/", {"body": "   "}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 400
    assert 'id="id_body_error"' in text(response)
    assert not Message.objects.exists()


def test_officer_messages_are_shown_and_marked_read(client, case):
    message = portal_actions.post_message(case, body="Xin cho biết số hồ sơ?",
                                          sender=Sender.OFFICER)
    page = text(client.get("/portal/en/case/", REMOTE_ADDR=ADDRESS))
    assert "Xin cho biết số hồ sơ?" in page
    message.refresh_from_db()
    assert message.read_at is not None


def test_add_evidence_becomes_a_petition_attachment(client, case, jpeg):
    response = client.post("/portal/en/case/evidence/", {"files": [jpeg("receipt.jpg")]},
                           REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302 and response["Location"] == "/portal/en/case/#files"
    row = EvidenceFile.objects.get()
    assert row.submission == case and row.original_name == "receipt.jpg"
    assert row.attachment == PetitionAttachment.objects.get(petition=case.petition)
    assert AuditEntry.objects.get(action="portal.evidence_added").address == ""
    assert "receipt.jpg" in text(client.get("/portal/en/case/", REMOTE_ADDR=ADDRESS))


def test_leave_deletes_the_cookie(client, case):
    response = client.post("/portal/en/case/leave/", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302 and response["Location"] == "/portal/en/"
    cookie = response.cookies[views.CASE_COOKIE]
    assert cookie.value == "" and int(cookie["max-age"]) == 0 and cookie["path"] == "/portal/"
    response = client.get("/portal/en/case/", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302 and response["Location"] == "/portal/en/follow/"


def _forged(pk):
    return signing.dumps(pk, salt=views.CASE_SALT, key="not-our-secret-key")


def _other_salt(pk):
    return signing.dumps(pk, salt="oversight.portal.other")


def _expired(pk):
    with mock.patch("time.time", return_value=time.time() - 3 * 3600):
        return signing.dumps(pk, salt=views.CASE_SALT)


def _garbage(pk):
    return f"{pk}"


@pytest.mark.parametrize("make", [_forged, _other_salt, _expired, _garbage])
def test_a_forged_or_expired_cookie_leads_back_to_the_code_form(client, jpeg, make):
    send(client)
    pk = Submission.objects.get().pk
    client.cookies[views.CASE_COOKIE] = make(pk)
    before = counts()
    for method, url, data in [
        ("get", "/portal/en/case/", None), ("get", "/portal/en/case/proof/", None),
        ("post", "/portal/en/case/reply/", {"body": "Có ai không?"}),
        ("post", "/portal/en/case/evidence/", {"files": [jpeg()]}),
    ]:
        response = getattr(client, method)(url, data or {}, REMOTE_ADDR=ADDRESS)
        assert response.status_code == 302, url
        assert response["Location"] == "/portal/en/follow/"
    assert counts() == before


def test_proof_of_filing_shows_what_was_sent_without_identity(client, jpeg):
    code = code_of(send(client, files=[jpeg("scan.jpg")], identity="named",
                        name="Hoàng Thị Kín", phone="0987654321", kind="reflection"))
    open_case(client, code, lang="en")
    page = text(client.get("/portal/en/case/proof/", REMOTE_ADDR=ADDRESS))
    submission = Submission.objects.get()
    assert submission.reference in page and "scan.jpg" in page
    assert "Hoàng Thị Kín" not in page and "0987654321" not in page


def test_no_client_address_is_written_anywhere_during_a_whole_journey(client, jpeg):
    first = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    code = code_of(send(client, files=[jpeg()]))
    open_case(client, code)
    submission = Submission.objects.get()
    portal_actions.post_message(submission, body="Anh/chị có ảnh chụp biên lai không?",
                                sender=Sender.OFFICER)
    assert client.get("/portal/vi/case/", REMOTE_ADDR=ADDRESS).status_code == 200
    assert client.post("/portal/vi/case/reply/", {"body": "Có, tôi gửi kèm."},
                       REMOTE_ADDR=ADDRESS).status_code == 302
    assert client.post("/portal/vi/case/evidence/", {"files": [jpeg("bien-lai.jpg")]},
                       REMOTE_ADDR=ADDRESS).status_code == 302
    assert client.get("/portal/vi/case/proof/", REMOTE_ADDR=ADDRESS).status_code == 200
    client.post("/portal/vi/follow/", {"code": "0" * 16}, REMOTE_ADDR=ADDRESS)  # a wrong one
    assert client.post("/portal/vi/case/leave/", REMOTE_ADDR=ADDRESS).status_code == 302
    entries = AuditEntry.objects.filter(id__gt=first)
    actions = set(entries.values_list("action", flat=True))
    assert {"portal.submitted", "portal.followed", "portal.message", "portal.evidence_added",
            "portal.code_failed"} <= actions
    assert list(entries.exclude(address="").values_list("action", "address")) == []
    assert ADDRESS not in database_text()
