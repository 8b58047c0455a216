"""Which files may be attached: checked by their content, never by their name.

PDF, images, Office and OpenDocument files, plain text; at most MAX_UPLOAD_SIZE bytes. The
stored file gets a random name with the extension of the detected type (`attachment_path`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from oversight.core.errors import RuleError

ALLOWED = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
    "image/tiff": "tif", "image/bmp": "bmp", "image/heic": "heic",
    "application/msword": "doc", "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt", "application/rtf": "rtf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "text/plain": "txt",
}
# A ZIP container is an Office document when it holds the part that names it.
OOXML_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml":
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
MARKUP = (b"<html", b"<!doctype", b"<svg", b"<script", b"<?xml", b"<iframe", b"<body")


@dataclass(frozen=True)
class Checked:
    mime: str
    extension: str


def read_all(upload) -> bytes:
    """The whole upload, which is left at its start."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _zip_office(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            for part, mime in OOXML_PARTS.items():
                if part in names:
                    return mime
            if "mimetype" in names:
                mime = archive.read("mimetype").decode("ascii", "replace").strip()
                if mime in ALLOWED:
                    return mime
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def _plain_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    head = text[:2048].lstrip().lower().encode()
    return not any(tag in head for tag in MARKUP)


def sniff(data: bytes) -> str | None:
    kind = filetype.guess(data[:262144])
    mime = kind.mime if kind else None
    if mime in ("application/zip", "application/epub+zip") or (
            mime and mime.startswith("application/vnd.openxmlformats")):
        mime = _zip_office(data) or mime
    if mime is None and data and _plain_text(data):
        mime = "text/plain"
    return mime


def check(upload, limit: int | None = None) -> Checked:
    """Refuse (RuleError on field "file") what is too large, empty or of a type not allowed.

    `limit` (bytes) lowers the size limit below MAX_UPLOAD_SIZE; it never raises it."""
    limit = (settings.MAX_UPLOAD_SIZE if limit is None
             else min(int(limit), settings.MAX_UPLOAD_SIZE))
    if upload.size is not None and upload.size > limit:
        raise RuleError(_("The file is too large (%(size)s); the limit is %(limit)s.") % {
            "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}, field="file")
    data = read_all(upload)
    if len(data) > limit:
        raise RuleError(_("The file is too large; the limit is %(limit)s.") % {
            "limit": filesizeformat(limit)}, field="file")
    if not data:
        raise RuleError(_("The file is empty."), field="file")
    mime = sniff(data)
    if mime not in ALLOWED:
        raise RuleError(_("This kind of file cannot be attached. Attach PDF, images, Word, "
                          "Excel, PowerPoint or OpenDocument files, or plain text."),
                        field="file")
    return Checked(mime, ALLOWED[mime])
