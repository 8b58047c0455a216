"""Email messages (.eml, Outlook .msg) into draft petitions.

Each message becomes one draft: the sender's address is kept as a contact, the HTML body is
turned into text (BeautifulSoup), and each attachment is checked by content like any upload
(`petitions.uploads.check`) and stored encrypted; scans among them (PDF, JPEG, PNG, TIFF) are
OCR'd by the worker with the rest of the draft. An attachment refused by the check is listed
on the draft with the reason, never stored.

The same message imported twice is recognised by its Message-ID (else by the SHA-256 of its
bytes) within the receiving unit: the second import returns the first draft.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.core.errors import RuleError
from oversight.intake import actions, ocr
from oversight.intake.choices import DraftSource, FileRole
from oversight.intake.models import Draft
from oversight.petitions import uploads

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Message:
    key: str
    subject: str = ""
    sender_name: str = ""
    sender_email: str = ""
    sent_at: object = None
    text: str = ""
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def html_to_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html or "", "html.parser")
    for tag in soup(["script", "style", "head", "title"]):
        tag.decompose()
    for tag in soup.find_all(["br"]):
        tag.replace_with("\n")
    for tag in soup.find_all(["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "table"]):
        tag.insert_after("\n")
    text = soup.get_text()
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").replace("\x00", "")


def parse(raw: bytes) -> Message:
    """A message's sender, subject, text and attachments, from .eml or .msg bytes."""
    if raw[:8] == OLE_MAGIC:
        return _parse_msg(raw)
    return _parse_eml(raw)


def _key(message_id: str, raw: bytes) -> str:
    message_id = (message_id or "").strip().strip("<>").strip()
    return f"id:{message_id}"[:300] if message_id else f"sha256:{hashlib.sha256(raw).hexdigest()}"


def _parse_eml(raw: bytes) -> Message:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not message.keys():
        raise RuleError(_("This is not an email message (.eml or .msg)."), field="file")
    name, address = email.utils.parseaddr(str(message.get("From", "")))
    try:
        sent = email.utils.parsedate_to_datetime(str(message["Date"])) if message["Date"] \
            else None
    except (TypeError, ValueError):
        sent = None
    # Both forms when both are sent: the longer text wins (a plain part is sometimes a stub
    # saying "see the HTML version").
    texts = []
    for kind in ("plain", "html"):
        part = message.get_body(preferencelist=(kind,))
        if part is not None and part.get_content_type() == f"text/{kind}":
            content = part.get_content()
            texts.append(html_to_text(content) if kind == "html" else content.strip())
    text = max(texts, key=len) if texts else ""
    attachments = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True) or b""
        if part.get_content_type() == "message/rfc822" and not data:
            inner = part.get_payload()
            data = inner[0].as_bytes() if isinstance(inner, list) and inner else b""
        if data:
            attachments.append((part.get_filename() or "attachment", data))
    return Message(key=_key(str(message.get("Message-ID", "")), raw),
                   subject=_nfc(str(message.get("Subject", ""))), sender_name=_nfc(name),
                   sender_email=address.strip().lower(), sent_at=sent, text=_nfc(text),
                   attachments=attachments)


def _parse_msg(raw: bytes) -> Message:
    import extract_msg

    try:
        msg = extract_msg.openMsg(io.BytesIO(raw))
    except Exception as error:  # noqa: BLE001 — extract-msg raises many kinds
        raise RuleError(_("This Outlook message could not be read."), field="file") from error
    try:
        name, address = email.utils.parseaddr(msg.sender or "")
        text = msg.body or ""
        if not text.strip() and msg.htmlBody:
            html = msg.htmlBody
            text = html_to_text(html.decode("utf-8", "replace") if isinstance(html, bytes)
                                else html)
        attachments = []
        for item in msg.attachments:
            data = getattr(item, "data", None)
            if isinstance(data, bytes) and data:
                attachments.append((item.longFilename or item.shortFilename or "attachment",
                                    data))
        message_id = msg.messageId or ""
        sent = msg.date
        subject = msg.subject or ""
    finally:
        msg.close()
    return Message(key=_key(message_id, raw), subject=_nfc(subject), sender_name=_nfc(name),
                   sender_email=address.strip().lower(), sent_at=sent, text=_nfc(text),
                   attachments=attachments)


def import_message(raw: bytes, *, by, unit, name: str = "") -> tuple[Draft, bool]:
    """The draft of this message, and whether it is new (False: imported before)."""
    actions.check_unit(by, unit)
    if not raw:
        raise RuleError(_("The file is empty."), field="file")
    message = parse(raw)
    existing = Draft.objects.filter(unit=unit, message_key=message.key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return _create(message, raw, by=by, unit=unit, name=name), True
    except IntegrityError:  # imported at the same moment by another process
        return Draft.objects.get(unit=unit, message_key=message.key), False


def _create(message: Message, raw: bytes, *, by, unit, name: str) -> Draft:
    draft = Draft.objects.create(
        unit=unit, source=DraftSource.EMAIL, title=(message.subject or name)[:300],
        body=message.text, message_key=message.key, sender_email=message.sender_email[:254],
        received_at=message.sent_at or timezone.now(), created_by=by,
        proposed={"subject": message.subject[:300],
                  "sender_display_name": message.sender_name[:200]})
    actions.store_file(draft, role=FileRole.MESSAGE, name=name or "message.eml", data=raw,
                       mime="message/rfc822")
    refused = []
    for filename, data in message.attachments:
        upload = SimpleUploadedFile(filename[:255], data)
        try:
            checked = uploads.check(upload)
        except RuleError as error:
            refused.append({"name": filename[:255], "reason": str(error.message)})
            continue
        actions.store_file(draft, role=FileRole.ATTACHMENT, name=filename, data=data,
                           mime=checked.mime, read=checked.mime in ocr.SCAN_MIMES)
    draft.refused_files = refused
    draft.save(update_fields=["refused_files"])
    return actions._queue(draft, by)


def import_path(path: Path, *, by, unit) -> list[tuple[Path, Draft, bool]]:
    """Every .eml and .msg file at `path` (a file, or a directory read recursively)."""
    files = [path] if path.is_file() else sorted(
        p for p in path.rglob("*") if p.suffix.lower() in (".eml", ".msg") and p.is_file())
    return [(p, *import_message(p.read_bytes(), by=by, unit=unit, name=p.name)) for p in files]
