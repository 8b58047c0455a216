"""Drafts: what arrived on paper or by email, read by the worker, waiting for an officer to
confirm it as a petition. Nothing becomes a petition without that confirmation."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.core.encrypted_storage import encrypted_storage
from oversight.core.scoping import ScopedQuerySet
from oversight.intake.choices import DraftSource, DraftStatus, FileRole


class Draft(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("receiving unit"),
                             on_delete=models.PROTECT, related_name="intake_drafts")
    source = models.CharField(_("arrived as"), max_length=16, choices=DraftSource.choices)
    status = models.CharField(_("status"), max_length=16, choices=DraftStatus.choices,
                              default=DraftStatus.QUEUED)
    title = models.CharField(_("file or email subject"), max_length=300, blank=True)
    text = models.TextField(_("recognised text"), blank=True)
    text_key = models.TextField(editable=False, blank=True,
                                help_text="Folded text (no diacritics), for searching.")
    confidence = models.FloatField(_("OCR confidence"), null=True, blank=True,
                                   help_text=_("Mean word confidence of the OCR'd pages, 0–100."))
    proposed = models.JSONField(_("proposed fields"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Email
    body = models.TextField(_("message text"), blank=True)
    message_key = models.CharField(max_length=300, blank=True, editable=False,
                                   help_text="Message-ID, else the SHA-256 of the message.")
    sender_email = models.CharField(_("sender's email"), max_length=254, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    refused_files = models.JSONField(_("attachments refused"), default=list, blank=True)

    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")
    petition = models.OneToOneField("petitions.Petition", verbose_name=_("petition"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="intake_draft")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("draft petition")
        verbose_name_plural = _("draft petitions")
        constraints = [models.UniqueConstraint(
            fields=["unit", "message_key"], condition=~Q(message_key=""),
            name="intake_draft_message_once")]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self):
        return self.title or f"#{self.pk}"

    @property
    def pages_to_check(self) -> int:
        return sum(1 for p in self.pages.all() if p.needs_check)


def draft_file_path(instance, filename: str) -> str:
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"intake/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class DraftFile(models.Model):
    """A file of a draft, encrypted at rest like petition attachments."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(_("role"), max_length=16, choices=FileRole.choices)
    file = models.FileField(_("file"), upload_to=draft_file_path, storage=encrypted_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    mime = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    read = models.BooleanField(_("read by OCR"), default=False)
    of = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                           related_name="derived", help_text="The scan a searchable PDF is of.")

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "draft__unit"

    class Meta:
        ordering = ["id"]
        verbose_name = _("draft file")
        verbose_name_plural = _("draft files")

    def __str__(self):
        return self.original_name


class DraftPage(models.Model):
    """One OCR'd page, with the confidence Tesseract gave its words."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="pages")
    file = models.ForeignKey(DraftFile, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    needs_check = models.BooleanField(_("to check"), default=False)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "draft__unit"

    class Meta:
        ordering = ["file_id", "number"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return f"{self.file} p. {self.number}"
