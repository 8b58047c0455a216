"""Evidence files: size, number and type limits (by content, not by name), nothing stored
when one is refused, metadata removed before storage."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from oversight.portal.models import EvidenceFile, SpentChallenge
from tests.portal.helpers import (
    ADDRESS,
    NOTHING,
    code_of,
    counts,
    files_on_disk,
    open_case,
    send,
    text,
)

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(300)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + \
    b"PE\x00\x00" + bytes(300)
HTML = b"<!DOCTYPE html><html><body><script>fetch('/x')</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_an_oversize_file_is_refused_by_name_and_nothing_is_stored(client, jpeg, settings):
    settings.PORTAL_FILE_MAX_BYTES = 2000
    big = upload("bang-ke-thu-tien.txt", ("Thu tiền sai quy định. " * 200).encode(),
                 "text/plain")
    response = send(client, files=[jpeg(), big], lang="en")
    assert response.status_code == 400
    body = text(response)
    assert 'id="id_files_error"' in body
    assert "bang-ke-thu-tien.txt" in body and "too large" in body
    assert counts() == NOTHING and not SpentChallenge.objects.exists()


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("bien-ban.pdf", HTML, "application/pdf"),
    ("anh.jpg", HTML, "image/jpeg"),
    ("hoa-don.pdf", EXE, "application/pdf"),
    ("anh-chup.jpg", ELF, "image/jpeg"),
    ("so-do.png", SVG, "image/png"),
    ("ghi-chu.txt", HTML, "text/plain"),
])
def test_a_disguised_file_is_refused_and_nothing_is_stored(client, jpeg, name, data,
                                                            content_type):
    response = send(client, files=[jpeg(), upload(name, data, content_type)], lang="en")
    assert response.status_code == 400
    body = text(response)
    assert 'id="id_files_error"' in body and name in body
    assert "cannot be attached" in body
    assert counts() == NOTHING


def test_a_disguised_file_added_later_is_refused(client, jpeg):
    code = code_of(send(client))
    open_case(client, code, lang="en")
    before = counts()
    response = client.post("/portal/en/case/evidence/",
                           {"files": [upload("bien-lai.jpg", EXE, "image/jpeg")]},
                           REMOTE_ADDR=ADDRESS)
    assert response.status_code == 400
    assert 'id="id_files_error"' in text(response) and "bien-lai.jpg" in text(response)
    assert counts() == before


def test_too_many_files_are_refused(client, jpeg, settings):
    settings.PORTAL_FILES_PER_REPORT = 2
    response = send(client, files=[jpeg("1.jpg"), jpeg("2.jpg"), jpeg("3.jpg")], lang="en")
    assert response.status_code == 400
    assert 'id="id_files_error"' in text(response) and "At most 2 files" in text(response)
    assert counts() == NOTHING
    code = code_of(send(client, files=[jpeg("1.jpg"), jpeg("2.jpg")]))
    open_case(client, code, lang="en")
    before = counts()
    response = client.post("/portal/en/case/evidence/",
                           {"files": [jpeg("3.jpg"), jpeg("4.jpg"), jpeg("5.jpg")]},
                           REMOTE_ADDR=ADDRESS)
    assert response.status_code == 400 and "At most 2 files" in text(response)
    assert counts() == before


def test_stored_files_get_a_random_name(client, jpeg):
    assert send(client, files=[jpeg("Nguyen-Van-A-CMND.jpg")]).status_code == 200
    row = EvidenceFile.objects.get()
    assert row.original_name == "Nguyen-Van-A-CMND.jpg"
    assert "Nguyen" not in row.file.name and row.file.name.endswith(".jpg")
    (stored,) = files_on_disk()
    assert "Nguyen" not in str(stored)


def test_exif_is_removed_from_a_photo_before_it_is_stored(client, jpeg):
    pytest.importorskip("oversight.petitions.sanitize")
    artist = "Nguyen Van Chup Anh"
    assert send(client, files=[jpeg("photo.jpg", artist=artist)]).status_code == 200
    row = EvidenceFile.objects.get()
    assert row.metadata_removed
    with row.file.open("rb") as fh:
        data = fh.read()
    assert artist.encode() not in data
    assert 0x013B not in Image.open(io.BytesIO(data)).getexif()
    for path in files_on_disk():
        assert artist.encode() not in path.read_bytes()
