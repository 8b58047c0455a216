"""A file that may reveal a sealed petitioner (the letter, a scan, the e-mail) is sealed with
the identity: a neutral name and no link on the page, in the API and on the timeline, and a
403 on download, for everyone but a custodian holding the key (issue 19's gap; Law on
Denunciations 2018 art. 48: name, address *and handwriting* are kept secret)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.identity.models import AccessEvent
from oversight.petitions import actions
from tests.identity.test_identity import denounce

FILE_NAME = "Don to cao - Hoang Van Hung.pdf"
BODY = b"%PDF-1.4 thu tay cua nguoi to cao"


def _attach(petition, by, name=FILE_NAME, **kwargs):
    return actions.add_attachment(petition, by=by, upload=SimpleUploadedFile(name, BODY),
                                  **kwargs)


def _everything_an_officer_reads(client, petition) -> str:
    return "\n".join([
        client.get(f"/petitions/{petition.pk}/").content.decode(),
        client.get(f"/api/petitions/{petition.pk}/attachments/").content.decode(),
        client.get(f"/api/petitions/{petition.pk}/events/").content.decode(),
    ])


@pytest.mark.django_db
def test_an_officer_sees_neither_the_name_nor_the_file(custodian, nghean, login):
    petition = denounce(by=nghean)
    attachment = _attach(petition, nghean)
    assert attachment.identifying and attachment.sealed
    officer = login(nghean)
    seen = _everything_an_officer_reads(officer, petition)
    assert "Hoang Van Hung" not in seen
    assert attachment.neutral_name() in seen
    listed = officer.get(f"/api/petitions/{petition.pk}/attachments/").json()
    assert listed[0]["url"] is None and listed[0]["sealed"] is True
    assert officer.get(_download(attachment)).status_code == 403
    assert not AccessEvent.objects.filter(kind="disclosed", by=nghean).exists()


@pytest.mark.django_db
def test_control_the_custodian_opens_it_and_it_is_disclosed(custodian, nghean, login):
    petition = denounce(by=nghean)
    attachment = _attach(petition, nghean)
    keeper = login(custodian)
    assert FILE_NAME in keeper.get(f"/petitions/{petition.pk}/").content.decode()
    response = keeper.get(_download(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == BODY
    assert AccessEvent.objects.filter(object_id=petition.pk, kind="disclosed", by=custodian,
                                      note=f"original file {attachment.pk}").exists()


@pytest.mark.django_db
def test_control_files_of_an_open_petition_or_said_not_to_identify_are_plain(
        custodian, nghean, login, make_petition):
    complaint = make_petition(kind="complaint", petitioner={"name": "Phạm Văn Rõ"})
    plain = _attach(complaint, nghean)
    report = _attach(denounce(by=nghean), nghean, name="Bien ban xac minh.pdf",
                     identifying=False)
    assert not plain.sealed and not report.sealed
    officer = login(nghean)
    assert FILE_NAME in _everything_an_officer_reads(officer, complaint)
    assert officer.get(_download(plain)).status_code == 200
    assert officer.get(_download(report)).status_code == 200


@pytest.mark.django_db
def test_the_upload_form_and_api_say_whether_a_file_identifies(custodian, nghean, login):
    petition = denounce(by=nghean)
    officer = login(nghean)
    page = officer.get(f"/petitions/{petition.pk}/").content.decode()
    assert 'name="identifying"' in page and "checked" in page
    officer.post(f"/petitions/{petition.pk}/attachments/",
                 {"file": SimpleUploadedFile("ket-qua-xac-minh.pdf", BODY)})
    officer.post(f"/api/petitions/{petition.pk}/attachments/",
                 {"file": SimpleUploadedFile("thu-tay.pdf", BODY), "identifying": "true"})
    bad = officer.post(f"/api/petitions/{petition.pk}/attachments/",
                       {"file": SimpleUploadedFile("x.pdf", BODY), "identifying": "maybe"})
    assert bad.status_code == 400 and "identifying" in bad.json()
    kept = dict(petition.attachments.values_list("original_name", "identifying"))
    assert kept == {"ket-qua-xac-minh.pdf": False, "thu-tay.pdf": True}


def _download(attachment) -> str:
    from django.urls import reverse

    return reverse("petition-attachment", args=[attachment.pk])
