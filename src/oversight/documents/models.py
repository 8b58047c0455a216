"""Outgoing documents (văn bản đi): the templates they are made from, who issues them and how
their numbers are written, the numbers, and the documents themselves.

An issued document is immutable: `save()` refuses any change but its cancellation, `delete()`
is refused, and the queryset refuses bulk `update()` and `delete()`. A correction is a new
document that names the one it replaces. A template version is kept as long as a document
made from it exists (PROTECT), so a document can always be traced to the exact template.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oversight.audit import proofs
from oversight.core.classification import Classified
from oversight.core.encrypted_storage import encrypted_storage
from oversight.core.scoping import ScopedQuerySet
from oversight.documents.choices import DocumentStatus, NumberStyle
from oversight.documents.kinds import KINDS
from oversight.units.choices import UnitKind

KIND_CHOICES = [(code, kind.label) for code, kind in KINDS.items()]


class ImmutableError(ValidationError):
    """An issued document, or a template version in use, cannot be changed."""


class DocumentTemplate(models.Model):
    """One version of one kind's DOCX template (docxtpl tags; see
    scripts/make_document_templates.py for the tags and the context). The newest version of a
    kind is used for new documents; older versions stay with the documents they produced."""

    kind = models.CharField(_("document kind"), max_length=32, choices=KIND_CHOICES)
    version = models.PositiveIntegerField(_("version"), editable=False)
    file = models.FileField(_("file"), upload_to="document_templates/",
                            validators=[FileExtensionValidator(["docx"])])
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    editable=False, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [models.UniqueConstraint(fields=["kind", "version"],
                                               name="one_template_version")]

    def __str__(self):
        return f"{KINDS[self.kind].label if self.kind in KINDS else self.kind} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError(_("A template version cannot be changed: upload a new one."))
        self.file.open("rb")  # not closed: an upload not yet stored is saved after this
        self.file.seek(0)
        self.sha256 = hashlib.sha256(self.file.read()).hexdigest()
        self.file.seek(0)
        latest = (DocumentTemplate.objects.filter(kind=self.kind)
                  .order_by("-version").values_list("version", flat=True).first())
        self.version = (latest or 0) + 1
        super().save(*args, **kwargs)


class Issuer(models.Model):
    """How a unit heads and numbers its documents. A unit without a row gets the defaults of
    `issuer_for` (the internal affairs committees' usual heading and abbreviation)."""

    unit = models.OneToOneField("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE,
                                related_name="issuer")
    abbreviation = models.CharField(
        _("abbreviation"), max_length=32,
        help_text=_("The body's abbreviation in document numbers, e.g. BNCTU."))
    style = models.CharField(_("number style"), max_length=8, choices=NumberStyle.choices,
                             default=NumberStyle.PARTY)
    superior = models.CharField(_("superior body (heading)"), max_length=200, blank=True,
                                help_text=_("e.g. TỈNH ỦY NGHỆ AN"))
    name = models.CharField(_("name (heading)"), max_length=200,
                            help_text=_("e.g. BAN NỘI CHÍNH"))
    town = models.CharField(_("place in the date line"), max_length=100)
    signer_position = models.CharField(_("signer's position"), max_length=100,
                                       default="TRƯỞNG BAN")
    on_behalf = models.CharField(_("signing on behalf of"), max_length=100, blank=True,
                                 help_text=_("e.g. T/M BAN THƯỜNG VỤ; empty when the head signs "
                                             "in the body's name."))

    class Meta:
        verbose_name = _("document issuer")
        verbose_name_plural = _("document issuers")

    def __str__(self):
        return f"{self.abbreviation} — {self.unit}"


def issuer_for(unit) -> Issuer:
    """The unit's saved issuer, else the defaults for its kind (unsaved)."""
    saved = Issuer.objects.filter(unit=unit).first()
    if saved is not None:
        return saved
    name_vi = unit.name_vi
    if unit.kind == UnitKind.CENTRAL_COMMISSION:
        return Issuer(unit=unit, abbreviation="BNCTW", style=NumberStyle.PARTY,
                      superior="BAN CHẤP HÀNH TRUNG ƯƠNG", name="BAN NỘI CHÍNH TRUNG ƯƠNG",
                      town="Hà Nội")
    if unit.kind == UnitKind.PROVINCIAL_COMMITTEE and name_vi.startswith("Ban Nội chính "):
        return Issuer(unit=unit, abbreviation="BNCTU", style=NumberStyle.PARTY,
                      superior=name_vi.removeprefix("Ban Nội chính ").upper(),
                      name="BAN NỘI CHÍNH", town=unit.place_vi or name_vi)
    initials = "".join(word[0] for word in name_vi.split() if word[:1].isalpha()).upper()
    return Issuer(unit=unit, abbreviation=initials or unit.code.upper(),
                  style=NumberStyle.STATE, name=name_vi.upper(),
                  town=unit.place_vi or name_vi, signer_position="THỦ TRƯỞNG")


class NumberCounter(models.Model):
    """The last number given in a unit's series for a year (see `numbering.allocate`).

    Bookkeeping, not audited on its own: the number is in the audited document row."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=8, blank=True)
    last = models.PositiveIntegerField(default=0)

    audit_skip = True

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year", "series"],
                                               name="one_counter_per_series")]

    def __str__(self):
        return f"{self.unit_id} {self.year} {self.series or '-'}: {self.last}"


class DocumentQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise ImmutableError(_("Issued documents are changed only by cancellation "
                               "(documents.actions.cancel)."))

    def delete(self):
        raise ImmutableError(_("An issued document is never deleted: cancel it."))


def document_path(instance, filename: str) -> str:
    import uuid

    return f"documents/{instance.year}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class Document(Classified, models.Model):
    """An issued outgoing document and its line in the register (sổ đăng ký văn bản đi)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("issuing unit"),
                             on_delete=models.PROTECT, related_name="outgoing_documents")
    kind = models.CharField(_("document kind"), max_length=32, choices=KIND_CHOICES)
    template = models.ForeignKey(DocumentTemplate, verbose_name=_("template"),
                                 on_delete=models.PROTECT, related_name="documents")
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(_("series"), max_length=8, blank=True)
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("number and symbol"), max_length=64)
    style = models.CharField(_("number style"), max_length=8, choices=NumberStyle.choices)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"),
                                  null=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.CharField(_("summary"), max_length=500)
    signer_name = models.CharField(_("signer"), max_length=200)
    signer_position = models.CharField(_("signer's position"), max_length=200)
    recipients = models.JSONField(_("recipients"), default=list)
    values = models.JSONField(_("values given"), default=dict, blank=True)
    # the record the document is about (one of them)
    petition = models.ForeignKey("petitions.Petition", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="documents")
    direction = models.ForeignKey("matters.Direction", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="documents")
    matter = models.ForeignKey("matters.Matter", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="documents")
    meeting = models.ForeignKey("committees.Meeting", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="documents")
    replaces = models.ForeignKey("self", verbose_name=_("replaces"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="replaced_by")
    file = models.FileField(_("file"), upload_to=document_path, storage=encrypted_storage)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    sealed = models.BooleanField(
        _("sealed"), default=False,
        help_text="The file names a protected petitioner: it is encrypted under the "
                  "petition's identity key and opens only for those who hold it.")
    audit_position = models.PositiveBigIntegerField(_("audit chain position"), default=0)
    audit_head = models.CharField(_("audit chain head"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=DocumentStatus.choices,
                              default=DocumentStatus.ISSUED)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    objects = DocumentQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_classified_field = ""
    # the only change an issued document accepts, once: its cancellation
    CANCEL_FIELDS = ("status", "cancelled_on", "cancelled_by_id", "cancel_reason")

    class Meta:
        ordering = ["-year", "-number", "-id"]
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "series", "number"],
                                    name="one_number_per_series"),
        ]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self):
        return f"{self.symbol} {self.summary}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            stored = Document.objects.filter(pk=self.pk).values().get()
            changed = {f.attname for f in self._meta.concrete_fields
                       if stored[f.attname] != getattr(self, f.attname)}
            cancelling = (stored["status"] == DocumentStatus.ISSUED
                          and self.status == DocumentStatus.CANCELLED)
            if changed and (not cancelling or changed - set(self.CANCEL_FIELDS)):
                raise ImmutableError(_("An issued document cannot be changed: issue a new one "
                                       "that replaces it."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("document-detail", args=[self.pk])

    @property
    def proof_text(self) -> str:
        """The Ed25519 proof over the file's SHA-256 and the chain head it was issued under
        (`audit.proofs`); printed on its page and kept in its PDF."""
        return proofs.for_document(self).text

    def delete(self, *args, **kwargs):
        raise ImmutableError(_("An issued document is never deleted: cancel it."))

    @property
    def kind_spec(self):
        return KINDS.get(self.kind)

    @property
    def record(self):
        return self.petition or self.direction or self.matter or self.meeting

    @property
    def is_cancelled(self) -> bool:
        return self.status == DocumentStatus.CANCELLED
