"""What the portal changes: file a report, release or discard a held one, exchange messages,
add evidence (what it reads — a submission by its code, where it stands — is in lookup.py).

Every function here runs in one transaction: a refusal (RuleError, Limited) leaves nothing
behind, files included. Audit entries written for the citizen's side carry no address.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.audit import writer as audit
from oversight.core.errors import RuleError
from oversight.core.notify import notify
from oversight.core.phrases import Phrase
from oversight.identity import keys as identity_keys
from oversight.identity.models import BlindIndex
from oversight.petitions import actions as petition_actions
from oversight.petitions import uploads
from oversight.petitions.choices import Channel, EventKind
from oversight.petitions.models import PetitionAttachment, PetitionEvent
from oversight.petitions.sanitize import clean_upload
from oversight.portal import limits, receipts
from oversight.portal.choices import Sender, SubmissionState
from oversight.portal.models import EvidenceFile, Message, Submission

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


# --- files ----------------------------------------------------------------------------------

def clean_file(upload) -> tuple[ContentFile, uploads.Checked, bool]:
    """Check one upload by content and size, strip its metadata: (clean file, type, stripped).
    Refusals name the file: a report may carry several."""
    try:
        content, checked, stripped = clean_upload(
            upload, max_size=settings.PORTAL_FILE_MAX_BYTES, strip=True)
    except RuleError as error:
        raise RuleError(f"“{upload.name}”: {error.message}", field="files") from None
    return ContentFile(content.read(), name=f"evidence.{checked.extension}"), checked, stripped


def _prepare_files(uploads_, key: str) -> list[tuple]:
    cleaned = [(u, *clean_file(u)) for u in uploads_]
    limits.files_allowed(key, len(cleaned), sum(c[1].size for c in cleaned))
    return cleaned


def _store_files(submission: Submission, cleaned, key: str, stored: list) -> list[EvidenceFile]:
    rows = []
    for upload, content, checked, stripped in cleaned:
        row = EvidenceFile(submission=submission, original_name=(upload.name or "")[:255],
                           size=content.size, mime=checked.mime, metadata_removed=stripped)
        row.file.save(content.name, content, save=False)
        stored.append(row.file)
        row.save()
        rows.append(row)
    limits.files_taken(key, len(rows), sum(r.size for r in rows))
    return rows


def _discard_stored(stored) -> None:
    for fieldfile in stored:
        with contextlib.suppress(OSError):
            fieldfile.storage.delete(fieldfile.name)


def _attach(petition, rows: list[EvidenceFile]) -> None:
    for row in rows:
        # A reporter's own files may name him: sealed with his identity (petitions.models).
        attachment = PetitionAttachment.objects.create(
            petition=petition, file=row.file.name, original_name=row.original_name,
            size=row.size, uploaded_by=None, identifying=petition.identity_protected)
        row.attachment = attachment
        row.save(update_fields=["attachment"])
        PetitionEvent.objects.create(
            petition=petition, kind=EventKind.ATTACHMENT_ADDED, on=timezone.localdate(),
            note=_("Sent through the public portal."),
            changes={"file": attachment.neutral_name() if attachment.sealed
                     else row.original_name, "metadata_removed": row.metadata_removed})


# --- filing ---------------------------------------------------------------------------------

def _reference() -> str:
    while True:
        ref = f"CT{timezone.localdate():%y}-" + "".join(
            secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Submission.objects.filter(reference=ref).exists():
            return ref


def _new_code() -> tuple[str, str]:
    while True:
        code = receipts.new_code()
        digest = receipts.digest(code)
        if not Submission.objects.filter(receipt_hash=digest).exists():
            return code, digest


def _petition_content(submission: Submission) -> str:
    """Staff read Vietnamese: the place and time go under the citizen's text with Vietnamese
    labels whatever language the citizen used."""
    extra = [f"Địa điểm: {submission.place}" if submission.place else "",
             f"Thời gian: {submission.when}" if submission.when else ""]
    extra = [line for line in extra if line]
    return submission.content + ("\n\n" + "\n".join(extra) if extra else "")


def _file_petition(submission: Submission, people: list[dict] | None):
    """Make the petition of a submission; `people` in clear when still at hand (else the blind
    index rows written for the submission are copied)."""
    petition = petition_actions.create_petition(
        by=None, unit=submission.unit,
        received_on=timezone.localdate(submission.submitted_at),
        channel=Channel.WEB_PORTAL, kind=submission.kind, subject=submission.subject,
        content=_petition_content(submission), respondents=submission.respondents,
        anonymous=submission.anonymous, protection_requested=submission.protection_requested,
        petitioners=[{}] * submission.signatory_count if submission.identity_envelope_id
        else [], envelope=submission.identity_envelope,
    )
    if people:
        identity_keys.write_blind_index(petition, people)
    elif submission.identity_envelope_id:
        identity_keys.copy_blind_index(submission, petition)
    submission.petition = petition
    submission.save(update_fields=["petition"])
    _attach(petition, list(submission.files.filter(attachment__isnull=True)))
    _notify_staff(submission, Phrase(
        gettext_noop("A report arrived from the portal (%(ref)s): %(subject)s"),
        ref=submission.reference, subject=submission.subject[:200]), kind="portal_report")
    return petition


def submit(form, *, key: str, language: str, proof: bool) -> tuple[Submission, str]:
    """File a validated ReportForm. Returns the submission and its receipt code (the only
    time the code exists in clear)."""
    data = form.cleaned_data
    return file_report(
        unit=data["unit"], kind=data["kind"], subject=data["subject"],
        content=data["content"], place=data.get("place") or "", when=data.get("when") or "",
        respondents=form.respondent_rows(), people=form.people(),
        protection=bool(data.get("protection")), files=data.get("files") or [], key=key,
        language=language, proof=proof)


def file_report(*, unit, kind: str, subject: str, content: str, place: str = "",
                when: str = "", respondents=(), people=(), protection: bool = False,
                files=(), key: str, language: str = "vi", proof: bool = True,
                code: str | None = None) -> tuple[Submission, str]:
    """Store a report: checks the limits, cleans the files, seals the identity, then files the
    petition (or holds the report for review during a flood). `code` only for the demo data."""
    people = [dict(p) for p in people]
    limits.report_allowed(key)
    cleaned = _prepare_files(files, key)
    stored: list = []
    try:
        with transaction.atomic():
            if code is None:
                code, digest = _new_code()
            else:
                digest = receipts.digest(code)
            held = limits.report_taken(key)
            submission = Submission(
                reference=_reference(), receipt_hash=digest, unit=unit, kind=kind,
                subject=subject.strip(), content=content.strip(), place=place.strip(),
                when=when.strip(), respondents=list(respondents), anonymous=not people,
                protection_requested=protection, signatory_count=len(people),
                language=language,
                state=SubmissionState.HELD if held else SubmissionState.FILED,
                held_reason=held, proof_of_work=proof)
            if people:  # sealed from the start, whatever the kind
                submission.identity_envelope = identity_keys.seal_identity(
                    submission.unit_id, people)
            submission.save()
            _store_files(submission, cleaned, key, stored)
            if held:
                identity_keys.write_blind_index(submission, people)
            else:
                _file_petition(submission, people)
            audit.record("portal.submitted", submission, address="",
                         detail={"reference": submission.reference, "held": bool(held),
                                 "files": len(cleaned), "named": bool(people)})
    except BaseException:
        _discard_stored(stored)
        raise
    return submission, code


@transaction.atomic
def release(submission: Submission, *, by, note: str = ""):
    """An officer accepts a held submission: it becomes a petition received on the day it
    was sent (its time limits do not lose the days it waited)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != SubmissionState.HELD:
        raise RuleError(_("This submission is no longer held."), field="state")
    submission.state = SubmissionState.FILED
    submission.reviewed_at, submission.reviewed_by = timezone.now(), by
    submission.review_note = note
    submission.save()
    petition = _file_petition(submission, None)
    BlindIndex.objects.filter(content_type=ContentType.objects.get_for_model(Submission),
                              object_id=submission.pk).delete()
    return petition


