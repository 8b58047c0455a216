"""The history of access lists and the key hierarchy that protects denouncers' identities.

The access lists themselves (`AccessGrant`) are read by `core.scoping` and live beside it in
`core.models`; identity keeps who may manage them (`access`, `actions`) and their history
(`AccessEvent`).

    escrow key pair (private half offline; signs the unit keys)
         |  \\
         |   UnitKey (one per unit) --UnitKeyWrap--> each approved custodian of the unit
         |        \\
         +--------- KeyWrap ___ data key ___ KeyWrap --> a requester, for an approved disclosure
                                   |                      (expires)
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

from oversight.identity.choices import AccessEventKind, DisclosureStatus, WrapReason


class AccessEvent(models.Model):
    """What happened to a record's access list or protected identity, shown on the record.

    The tamper-evident audit trail (`oversight.audit`) records the same events; this table is
    the record's own history, readable by whoever may see the record."""

    Kind = AccessEventKind  # the choices live in choices.py

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
    """The public halves of the offline escrow key pair (X25519 to wrap, Ed25519 to sign). One
    is active at a time; the server trusts the one whose `pin` is configured outside the
    database (`OVERSIGHT_ESCROW_PIN`), see `keys.trusted_escrow`."""

    public_key = models.BinaryField(max_length=32)
    signing_public = models.BinaryField(max_length=32, default=b"", blank=True)
    fingerprint = models.CharField(max_length=16)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("escrow key")
        verbose_name_plural = _("escrow keys")

    def __str__(self):
        return f"escrow {self.fingerprint}{'' if self.active else ' (retired)'}"


class UnitKey(models.Model):
    """A unit's X25519 key pair. Sealing wraps each data key to it (needing the public half
    only); its private half is wrapped to the unit's approved custodians and to the escrow key
    (`UnitKeyWrap`), so a new custodian reads nothing until a custodian who holds it (or the
    escrow) wraps it to them. The escrow's signature over the unit and public key is checked
    before any data key is wrapped to it: a row planted in the database is ignored."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    public_key = models.BinaryField(max_length=32)
    signature = models.BinaryField(max_length=64)
    signed_by = models.ForeignKey(EscrowKey, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("unit key")
        verbose_name_plural = _("unit keys")
        constraints = [models.UniqueConstraint(fields=["unit"], condition=Q(active=True),
                                               name="unit_key_one_active")]

    def __str__(self):
        return f"unit key {self.pk} of unit {self.unit_id}"


class UnitKeyWrap(models.Model):
    """A unit's private key wrapped to an approved custodian's (or the escrow's) public key."""

    unit_key = models.ForeignKey(UnitKey, on_delete=models.CASCADE, related_name="wraps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="unit_key_wraps")
    escrow = models.ForeignKey(EscrowKey, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="unit_key_wraps")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    ephemeral = models.BinaryField(max_length=32)
    nonce = models.BinaryField(max_length=12)
    ciphertext = models.BinaryField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit_key", "user"],
                                    condition=Q(user__isnull=False),
                                    name="unit_key_wrap_user_once"),
            models.UniqueConstraint(fields=["unit_key", "escrow"],
                                    condition=Q(escrow__isnull=False),
                                    name="unit_key_wrap_escrow_once"),
            models.CheckConstraint(condition=Q(user__isnull=True) ^ Q(escrow__isnull=True),
                                   name="unit_key_wrap_one_recipient"),
        ]

    def __str__(self):
        return f"wrap of unit key {self.unit_key_id} to {self.user or self.escrow}"


class CustodianApproval(models.Model):
    """One custodian's approval of a new custodian's key, while more are needed
    (`OVERSIGHT_CUSTODIAN_APPROVALS`). `tag` is a MAC under a key derived from the unit's
    private key: the next approver checks it, so a row written into the database by anyone
    who does not hold the unit's key counts for nothing."""

    custodian = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("custodian"),
                                  on_delete=models.CASCADE, related_name="custodian_approvals")
    public_key = models.BinaryField(max_length=32)
    unit_key = models.ForeignKey(UnitKey, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
                           on_delete=models.CASCADE, related_name="+")
    tag = models.BinaryField(max_length=32)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["custodian", "unit_key", "by"],
                                               name="custodian_approval_once")]

    def __str__(self):
        return f"{self.by} approves {self.custodian}"


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

    Reason = WrapReason  # the choices live in choices.py

    envelope = models.ForeignKey(Envelope, on_delete=models.CASCADE, related_name="wraps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="key_wraps")
    escrow = models.ForeignKey(EscrowKey, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="wraps")
    unit_key = models.ForeignKey(UnitKey, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="data_wraps")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    ephemeral = models.BinaryField(max_length=32)
    nonce = models.BinaryField(max_length=12)
    ciphertext = models.BinaryField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    # A disclosure's wrap ends: past this time it opens nothing and is deleted.
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["envelope", "user"], condition=Q(user__isnull=False),
                                    name="key_wrap_user_once"),
            models.UniqueConstraint(fields=["envelope", "escrow"],
                                    condition=Q(escrow__isnull=False),
                                    name="key_wrap_escrow_once"),
            models.UniqueConstraint(fields=["envelope", "unit_key"],
                                    condition=Q(unit_key__isnull=False),
                                    name="key_wrap_unit_key_once"),
            models.CheckConstraint(
                condition=(Q(user__isnull=False, escrow__isnull=True, unit_key__isnull=True)
                           | Q(user__isnull=True, escrow__isnull=False, unit_key__isnull=True)
                           | Q(user__isnull=True, escrow__isnull=True, unit_key__isnull=False)),
                name="key_wrap_one_recipient"),
        ]

    def __str__(self):
        return f"wrap of {self.envelope_id} to {self.user or self.escrow or self.unit_key}"


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
    # Its text shows the digest's first characters: entries name it "BlindIndex #id".
    audit_anonymous_repr = True

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.field} {self.digest[:8]}…"


class DisclosureRequest(models.Model):
    """A user asks to see a protected identity; a custodian of the unit decides."""

    Status = DisclosureStatus  # the choices live in choices.py

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
    expires_at = models.DateTimeField(_("disclosed until"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("disclosure request")
        verbose_name_plural = _("disclosure requests")

    def __str__(self):
        return f"{self.requester}: {self.get_status_display()}"
