"""Every change to a draft goes through these functions (web, API, commands, the worker).

- `receive_scan` stores an uploaded scan (encrypted) as a queued draft and asks the worker to
  read it; with `split`, a file holding several petitions separated by blank pages becomes
  one draft per petition.
- `read_draft` is what the worker runs (job `intake_read`): OCR of the scans, then the
  proposals, written in one transaction at the end (a retry starts over).
- `register` turns a draft the officer confirmed (with their corrections) into a petition
  through `petitions.actions.create_petition`, so the petition rules, the deadlines and the
  sealing of a denouncer's identity apply exactly as for a petition typed in.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.base.vietnamese import fold
from oversight.core import jobs
from oversight.core.errors import RuleError
from oversight.core.scoping import CHANGE, unit_ids_in_scope
from oversight.identity import keys as identity_keys
from oversight.intake import ocr, reading
from oversight.intake.choices import DraftSource, DraftStatus, FileRole
from oversight.intake.models import Draft, DraftFile, DraftPage
from oversight.people import named
from oversight.petitions import actions as petition_actions
from oversight.petitions import uploads
from oversight.petitions.choices import Channel

log = logging.getLogger(__name__)

PROTECTED_TEXT = "[…]"  # stands for the sealed identity in a protected petition's text


def check_unit(user, unit) -> None:
    """Refuse a unit whose records the user may not change. `user` None is the system
    itself (a command run by the administrator, the mailbox poll)."""
    if unit is None:
        raise RuleError(_("This field is required."), field="unit")
    if user is None:
        return
    ids = unit_ids_in_scope(user, CHANGE)
    if ids is not None and unit.pk not in ids:
        raise RuleError(_("You cannot register petitions for this unit."), field="unit")


def check_scan(upload) -> uploads.Checked:
    checked = uploads.check(upload)
    if checked.mime not in ocr.SCAN_MIMES:
        raise RuleError(_("Upload a scan: PDF, JPEG, PNG or TIFF."), field="file")
    return checked


def store_file(draft: Draft, *, role: str, name: str, data: bytes, mime: str,
               read: bool = False, of: DraftFile | None = None) -> DraftFile:
    item = DraftFile(draft=draft, role=role, original_name=(name or "")[:255], mime=mime,
                     size=len(data), read=read, of=of)
    ext = uploads.ALLOWED.get(mime, "bin")
    item.file.save(f"scan.{ext}", ContentFile(data), save=False)
    try:
        item.save()
    except BaseException:
        item.file.delete(save=False)
        raise
    return item


def _queue(draft: Draft, by) -> Draft:
    draft.job = jobs.enqueue("intake_read", by, draft=draft.pk)
    draft.save(update_fields=["job"])
    return draft


@transaction.atomic
def receive_scan(*, by, unit, upload, split: bool = False) -> list[Draft]:
    """Queue one draft per petition in the uploaded scan (see the module's docstring)."""
    check_unit(by, unit)
    checked = check_scan(upload)
    data = uploads.read_all(upload)
    name = (upload.name or "scan").strip()[:255]
    parts = [(data, checked.mime)]
    if split:
        try:
            pieces = ocr.split_at_blank_pages(data, checked.mime)
        except ocr.OcrError as error:
            raise RuleError(_("The scan could not be opened: %(error)s") % {"error": error},
                            field="file") from error
        if len(pieces) > 1:
            parts = [(piece, "application/pdf") for piece in pieces]
    drafts = []
    for number, (content, mime) in enumerate(parts, 1):
        title = name if len(parts) == 1 else f"{name} ({number}/{len(parts)})"
        draft = Draft.objects.create(unit=unit, source=DraftSource.SCAN, title=title[:300],
                                     created_by=by)
        store_file(draft, role=FileRole.ORIGINAL, name=title, data=content, mime=mime,
                   read=True)
        drafts.append(_queue(draft, by))
    return drafts


# --- The worker ----------------------------------------------------------------------------

def read_draft(ctx, draft_id: int) -> dict:
    """OCR the draft's scans and propose its fields. All-or-nothing: the pages, searchable
    PDFs and proposals are written in one transaction at the end; a retry starts over."""
    draft = Draft.objects.filter(pk=draft_id).first()
    if draft is None or draft.status not in (DraftStatus.QUEUED, DraftStatus.READING,
                                             DraftStatus.FAILED):
        return {"skipped": getattr(draft, "status", "missing")}
    Draft.objects.filter(pk=draft.pk).update(status=DraftStatus.READING, error="",
                                             updated_at=timezone.now())
    scans = list(draft.files.filter(read=True).order_by("id"))
    ctx.set_total(len(scans) + 1, f"{len(scans)} file(s) to read")
    readings = []
    try:
        for done, item in enumerate(scans, 1):
            ctx.check_cancel()
            with item.file.open("rb") as handle:
                data = handle.read()
            readings.append((item, ocr.read(data, item.mime)))
            ctx.progress(done, f"{done} of {len(scans)} read")
    except jobs.JobCancelled:
        Draft.objects.filter(pk=draft.pk).update(status=DraftStatus.QUEUED)
        raise
    except ocr.OcrError as error:  # the file itself is at fault: a retry cannot help
        _failed(draft, str(error))
        return {"failed": str(error)}
    except Exception as error:
        if ctx.job.attempts >= ctx.job.max_attempts:
            _failed(draft, f"{type(error).__name__}: {error}")
        raise
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        draft.pages.all().delete()
        for old in draft.files.filter(role=FileRole.SEARCHABLE):
            old.file.delete(save=False)
            old.delete()
        texts = [draft.body] if draft.body.strip() else []
        for item, result in readings:
            searchable = store_file(
                draft, role=FileRole.SEARCHABLE, of=item, data=result.searchable_pdf,
                mime="application/pdf",
                name=re.sub(r"\.\w+$", "", item.original_name) + " (OCR).pdf")
            for page in result.pages:
                DraftPage.objects.create(draft=draft, file=item, number=page.number,
                                         text=page.text, confidence=page.confidence,
                                         needs_check=page.needs_check)
            assert searchable.pk
            if result.text:
                texts.append(result.text if item.role == FileRole.ORIGINAL else
                             f"--- {item.original_name} ---\n{result.text}")
        ratings = [(r.confidence, sum(p.words for p in r.pages)) for _i, r in readings
                   if r.confidence is not None]
        words = sum(w for _c, w in ratings)
        draft.confidence = (round(sum(c * w for c, w in ratings) / words, 1) if words
                            else None)
        draft.text = "\n\n".join(texts)
        draft.text_key = fold(draft.text)
        draft.proposed = _proposals(draft)
        draft.status = DraftStatus.READY
        draft.error = ""
        draft.save()
    ctx.progress(len(scans) + 1, "done")
    return {"draft": draft.pk, "pages": sum(len(r.pages) for _i, r in readings),
            "confidence": draft.confidence}


def _failed(draft: Draft, message: str) -> None:
    Draft.objects.filter(pk=draft.pk).update(status=DraftStatus.FAILED, error=message[:2000],
                                             updated_at=timezone.now())


def _proposals(draft: Draft) -> dict:
    proposed = reading.propose(draft.text)
    if draft.source == DraftSource.EMAIL:
        previous = draft.proposed or {}
        proposed["sender"]["email"] = draft.sender_email
        if not proposed["sender"]["name"]:
            proposed["sender"]["name"] = previous.get("sender_display_name", "")
        if previous.get("subject") and not re.search(r"(?im)^\s*v/v", draft.text):
            proposed["subject"] = previous["subject"]
    return proposed


# --- Confirmation --------------------------------------------------------------------------

def _redact(text: str, values) -> str:
    """The text with each identity value (name, number, address, phone) replaced."""
    for value in sorted({v.strip() for v in values if v and len(v.strip()) >= 3}, key=len,
                        reverse=True):
        text = re.sub(re.escape(value), PROTECTED_TEXT, text, flags=re.IGNORECASE)
    return text


@transaction.atomic
def register(draft: Draft, *, by, kind: str, subject: str, content: str,
             received_on: dt.date | None = None, channel: str = "", petitioner=None,
             anonymous: bool = False, protection_requested: bool = False,
             respondents=None, **fields):
    """Register the confirmed draft as a petition (see the module's docstring).

    The petitioner's identity is sealed by `create_petition` for every denunciation and on
    request; then the same values are replaced in the recognised text kept as the
    petition's content and in the draft (the OCR found them; they must not stay in clear)."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if draft.status == DraftStatus.REGISTERED:
        raise RuleError(_("This draft is already registered as a petition."), field="status")
    if draft.status not in (DraftStatus.READY, DraftStatus.FAILED):
        raise RuleError(_("The draft is still being read; wait until it is ready."),
                        field="status")
    check_unit(by, draft.unit)
    petitioner = {k: str(v or "").strip() for k, v in (petitioner or {}).items()}
    petitioners = [] if anonymous or not petitioner.get("name") else [petitioner]
    protected = identity_keys.needs_protection(
        kind=kind, protection_requested=protection_requested, anonymous=anonymous,
        petitioners=petitioners)
    identity_values = list(petitioner.values()) if protected else []
    if protected:
        content = _redact(content, identity_values)
        subject = _redact(subject, identity_values)
    channel = channel or (Channel.EMAIL if draft.source == DraftSource.EMAIL else Channel.POST)
    petition = petition_actions.create_petition(
        by=by, unit=draft.unit, kind=kind, subject=subject, content=content,
        received_on=received_on or timezone.localdate(draft.created_at), channel=channel,
        petitioners=petitioners, anonymous=anonymous,
        protection_requested=protection_requested, respondents=respondents or [], **fields)
    for item in draft.files.exclude(role=FileRole.MESSAGE).order_by("id"):
        with item.file.open("rb") as handle:
            upload = ContentFile(handle.read(), name=item.original_name)
        try:
            petition_actions.add_attachment(petition, by=by, upload=upload)
        except RuleError as error:  # checked at intake; listed, never a lost petition
            log.warning("draft %s: file %s not attached: %s", draft.pk, item.pk, error)
    named.link_named(petition)
    draft.status = DraftStatus.REGISTERED
    draft.petition = petition
    if protected:
        draft.text = _redact(draft.text, identity_values)
        draft.body = _redact(draft.body, identity_values)
        draft.text_key = fold(draft.text)
        draft.proposed = {**draft.proposed, "sender": {}}
        draft.sender_email = ""
        for page in draft.pages.all():
            page.text = _redact(page.text, identity_values)
            page.save(update_fields=["text"])
    draft.save()
    return petition


@transaction.atomic
def discard(draft: Draft, *, by) -> Draft:
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if draft.status == DraftStatus.REGISTERED:
        raise RuleError(_("This draft is already registered as a petition."), field="status")
    check_unit(by, draft.unit)
    draft.status = DraftStatus.DISCARDED
    draft.save(update_fields=["status", "updated_at"])
    return draft


def reread(draft: Draft, *, by) -> Draft:
    """Queue a failed draft for reading again."""
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        if draft.status != DraftStatus.FAILED:
            raise RuleError(_("Only a draft that could not be read can be read again."),
                            field="status")
        check_unit(by, draft.unit)
        draft.status = DraftStatus.QUEUED
        draft.save(update_fields=["status", "updated_at"])
        return _queue(draft, by)
