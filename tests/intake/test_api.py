"""The intake API: scans and email messages uploaded; what is not one is refused, naming the
field, and leaves nothing."""

from __future__ import annotations

from oversight.intake.models import Draft, DraftFile
from tests.intake.conftest import _upload, message


def test_what_is_not_a_scan_is_refused_and_leaves_nothing(api, nghean):
    response = _upload(api, nghean, "don.txt", "Đơn tố cáo".encode())
    assert response.status_code == 400 and "file" in response.json()
    response = _upload(api, nghean, "don.pdf", b"%PDF-1.4 test", unit="ha_noi")
    assert response.status_code == 400 and "unit" in response.json()
    assert not Draft.objects.exists() and not DraftFile.objects.exists()


def test_upload_of_a_message_on_the_api(api, nghean):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post():
        return api(nghean).post("/api/intake/messages/", {
            "file": SimpleUploadedFile("thu.eml", message("<api@dan.vn>"))}, format="multipart")

    assert post().status_code == 202
    assert post().status_code == 200  # the same message: the draft already there
    refused = api(nghean).post("/api/intake/messages/", {
        "file": SimpleUploadedFile("thu.eml", b"\x00\x01 not a message")}, format="multipart")
    assert refused.status_code == 400 and "file" in refused.json()
