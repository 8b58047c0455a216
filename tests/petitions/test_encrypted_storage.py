"""Encrypted file storage: nothing readable on disk, round trip, tamper, legacy files, key file."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from oversight import settings as project_settings
from oversight.core.encrypted_storage import (
    OVERHEAD,
    EncryptedFileError,
    EncryptedFileSystemStorage,
    key_id,
)
from oversight.petitions import actions
from oversight.petitions.models import PetitionAttachment

SECRET = "Biên bản: ông Trần Văn Bình nhận 500 triệu đồng ngày 12/3.\n".encode() * 20


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def storage(media):
    return EncryptedFileSystemStorage()


def test_bytes_on_disk_do_not_contain_the_plaintext(storage):
    name = storage.save("evidence/note.txt", ContentFile(SECRET))
    on_disk = Path(storage.path(name)).read_bytes()
    assert SECRET not in on_disk and b"Tr\xe1\xba\xa7n" not in on_disk
    assert on_disk.startswith(b"\x89OVF\x01")
    assert len(on_disk) == len(SECRET) + OVERHEAD


def test_round_trip_and_plaintext_size(storage):
    name = storage.save("evidence/note.txt", ContentFile(SECRET))
    with storage.open(name) as fh:
        assert fh.read() == SECRET
    assert storage.size(name) == len(SECRET)


def test_each_file_has_its_own_data_key(storage):
    a = Path(storage.path(storage.save("a.txt", ContentFile(SECRET)))).read_bytes()
    b = Path(storage.path(storage.save("b.txt", ContentFile(SECRET)))).read_bytes()
    assert a[:13] == b[:13]  # magic, version, key id
    assert a[13:] != b[13:]


def test_empty_file_round_trips(storage):
    name = storage.save("empty.bin", ContentFile(b""))
    assert storage.open(name).read() == b"" and storage.size(name) == 0


@pytest.mark.parametrize("offset", [4, 5, 13, 30, 80, 90, -1])
def test_tampered_file_raises_never_garbage(storage, offset):
    name = storage.save("evidence/note.txt", ContentFile(SECRET))
    path = Path(storage.path(name))
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(EncryptedFileError):
        storage.open(name)


def test_truncated_file_raises(storage):
    name = storage.save("evidence/note.txt", ContentFile(SECRET))
    path = Path(storage.path(name))
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(EncryptedFileError, match="truncated"):
        storage.open(name)


def test_other_master_key_is_named_in_the_error(storage, settings):
    name = storage.save("evidence/note.txt", ContentFile(SECRET))
    settings.FILE_ENCRYPTION_KEY = os.urandom(32)
    with pytest.raises(EncryptedFileError, match="another master key"):
        storage.open(name)


def test_legacy_plain_file_is_read_as_is(storage, media):
    legacy = media / "petitions" / "2024" / "old.pdf"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"%PDF-1.4 old attachment")
    name = "petitions/2024/old.pdf"
    with storage.open(name) as fh:
        assert fh.read() == b"%PDF-1.4 old attachment"
    assert storage.size(name) == len(b"%PDF-1.4 old attachment")


def test_open_for_writing_is_refused(storage):
    name = storage.save("a.txt", ContentFile(b"x"))
    with pytest.raises(ValueError):
        storage.open(name, "wb")


def test_key_id_is_a_fingerprint_of_the_master_key():
    key = bytes(range(32))
    assert key_id(key) == key_id(bytes(key)) and len(key_id(key)) == 8
    assert key_id(key) != key_id(os.urandom(32))


# --- the attachment model and the download view ---------------------------------------------

def test_attachment_is_stored_encrypted_and_downloaded_decrypted(web, nghean, make_petition,
                                                                 media):
    petition = make_petition()
    response = web(nghean).post(f"/petitions/{petition.pk}/attachments/",
                                {"file": SimpleUploadedFile("bien-ban.txt", SECRET)}, follow=True)
    assert response.status_code == 200
    attachment = PetitionAttachment.objects.get(petition=petition)
    assert isinstance(attachment.file.storage, EncryptedFileSystemStorage)
    assert SECRET not in Path(attachment.file.path).read_bytes()
    assert attachment.size == len(SECRET) == attachment.file.size
    response = web(nghean).get(f"/petitions/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET
    assert response["Content-Length"] == str(len(SECRET))


def test_legacy_attachment_downloads_unchanged(web, nghean, make_petition, media):
    """A row whose file was written before the storage encrypted (no header) still serves."""
    petition = make_petition()
    attachment = actions.add_attachment(petition, by=nghean,
                                        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 new"))
    Path(attachment.file.path).write_bytes(b"%PDF-1.4 legacy bytes")
    response = web(nghean).get(f"/petitions/attachments/{attachment.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 legacy bytes"


# --- the master key -------------------------------------------------------------------------

def test_key_file_is_created_once_with_mode_0600(tmp_path, monkeypatch):
    monkeypatch.delenv("OVERSIGHT_FILE_KEY", raising=False)
    data_dir = tmp_path / "data"
    key = project_settings._file_key(data_dir)
    path = data_dir / "file_key"
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert project_settings._file_key(data_dir) == key
    assert [p.name for p in data_dir.iterdir()] == ["file_key"]  # no temporary file left


def test_key_from_the_environment_hex_or_base64(tmp_path, monkeypatch):
    raw = os.urandom(32)
    for text in (raw.hex(), base64.b64encode(raw).decode(),
                 base64.urlsafe_b64encode(raw).decode().rstrip("=")):
        monkeypatch.setenv("OVERSIGHT_FILE_KEY", text)
        assert project_settings._file_key(tmp_path) == raw
    assert not (tmp_path / "file_key").exists()
    monkeypatch.setenv("OVERSIGHT_FILE_KEY", "too-short")
    with pytest.raises(ImproperlyConfigured):
        project_settings._file_key(tmp_path)
