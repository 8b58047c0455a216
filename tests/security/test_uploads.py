"""Attachments: size limit, type by content, nothing left behind on refusal, safe download."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.petitions.models import PetitionAttachment

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")


def docx_bytes() -> bytes:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Đơn tố cáo")
    document.save(out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files_in(path: Path) -> list[Path]:
    return [p for p in path.rglob("*") if p.is_file()]


def upload(client, petition, name, data):
    """Upload through the page, in English: the refusals below are read as text (the language
    switch's cookie, as a user would choose it)."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(f"/petitions/{petition.pk}/attachments/",
                       {"file": SimpleUploadedFile(name, data)}, follow=True)


@pytest.mark.parametrize("name,data", [
    ("don.pdf", b"%PDF-1.7\n1 0 obj\n"),
    ("anh.png", PNG),
    ("bien-ban.docx", None),
    ("ghi-chu.txt", "Nội dung đơn bằng tiếng Việt\n".encode()),
])
def test_allowed_types_are_accepted(web, nghean, make_petition, media, name, data):
    petition = make_petition()
    response = upload(web(nghean), petition, name, data if data is not None else docx_bytes())
    assert response.status_code == 200
    attachment = PetitionAttachment.objects.get(petition=petition)
    stored = Path(attachment.file.path)
    assert stored.is_file() and media in stored.parents
    assert attachment.original_name == name and name not in stored.name


@pytest.mark.parametrize("name,data", [
    ("don.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),  # an .exe named .pdf
    ("ghi-chu.txt", b"<html><script>alert(1)</script></html>"),
    ("anh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
    ("archive.zip", b"PK\x03\x04" + b"\x00" * 40),
    ("empty.pdf", b""),
])
def test_refused_types_leave_nothing_behind(web, nghean, make_petition, media, name, data):
    petition = make_petition()
    response = upload(web(nghean), petition, name, data)
    body = response.content.decode()
    assert "cannot be attached" in body or "empty" in body
    assert not PetitionAttachment.objects.exists()
    assert files_in(media) == []


def test_too_large_is_refused(web, nghean, make_petition, media, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    petition = make_petition()
    response = upload(web(nghean), petition, "big.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    assert "too large" in response.content.decode()
    assert not PetitionAttachment.objects.exists() and files_in(media) == []


def test_api_refusal_is_a_json_error(api, nghean, make_petition, media):
    petition = make_petition()
    response = api(nghean).post(f"/api/petitions/{petition.pk}/attachments/",
                                {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00")},
                                format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    assert files_in(media) == []


def test_download_is_an_attachment_that_is_never_sniffed(web, nghean, make_petition, media):
    petition = make_petition()
    upload(web(nghean), petition, "don.pdf", b"%PDF-1.4 x")
    attachment = PetitionAttachment.objects.get()
    response = web(nghean).get(f"/petitions/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_media_is_not_served_by_any_url(web, nghean, make_petition, media):
    petition = make_petition()
    upload(web(nghean), petition, "don.pdf", b"%PDF-1.4 x")
    attachment = PetitionAttachment.objects.get()
    assert web(nghean).get("/media/" + attachment.file.name).status_code == 404
    assert web(nghean).get("/static/../media/" + attachment.file.name).status_code == 404
