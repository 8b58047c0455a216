"""A file storage that encrypts every file it saves (evidence and petition attachments).

Each file gets a fresh random 32-byte *data key*; the content is sealed with AES-256-GCM under
it, and the data key is itself sealed (AES-256-GCM) under the *master file key*,
`settings.FILE_ENCRYPTION_KEY` (env OVERSIGHT_FILE_KEY, else DATA_DIR/file_key). On disk:

    magic  b"\\x89OVF"   4 bytes  (0x89 is never the first byte of UTF-8 text, PDF, Office…)
    version           1 byte   (1)
    key id            8 bytes  SHA-256 fingerprint of the master key (for a later rotation)
    wrap nonce       12 bytes
    wrapped key      48 bytes  the data key under the master key, with its 16-byte GCM tag;
                               authenticated data: magic + version + key id
    data nonce       12 bytes
    ciphertext     n+16 bytes  the content under the data key, with its GCM tag;
                               authenticated data: every header byte above

so a file is its plaintext plus 101 bytes and `size()` answers the plaintext size from the
file's length (a 4-byte read tells an encrypted file from a legacy one). A file without the
magic header (stored before encryption was introduced) is opened as it is. Any change to an
encrypted file's bytes after the magic, or a wrong master key, raises `EncryptedFileError`:
never garbage. (Legacy files cannot be authenticated: whoever can write the media directory
can put a plain file in an encrypted one's place. Re-saving legacy files would close that.)

The file name is not bound into the authenticated data, so files can be moved or restored under
another MEDIA_ROOT; whoever can write the media directory could swap two encrypted files
between rows, but cannot read or alter either. Files are encrypted and decrypted whole in
memory (attachments are at most MAX_UPLOAD_SIZE, tens of MB).
"""

from __future__ import annotations

import hashlib
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

MAGIC = b"\x89OVF"
VERSION = 1
KEY_ID_SIZE = 8
NONCE_SIZE = 12
TAG_SIZE = 16
WRAPPED_SIZE = 32 + TAG_SIZE
HEADER_SIZE = len(MAGIC) + 1 + KEY_ID_SIZE + NONCE_SIZE + WRAPPED_SIZE + NONCE_SIZE
OVERHEAD = HEADER_SIZE + TAG_SIZE


class EncryptedFileError(Exception):
    """An encrypted file does not open: it was altered, truncated, or the key is not the one
    it was written under."""


def key_id(master_key: bytes) -> bytes:
    """The fingerprint stored in each file: which master key wrapped its data key."""
    return hashlib.sha256(b"oversight/file-key/v1\x00" + master_key).digest()[:KEY_ID_SIZE]


def _master_key() -> bytes:
    key = getattr(settings, "FILE_ENCRYPTION_KEY", None)
    if not isinstance(key, bytes | bytearray) or len(key) != 32:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("FILE_ENCRYPTION_KEY must be 32 bytes.")
    return bytes(key)


def is_encrypted(data: bytes) -> bool:
    """The file starts with the magic (of any version: an unknown one fails to decrypt)."""
    return data[:len(MAGIC)] == MAGIC


def encrypt(plain: bytes, master_key: bytes) -> bytes:
    """The on-disk form of `plain` (see the module's docstring)."""
    data_key = AESGCM.generate_key(bit_length=256)
    prefix = MAGIC + bytes([VERSION]) + key_id(master_key)
    wrap_nonce = os.urandom(NONCE_SIZE)
    wrapped = AESGCM(master_key).encrypt(wrap_nonce, data_key, prefix)
    data_nonce = os.urandom(NONCE_SIZE)
    header = prefix + wrap_nonce + wrapped + data_nonce
    return header + AESGCM(data_key).encrypt(data_nonce, plain, header)