@transaction.atomic
def discard(submission: Submission, *, by, note: str):
    """An officer discards a held submission as abuse (kept for the record, never filed)."""
    if not (note or "").strip():
        raise RuleError(_("Say why it is discarded."), field="note")
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != SubmissionState.HELD:
        raise RuleError(_("This submission is no longer held."), field="state")
    submission.state = SubmissionState.DISCARDED
    submission.reviewed_at, submission.reviewed_by = timezone.now(), by
    submission.review_note = note.strip()
    submission.save()
    return submission


# --- conversation and evidence ----------------------------------------------------------------

def _notify_staff(submission: Submission, text: Phrase, kind: str = "portal_message") -> None:
    petition = submission.petition
    targets = [petition.assignee] if petition and petition.assignee_id else list(
        User.objects.filter(unit=submission.unit, is_active=True,
                            groups__name__in=[Role.OFFICER, Role.HEAD]).distinct())

    notify(targets, kind, petition, text,
           link=None if petition else "/petitions/portal/")


@transaction.atomic
def post_message(submission: Submission, *, body: str, sender: str, author=None) -> Message:
    body = (body or "").strip()
    if not body:
        raise RuleError(_("Write a message."), field="body")
    if submission.state == SubmissionState.DISCARDED:
        raise RuleError(_("This report was discarded; no more messages can be sent."),
                        field="body")
    message = Message.objects.create(submission=submission, body=body, sender=sender,
                                     author=author if sender == Sender.OFFICER else None)
    audit.record("portal.message", message, user=author,
                 address=None if sender == Sender.OFFICER else "",
                 unit_id=submission.unit_id,
                 detail={"submission": submission.reference, "sender": sender,
                         "sha256": hashlib.sha256(body.encode()).hexdigest(),
                         "petition": submission.petition_id})
    if sender == Sender.CITIZEN:
        _notify_staff(submission, Phrase(gettext_noop("The submitter of %(ref)s sent a message."),
                                         ref=submission.reference))
    return message


def add_evidence(submission: Submission, files, *, key: str) -> list[EvidenceFile]:
    if submission.state == SubmissionState.DISCARDED:
        raise RuleError(_("This report was discarded; no more files can be added."),
                        field="files")
    cleaned = _prepare_files(files, key)
    stored: list = []
    try:
        with transaction.atomic():
            rows = _store_files(submission, cleaned, key, stored)
            if submission.petition_id:
                _attach(submission.petition, rows)
            audit.record("portal.evidence_added", submission, address="",
                         detail={"reference": submission.reference, "files": len(rows)})
            _notify_staff(submission, Phrase(
                gettext_noop("The submitter of %(ref)s added %(n)s file(s)."),
                ref=submission.reference, n=len(rows)))
    except BaseException:
        _discard_stored(stored)
        raise
    return rows


def mark_read_by_citizen(submission: Submission) -> None:
    submission.messages.filter(sender=Sender.OFFICER, read_at__isnull=True).update(
        read_at=timezone.now())
