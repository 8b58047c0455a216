"""What citizens send through the public portal, the conversation about it, and the counters
that keep floods out.

A `Submission` is the citizen's side of a petition: it holds the hash of the receipt code (never
the code), the sealed identity and the files until the petition exists, and stays linked to it
so the citizen can follow up. A submission held for review (a flood, see `limits`) becomes a
petition only when an officer releases it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.core.encrypted_storage import encrypted_storage
from oversight.core.scoping import ScopedQuerySet
from oversight.petitions.choices import PetitionKind
from oversight.portal.choices import Sender, SubmissionState


class Submission(models.Model):
    """One report sent through the portal."""

    reference = models.CharField(_("reference"), max_length=20, unique=True,
                                 help_text=_("Printed on the proof of filing; not a secret."))
    receipt_hash = models.CharField(max_length=128, unique=True, editable=False,
                                    help_text="Argon2id of the receipt code (see receipts.py).")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="portal_submissions")
    kind = models.CharField(_("kind"), max_length=16, choices=PetitionKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    content = models.TextField(_("what happened"))
    place = models.CharField(_("where"), max_length=300, blank=True)
    when = models.CharField(_("when"), max_length=200, blank=True)
    respondents = models.JSONField(_("persons or organisations concerned"), default=list,
                                   blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    protection_requested = models.BooleanField(_("asks for protection"), default=False)
    identity_envelope = models.ForeignKey(
        "identity.Envelope", null=True, blank=True, editable=False, on_delete=models.PROTECT,
        related_name="portal_submissions")
    signatory_count = models.PositiveSmallIntegerField(default=0, editable=False)
    language = models.CharField(max_length=8, default="vi", editable=False)
    state = models.CharField(_("state"), max_length=16, choices=SubmissionState.choices,
                             default=SubmissionState.FILED)
    held_reason = models.CharField(_("why held"), max_length=200, blank=True)
    petition = models.OneToOneField("petitions.Petition", verbose_name=_("petition"), null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="portal_submission")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    review_note = models.TextField(_("review note"), blank=True)
    proof_of_work = models.BooleanField(default=False, editable=False,
                                        help_text="Sent with the browser's proof of work.")

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"
    audit_redacted_fields = ("receipt_hash",)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("portal submission")
        verbose_name_plural = _("portal submissions")
        indexes = [models.Index(fields=["state", "submitted_at"])]

    def __str__(self):
        return self.reference


class Message(models.Model):
    """One message between officers and the submitter. Never edited or deleted: the audit
    trail records each one with a digest of its text (`actions.post_message`)."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="messages")
    sender = models.CharField(_("from"), max_length=16, choices=Sender.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "submission__unit"
    # The text may identify an anonymous submitter: the trail keeps its digest, not the text.
    audit_redacted_fields = ("body",)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("portal message")
        verbose_name_plural = _("portal messages")

    def __str__(self):
        return f"{self.get_sender_display()} {self.created_at:%d/%m/%Y %H:%M}"


def evidence_path(instance, filename: str) -> str:
    import os
    import uuid

    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"portal/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class EvidenceFile(models.Model):
    """A file a citizen sent, checked by content, stripped of metadata, encrypted at rest.
    It becomes a petition attachment (same stored file) when the petition exists."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT,
                                   related_name="files")
    file = models.FileField(_("file"), upload_to=evidence_path, storage=encrypted_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    mime = models.CharField(max_length=120, blank=True)
    metadata_removed = models.BooleanField(_("metadata removed"), default=False)
    uploaded_at = models.DateTimeField(default=timezone.now)
    attachment = models.OneToOneField("petitions.PetitionAttachment", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="portal_file")

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "submission__unit"

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name


class Counter(models.Model):
    """How many times a keyed action happened in one window (rate limits and quotas).

    `key` is a keyed hash of the client address, renewed each day, or "*" for the whole portal:
    the address itself is never stored. Rows older than two days are deleted."""

    bucket = models.CharField(max_length=32)
    key = models.CharField(max_length=64)
    window = models.DateTimeField()
    count = models.PositiveBigIntegerField(default=0)

    audit_skip = True

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bucket", "key", "window"],
                                               name="portal_counter_unique")]
        indexes = [models.Index(fields=["window"])]

    def __str__(self):
        return f"{self.bucket} {self.window:%Y-%m-%d %H:%M} {self.count}"


class SpentChallenge(models.Model):
    """A proof-of-work challenge already used: each one serves one submission."""

    nonce = models.CharField(max_length=64, unique=True)
    spent_at = models.DateTimeField(default=timezone.now, db_index=True)

    audit_skip = True

    def __str__(self):
        return self.nonce


class PortalSecret(models.Model):
    """The portal's own salt for receipt-code hashes (one row, made on first use)."""

    salt = models.BinaryField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    audit_skip = True

    def __str__(self):
        return f"portal secret {self.pk}"
