"""Issuing and cancelling outgoing documents, and new template versions — the only writes.

`issue` checks the kind against the record (and the petition's status), takes the next
number of the unit's series inside its transaction, renders the DOCX from the kind's newest
template, stores it (sealed when it names a protected petitioner), writes the row and the
record's timeline event, all in one transaction. The PDF (LibreOffice, slow) is made after
the commit by `make_pdf`, so the number's lock is held for milliseconds, not seconds; a PDF
that could not be made is made again at its first download.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from oversight.core import rendering, stamps
from oversight.core.errors import RuleError
from oversight.documents import context, kinds, numbering, sealing, signing, templating
from oversight.documents.choices import DocumentStatus, RecordType
from oversight.documents.models import Document, DocumentTemplate, issuer_for
from oversight.matters.models import MatterEvent
from oversight.petitions.choices import Status
from oversight.petitions.models import PetitionEvent

MAX_VALUE = 4000


def _clean_values(kind: kinds.Kind, values: dict | None) -> dict:
    values = dict(values or {})
    known = {f.name: f for f in kind.fields}
    cleaned = {}
    for name, value in values.items():
        if name not in known:
            raise RuleError(_("This document takes no field “%(name)s”.") % {"name": name},
                            field=name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise RuleError(_("Write this as text."), field=name)
        value = value.strip()
        if len(value) > MAX_VALUE:
            raise RuleError(_("At most %(n)s characters.") % {"n": MAX_VALUE}, field=name)
        if value:
            cleaned[name] = value
    for f in kind.fields:
        if f.required and not cleaned.get(f.name):
            raise RuleError(_("This field is required."), field=f.name)
    return cleaned


def check_kind(record, code: str) -> kinds.Kind:
    """The kind, if it may be issued on this record now; RuleError (field `template`) if not."""
    kind = kinds.get(code or "")
    if kind is None:
        raise RuleError(_("Unknown template “%(code)s”. Available: %(codes)s.") % {
            "code": code, "codes": ", ".join(kinds.KINDS)}, field="template")
    rtype = context.record_type(record)
    if rtype not in kind.records:
        raise RuleError(_("A %(kind)s is not issued on a %(record)s.") % {
            "kind": str(kind.label).lower(), "record": RecordType(rtype).label.lower()},
            field="template")
    if rtype == RecordType.PETITION and kind.statuses and record.status not in kind.statuses:
        raise RuleError(_("A %(kind)s is issued only for a petition that is: %(statuses)s.") % {
            "kind": str(kind.label).lower(),
            "statuses": ", ".join(str(Status(s).label).lower() for s in sorted(kind.statuses))},
            field="template")
    return kind


def _required_on_matter(kind: kinds.Kind, rtype: str, values: dict) -> None:
    """A direction letter on a matter has no direction to take its text and addressee from."""
    if rtype == RecordType.MATTER and kind.code == "direction_letter":
        for name in ("text", "addressee"):
            if not values.get(name):
                raise RuleError(_("This field is required."), field=name)


def _timeline(record, kind_code: str, document: Document, by, event: str) -> None:
    changes = {"document": document.pk, "number": document.symbol, "kind": kind_code}
    name = record._meta.model_name
    if name == "petition":
        PetitionEvent.objects.create(petition=record, kind=event, by=by, on=timezone.localdate(),
                                     changes=changes, note=document.symbol)
        return
    matter = record if name == "matter" else getattr(record, "matter", None)
    if matter is not None:
        MatterEvent.objects.create(matter=matter, kind=event, by=by, on=timezone.localdate(),
                                   changes=changes, note=document.symbol)


def _signer_name(by) -> str:
    if by is None:
        return ""
    return (getattr(by, "display_name", "") or by.get_full_name() or by.username).strip()


@transaction.atomic
def issue(record, *, by, template: str, values: dict | None = None, signer_name: str = "",
          signer_position: str = "", replaces: Document | None = None,
          identity: tuple[list[dict], bytes] | None = None, on: dt.date | None = None,
          make_pdf_now: bool = True) -> Document:
    """Issue a document of kind `template` on a petition, direction, matter or meeting.

    `identity`: (petitioners, data key) opened from the issuer's session (`sealing.opened`),
    needed for a document addressed to a protected petitioner; the file is then sealed."""
    kind = check_kind(record, template)
    rtype = context.record_type(record)
    values = _clean_values(kind, values)
    _required_on_matter(kind, rtype, values)
    unit = context.issuing_unit(record)
    if replaces is not None:
        if replaces.unit_id != unit.pk or replaces.record != record:
            raise RuleError(_("A correction replaces a document of the same record."),
                            field="replaces")
        if replaces.is_cancelled:
            raise RuleError(_("A cancelled document cannot be replaced."), field="replaces")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise RuleError(_("This date is in the future."), field="issued_on")
    classification = context.classification_of(record)
    issuer = issuer_for(unit)
    signer_name = (signer_name or "").strip()[:200] or _signer_name(by)
    signer_position = (signer_position or "").strip()[:200] or issuer.signer_position
    protected = (rtype == RecordType.PETITION and kind.to_petitioner
                 and record.identity_protected and not record.anonymous)
    with translation.override("vi"):
        # Fail on the record's data before a number is taken (it would roll back anyway).
        context.build(record, kind, issuer=issuer, number_text="", on=on, signer_name="",
                      signer_position="", values=values,
                      identity=identity[0] if identity else None)
        template_row = templating.current(kind.code)
        series = numbering.series_for(classification)
        number = numbering.allocate(unit.pk, on.year, series)
        symbol = numbering.symbol(issuer.style, number, kind.symbol, issuer.abbreviation)
        data = context.build(record, kind, issuer=issuer, number_text=symbol, on=on,
                             signer_name=signer_name, signer_position=signer_position,
                             values=values, identity=identity[0] if identity else None,
                             replaces=replaces,
                             classification_marking=stamps.marking(classification))
        docx = rendering.render_docx(rendering.template_source(template_row.file, None), data)
        # The Word file carries the chain head it is issued under (kept on the document, and
        # printed on its PDF), so a trail rewritten after issue is caught from paper.
        position, head = stamps.audit_head()
        docx = rendering.stamp_docx(docx, stamps.stamp(unit.name_vi, classification,
                                                       head=(position, head)))
    recipients = [context.PROTECTED] if protected else data["recipients"]
    document = Document(
        unit=unit, kind=kind.code, template=template_row, year=on.year, series=series,
        number=number, symbol=symbol, style=issuer.style, issued_on=on, issued_by=by,
        summary=data["summary"][:500], signer_name=signer_name,
        signer_position=signer_position, recipients=recipients, values=values,
        replaces=replaces, security_classification=classification, sealed=protected,
        sha256=hashlib.sha256(docx).hexdigest(),
        **{rtype: record},
    )
    stored = sealing.seal(docx, identity[1]) if protected else docx
    document.file.save(f"{symbol.replace('/', '-')}.docx", ContentFile(stored), save=False)
    document.audit_position, document.audit_head = position, head
    document.save()
    _timeline(record, kind.code, document, by, "document_issued")
    if make_pdf_now:
        key = identity[1] if protected else None
        transaction.on_commit(lambda: _pdf_after_commit(document, key))
    return document


def _pdf_after_commit(document: Document, key: bytes | None) -> None:
    # A failure here is repeated at the first download, which reports it.
    with contextlib.suppress(rendering.ConversionError):
        make_pdf(document, key)


def docx_bytes(document: Document, key: bytes | None = None) -> bytes:
    with document.file.open("rb") as fh:
        data = fh.read()
    return sealing.unseal(data, key) if document.sealed else data


def pdf_path(document: Document) -> str:
    return document.file.name.rsplit(".", 1)[0] + ".pdf"


def make_pdf(document: Document, key: bytes | None = None) -> bytes:
    """The document's PDF: made once (LibreOffice, then the stamp and the signature seam) and
    kept beside the DOCX; sealed like it."""
    storage = document.file.storage
    name = pdf_path(document)
    if storage.exists(name):
        with storage.open(name, "rb") as fh:
            data = fh.read()
        return sealing.unseal(data, key) if document.sealed else data
    with translation.override("vi"):
        stamp = stamps.stamp(document.unit.name_vi, document.security_classification,
                             at=document.issued_at,
                             head=(document.audit_position, document.audit_head)
                             if document.audit_head else None)
        pdf = rendering.to_pdf(docx_bytes(document, key), ".docx", stamp=stamp)
    pdf = signing.sign(pdf, document)
    storage.save(name, ContentFile(sealing.seal(pdf, key) if document.sealed else pdf))
    return pdf


@transaction.atomic
def cancel(document: Document, *, by, reason: str, on: dt.date | None = None) -> Document:
    """Cancel an issued document: it keeps its number and stays in the register."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.is_cancelled:
        raise RuleError(_("This document is already cancelled."), field="status")
    reason = (reason or "").strip()
    if not reason:
        raise RuleError(_("Give the reason."), field="reason")
    on = on or timezone.localdate()
    if on < document.issued_on:
        raise RuleError(_("A document cannot be cancelled before it was issued."), field="on")
    document.status = DocumentStatus.CANCELLED
    document.cancelled_on = on
    document.cancelled_by = by
    document.cancel_reason = reason[:500]
    document.save()
    _timeline(document.record, document.kind, document, by, "document_cancelled")
    return document


@transaction.atomic
def upload_template(*, by, kind: str, upload, note: str = "") -> DocumentTemplate:
    """A new version of a kind's template; refused unless docxtpl can read it."""
    if kind not in kinds.KINDS:
        raise RuleError(_("Unknown document kind."), field="kind")
    check_template(upload)
    template = DocumentTemplate(kind=kind, note=(note or "")[:300], uploaded_by=by)
    template.file.save(f"{kind}.docx", upload, save=False)
    template.save()
    return template


def check_template(upload) -> None:
    """A DOCX that docxtpl can parse (its tags are valid Jinja)."""
    import io

    from docxtpl import DocxTemplate

    upload.seek(0)
    raw = upload.read()
    upload.seek(0)
    try:
        DocxTemplate(io.BytesIO(raw)).get_undeclared_template_variables()
    except Exception as error:  # noqa: BLE001 — any parse failure is the user's file
        raise RuleError(_("This is not a Word template that can be used: %(error)s")
                        % {"error": str(error)[:200]}, field="file") from error
