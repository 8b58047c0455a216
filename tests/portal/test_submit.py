"""Filing a report through the portal: it becomes a protected web-portal petition."""

from __future__ import annotations

import re

import pytest

from oversight.petitions.choices import Channel
from oversight.petitions.models import Petition
from oversight.portal import actions, lookup, receipts
from oversight.portal.models import EvidenceFile, Submission, SubmissionState

pytestmark = pytest.mark.django_db


def code_of(response) -> str:
    match = re.search(rb'id="receipt-code">([\d ]+)<', response.content)
    assert match, response.content[:2000]
    return match.group(1).decode().replace(" ", "")


def test_anonymous_report_with_file_becomes_a_portal_petition(post_report, jpeg):
    response = post_report(files=[jpeg()])
    assert response.status_code == 200, response.content.decode()[:3000]
    code = code_of(response)
    assert len(code) == 16 and code.isdigit()
    submission = Submission.objects.get()
    assert submission.state == SubmissionState.FILED
    assert submission.receipt_hash == receipts.digest(code)
    assert code not in submission.receipt_hash
    petition = submission.petition
    assert petition.channel == Channel.WEB_PORTAL
    assert petition.unit.code == "nghe_an"
    assert petition.anonymous and petition.kind == "denunciation"
    assert petition.processing_due is not None  # the deadlines of the petitions issue
    assert "Xã Nghi Phú" in petition.content
    assert petition.respondents[0]["name"] == "Trần Văn Cán"
    assert petition.attachments.count() == 1
    assert EvidenceFile.objects.get().attachment == petition.attachments.get()
    assert lookup.find(code) == submission
    assert lookup.find("0" * 16) is None


def test_named_report_is_sealed_from_the_start(post_report):
    response = post_report(identity="named", name="Lê Thị Tố Giác", id_number="040190001234",
                           address="Vinh", phone="0912345678", kind="recommendation")
    assert response.status_code == 200
    petition = Petition.objects.get()
    assert petition.identity_protected
    assert "Lê Thị" not in str(petition.petitioners)
    assert petition.petitioners == [{"protected": True}]
    assert not petition.anonymous
    assert b"L\xc3\xaa Th\xe1\xbb\x8b" not in response.content  # not on the proof either


def test_old_province_name_is_mapped_to_todays_unit(post_report):
    response = post_report(province="", old_province="quang binh")
    assert response.status_code == 200, response.content.decode()[:2000]
    assert Petition.objects.get().unit.code == "quang_tri"
    assert "Quảng Bình".encode() in response.content


def test_complaint_cannot_be_anonymous_and_nothing_is_stored(post_report):
    response = post_report(kind="complaint")
    assert response.status_code == 400
    assert Submission.objects.count() == 0 and Petition.objects.count() == 0


def test_flood_is_held_for_review_then_released(post_report, settings, make_user):
    settings.PORTAL_HOLD_AFTER = 1
    settings.PORTAL_REPORTS_PER_ADDRESS = 10
    assert post_report().status_code == 200
    assert post_report(identity="named", name="Người Thứ Hai", phone="0900000000"
                       ).status_code == 200
    held = Submission.objects.get(state=SubmissionState.HELD)
    assert held.petition is None and Petition.objects.count() == 1
    officer = make_user("nghean_officer")
    petition = actions.release(held, by=officer)
    assert petition.identity_protected and petition.channel == Channel.WEB_PORTAL
    # the blind index moved from the held report to the petition (duplicates, dossiers)
    from oversight.identity.keys import stored_digests

    assert stored_digests(petition) and not stored_digests(held)
    held.refresh_from_db()
    assert held.state == SubmissionState.FILED and held.petition == petition
