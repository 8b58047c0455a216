"""Need-to-know access lists and the key hierarchy that protects denouncers' identities.

    escrow key pair (private half offline)      custodians' and users' X25519 key pairs
                 \\                                  (private halves under their passwords)
                  \\__ KeyWrap ___ data key ___ KeyWrap __/
                                     |
                          Envelope (AES-256-GCM of the identity fields)

See SECURITY.md, "Need-to-know and protected identities".
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessGrant(models.Model):
    """A user on the access list of one classified record (any model)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="access_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("granted by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        ordering = ["granted_at", "id"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id", "user"],
                                               name="access_grant_once")]
        indexes = [models.Index(fields=["user", "content_type", "object_id"])]

    def __str__(self):
        return f"{self.user} → {self.content_type.model} {self.object_id}"


class AccessEvent(models.Model):
    """What happened to a record's access list or protected identity, shown on the record.

    The tamper-evident audit trail (`oversight.audit`) records the same events; this table is
    the record's own history, readable by whoever may see the record."""

    class Kind(models.TextChoices):
        CLASSIFIED = "classified", _("Classification changed")
        GRANTED = "granted", _("Access granted")
        REVOKED = "revoked", _("Access revoked")
        REQUESTED = "requested", _("Disclosure requested")
        APPROVED = "approved", _("Disclosure approved")
        REFUSED = "refused", _("Disclosure refused")
        DISCLOSED = "disclosed", _("Identity viewed")
        WRAPPED = "wrapped", _("Key shared with a custodian")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                           blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("concerning"),
                                null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class UserKey(models.Model):
    """A user's X25519 key pair; the private half encrypted under a key derived from their
    password (Argon2id). Created at first login or when the password is set."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="identity_key")
    public_key = models.BinaryField(max_length=32)
    salt = models.BinaryField(max_length=16)
    nonce = models.BinaryField(max_length=12)
    encrypted_private = models.BinaryField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("user key")
        verbose_name_plural = _("user keys")

    def __str__(self):
        return f"key of {self.user}"


class EscrowKey(models.Model):
    """The public half of the offline escrow key pair. One is active at a time."""

    public_key = models.BinaryField(max_length=32)
    fingerprint = models.CharField(max_length=16)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("escrow key")
        verbose_name_plural = _("escrow keys")

    def __str__(self):
        return f"escrow {self.fingerprint}{'' if self.active else ' (retired)'}"


class Envelope(models.Model):
    """Identity fields sealed with a random data key (AES-256-GCM). The data key exists only
    wrapped, in `KeyWrap` rows. Shared by a petition and its transferred copies."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    nonce = models.BinaryField(max_length=12)
    ciphertext = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sealed identity")
        verbose_name_plural = _("sealed identities")

    def __str__(self):
        return f"sealed identity {self.pk}"


class KeyWrap(models.Model):
    """An envelope's data key wrapped to one user's or the escrow's public key (ECIES)."""

    class Reason(models.TextChoices):
        CUSTODIAN = "custodian", _("custodian")
        ESCROW = "escrow", _("escrow")
        DISCLOSURE = "disclosure", _("approved disclosure")

    envelope = models.ForeignKey(Envelope, on_delete=models.CASCADE, related_name="wraps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="key_wraps")
    escrow = models.ForeignKey(EscrowKey, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="wraps")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    ephemeral = models.BinaryField(max_length=32)
    nonce = models.BinaryField(max_length=12)
    ciphertext = models.BinaryField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["envelope", "user"], condition=Q(user__isnull=False),
                                    name="key_wrap_user_once"),
            models.UniqueConstraint(fields=["envelope", "escrow"],
                                    condition=Q(escrow__isnull=False),
                                    name="key_wrap_escrow_once"),
            models.CheckConstraint(condition=Q(user__isnull=True) ^ Q(escrow__isnull=True),
                                   name="key_wrap_one_recipient"),
        ]

    def __str__(self):
        return f"wrap of {self.envelope_id} to {self.user or self.escrow}"


class BlindIndex(models.Model):
    """HMAC-SHA256 of a petitioner's normalised name or ID number, for finding duplicates
    without decrypting. Kept for every petition with named petitioners."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, db_index=True)

    # A digest is a dictionary attack's target (ID numbers are guessable once the key leaks):
    # the audit trail, which administrators read and nobody can scrub, never holds one.
    audit_redacted_fields = ("digest",)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.field} {self.digest[:8]}…"


class DisclosureRequest(models.Model):
    """A user asks to see a protected identity; a custodian of the unit decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    envelope = models.ForeignKey(Envelope, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                  on_delete=models.CASCADE, related_name="disclosure_requests")
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("disclosure request")
        verbose_name_plural = _("disclosure requests")

    def __str__(self):
        return f"{self.requester}: {self.get_status_display()}"