def decrypt(data: bytes, master_key: bytes, name: str = "") -> bytes:
    """The plaintext of an encrypted file; EncryptedFileError when it does not open."""
    label = f" {name}" if name else ""
    if not is_encrypted(data):
        raise EncryptedFileError(f"The file{label} is not an encrypted file.")
    if data[len(MAGIC):len(MAGIC) + 1] != bytes([VERSION]):
        raise EncryptedFileError(f"The file{label} has an unknown encryption format version.")
    if len(data) < OVERHEAD:
        raise EncryptedFileError(f"The encrypted file{label} is truncated.")
    at = len(MAGIC) + 1
    stored_id = data[at:at + KEY_ID_SIZE]
    if stored_id != key_id(master_key):
        raise EncryptedFileError(
            f"The file{label} was encrypted under another master key (id {stored_id.hex()}; "
            f"the configured key is {key_id(master_key).hex()}): set OVERSIGHT_FILE_KEY to "
            "the key it was written under.")
    prefix = data[:at + KEY_ID_SIZE]
    at += KEY_ID_SIZE
    wrap_nonce = data[at:at + NONCE_SIZE]
    at += NONCE_SIZE
    wrapped = data[at:at + WRAPPED_SIZE]
    at += WRAPPED_SIZE
    data_nonce = data[at:at + NONCE_SIZE]
    at += NONCE_SIZE
    try:
        data_key = AESGCM(master_key).decrypt(wrap_nonce, wrapped, prefix)
        return AESGCM(data_key).decrypt(data_nonce, data[at:], data[:at])
    except Exception as exc:  # InvalidTag
        raise EncryptedFileError(
            f"The encrypted file{label} does not open: it was altered or damaged.") from exc


class EncryptingStorageMixin:
    """Encrypts on `save()` and decrypts on `open()` over any Django storage (the local disk or
    S3-compatible object storage): files leave the application encrypted, whatever holds them.

    `open()` returns the decrypted content (a ContentFile) and is read-only: files are written
    through `save()`. Legacy files without the header are returned unchanged.
    """

    def _save(self, name, content):
        plain = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        return super()._save(name, ContentFile(encrypt(plain, _master_key())))

    def _open(self, name, mode="rb"):
        if any(flag in mode for flag in "wax+"):
            raise ValueError("Encrypted files are read-only once saved; save a new file instead.")
        handle = super()._open(name, "rb")
        head = handle.read(len(MAGIC))
        if not is_encrypted(head):
            handle.seek(0)
            return handle  # a file stored before encryption, returned as it is
        try:
            data = head + handle.read()
        finally:
            handle.close()
        return ContentFile(decrypt(data, _master_key(), name), name=name)

    def size(self, name):
        """The plaintext size: the stored length less the fixed overhead when encrypted."""
        total = super().size(name)
        handle = super()._open(name, "rb")
        try:
            encrypted = is_encrypted(handle.read(len(MAGIC)))
        finally:
            handle.close()
        return total - OVERHEAD if encrypted and total >= OVERHEAD else total


class EncryptedFileSystemStorage(EncryptingStorageMixin, FileSystemStorage):
    """Encrypted files on the local disk (MEDIA_ROOT): the embedded default. `path()` still
    names the encrypted file on disk; read it through `open()`."""


def s3_options() -> dict:
    """django-storages' S3Storage options from settings.OBJECT_STORAGE (OVERSIGHT_S3_*)."""
    conf = settings.OBJECT_STORAGE
    return {"bucket_name": conf["bucket"], "endpoint_url": conf.get("endpoint_url") or None,
            "access_key": conf.get("access_key") or None,
            "secret_key": conf.get("secret_key") or None,
            "region_name": conf.get("region") or None, "default_acl": None,
            "file_overwrite": False, "querystring_auth": True}


def encrypted_storage():
    """The storage of evidence, attachments and issued documents (a callable, so migrations
    name it rather than copy it; Django calls it when the models load): S3-compatible object
    storage when OVERSIGHT_S3_BUCKET is set (several application servers share it), else the
    local disk (MEDIA_ROOT, read when a file is saved)."""
    if getattr(settings, "OBJECT_STORAGE", None):
        from storages.backends.s3 import S3Storage

        class EncryptedS3Storage(EncryptingStorageMixin, S3Storage):
            pass

        return EncryptedS3Storage(**s3_options())
    return EncryptedFileSystemStorage()
