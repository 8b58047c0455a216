"""A scan becomes a draft petition: OCR with the Vietnamese model (text checked by its
character error rate against the rendered letter), proposals, confirmation, search without
diacritics, the denouncer's identity sealed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from oversight.base.vietnamese import ascii_fold
from oversight.intake import ocr, synthetic
from oversight.intake.models import Draft, DraftFile
from oversight.petitions.models import Petition, PetitionAttachment
from tests.intake.conftest import _upload, needs_ocr


def _run_jobs():
    out = io.StringIO()
    call_command("jobs", "--run-queued", stdout=out)
    return out.getvalue()


@needs_ocr
def test_multipage_pdf_becomes_a_draft_then_a_searchable_petition(
        api, nghean, complaint_letter, complaint_pdf):
    response = _upload(api, nghean, "don-khieu-nai.pdf", complaint_pdf, unit="nghe_an")
    assert response.status_code == 202, response.content
    draft_id = response.json()["id"]
    assert api(nghean).get(f"/api/intake/drafts/{draft_id}/").json()["status"] == "queued"

    assert "done" in _run_jobs()
    body = api(nghean).get(f"/api/intake/drafts/{draft_id}/").json()
    assert body["status"] == "ready", body["error"]
    assert synthetic.cer(complaint_letter.text, body["text"]) <= 0.02
    assert [p["number"] for p in body["pages"]] == [1, 2]
    assert all(p["confidence"] > 80 and not p["needs_check"] for p in body["pages"])
    assert body["confidence"] > 80
    proposed = body["proposed"]
    assert proposed["kind"] == "complaint"
    assert proposed["written_on"] == complaint_letter.written_on.isoformat()
    assert proposed["place"] == complaint_letter.place
    assert proposed["sender"]["name"] == complaint_letter.sender
    assert proposed["sender"]["id_number"] == complaint_letter.id_number
    named = {r["name"] for r in proposed["respondents"]}
    assert set(complaint_letter.persons) <= named
    roles = {f.role for f in DraftFile.objects.filter(draft_id=draft_id)}
    assert roles == {"original", "searchable"}  # the searchable PDF beside the original

    assert not Petition.objects.exists()  # nothing registered before the officer confirms
    response = api(nghean).post(f"/api/intake/drafts/{draft_id}/register/",
                                {"received_on": "2025-06-02"}, format="json")
    assert response.status_code == 201, response.content
    petition = Petition.objects.get(pk=response.json()["id"])
    assert petition.channel == "post" and petition.kind == "complaint"
    assert petition.petitioners[0]["name"] == complaint_letter.sender
    assert PetitionAttachment.objects.filter(petition=petition).count() == 2
    assert Draft.objects.get(pk=draft_id).status == "registered"

    # searchable without diacritics, by a word of the second page
    query = ascii_fold(complaint_letter.persons[-1]).lower()
    found = api(nghean).get("/api/search/", {"q": query}).json()["results"]
    assert petition.pk in [r["id"] for r in found if r["type"] == "petition"], found
    drafts = api(nghean).get("/api/intake/drafts/", {"q": query}).json()["results"]
    assert [d["id"] for d in drafts] == [draft_id]

    again = api(nghean).post(f"/api/intake/drafts/{draft_id}/register/", {}, format="json")
    assert again.status_code == 400 and "status" in again.json()


@needs_ocr
def test_a_photo_of_a_denunciation_is_read_and_the_denouncer_sealed(
        api, nghean, denunciation_letter, denunciation_photo):
    response = _upload(api, nghean, "IMG_2031.jpg", denunciation_photo)
    assert response.status_code == 202, response.content
    _run_jobs()
    draft = Draft.objects.get(pk=response.json()["id"])
    assert draft.status == "ready", draft.error
    assert synthetic.cer(denunciation_letter.text, draft.text) <= 0.03
    assert draft.proposed["kind"] == "denunciation"
    assert draft.proposed["sender"]["name"] == denunciation_letter.sender

    response = api(nghean).post(f"/api/intake/drafts/{draft.pk}/register/", {}, format="json")
    assert response.status_code == 201, response.content
    petition = Petition.objects.get(pk=response.json()["id"])
    assert petition.identity_protected  # sealed like an identity typed in
    assert petition.petitioners == [{"protected": True}]
    sender = denunciation_letter.sender
    assert sender not in petition.content and denunciation_letter.id_number not in \
        petition.content
    draft.refresh_from_db()
    assert sender not in draft.text and not draft.proposed["sender"]
    assert all(sender not in page.text for page in draft.pages.all())
    assert response.json()["petitioners"] == [
        {"name": None, "id_number": None, "address": None, "phone": None}]


@needs_ocr
def test_a_damaged_scan_fails_with_its_reason(api, nghean):
    response = _upload(api, nghean, "hong.pdf", b"%PDF-1.4\n%broken")
    assert response.status_code == 202
    _run_jobs()
    body = api(nghean).get(f"/api/intake/drafts/{response.json()['id']}/").json()
    assert body["status"] == "failed" and body["error"]


@needs_ocr
def test_several_petitions_in_one_file_split_at_blank_pages(api, nghean, unit):
    first = synthetic.render(synthetic.letter(1, paragraphs=1).lines, dpi=100)
    second = synthetic.render(synthetic.letter(2, paragraphs=1).lines, dpi=100)
    blank = synthetic.render([""], dpi=100)
    pdf = synthetic.to_pdf(first + blank + second, 100)
    assert ocr.page_count(pdf) == 3
    response = _upload(api, nghean, "lo-don.pdf", pdf, split="true")
    assert response.status_code == 202
    ids = response.json()["ids"]
    assert len(ids) == 2
    for draft_id in ids:
        original = DraftFile.objects.get(draft_id=draft_id, role="original")
        with original.file.open("rb") as handle:
            assert ocr.page_count(handle.read()) == 1


def test_confidence_is_weighted_and_low_pages_are_marked():
    pages = [ocr.Page(1, "rõ ràng", 95.0, 90), ocr.Page(2, "mờ", 40.0, 10),
             ocr.Page(3, "", 0.0, 0)]
    reading = ocr.Reading(pages=pages)
    assert reading.confidence == pytest.approx(89.5)
    assert [p.needs_check for p in pages] == [False, True, True]
