"""The two tables of core's own machinery: the access lists that `core.scoping` reads
(`AccessGrant`) and the notices that `core.notify` writes (`Notification`).

They lived in identity and petitions, which made core import upward (issue 18). They moved here
without touching the database (`core/migrations/0001_moved_tables.py`: state only, the tables
keep their names `identity_accessgrant` and `petitions_notification`). Entries of the audit
trail written before the move name them by their old labels; `audit.redaction.MOVED` reads
those as the new ones.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.core.choices import NotificationKind
from oversight.core.phrases import say


class AccessGrant(models.Model):
    """A user on the access list of one classified record (any model). Given and taken by
    `identity.actions` (who may manage a list is identity's rule); read by `core.scoping`."""

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
        db_table = "identity_accessgrant"  # its table from before the move (see above)
        ordering = ["granted_at", "id"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id", "user"],
                                               name="access_grant_once")]
        indexes = [models.Index(fields=["user", "content_type", "object_id"])]

    def __str__(self):
        return f"{self.user} → {self.content_type.model} {self.object_id}"


class Notification(models.Model):
    """An in-app notice to one user (e.g. a petition became overdue). Made by `core.notify`:
    the record it is about is named by `record_type` ("app_label.model") and `record_id`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(_("kind"), max_length=32, default=NotificationKind.GENERAL)
    record_type = models.CharField(_("record type"), max_length=64, blank=True)
    record_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    # The sentence as first said (the language of whoever caused it): shown only for rows
    # without a `message` (made before notices were phrases, or from a plain string).
    text = models.CharField(_("text"), max_length=500)
    # The sentence as a core.notify.Phrase (message id and parameters): said in the reader's
    # language when shown (`sentence`).
    message = models.JSONField(_("message"), null=True, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    read = models.BooleanField(_("read"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    # A notice names its record: the audit trail shows its text only to who may see the
    # record (audit.redaction), as the notification list does (petitions.views).
    scope_record_fields = ("record_type", "record_id")

    class Meta:
        db_table = "petitions_notification"  # its table from before the move (see above)
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read"]),
                   models.Index(fields=["user", "kind", "created_at"],
                                name="notification_user_kind_at")]

    def __str__(self):
        return self.text

    @property
    def sentence(self) -> str:
        """The notice in the active language (the reader's), cut to 500 characters."""
        if not self.message:
            return self.text

        return say(self.message)[:500] or self.text

    def get_kind_display(self) -> str:
        try:
            return str(NotificationKind(self.kind).label)
        except ValueError:
            return str(NotificationKind.GENERAL.label)


class RowCount(models.Model):
    """How many rows a large table holds, as the sum of what each statement added or removed
    (PostgreSQL only; `core.complement.ROW_COUNTED` names the tables).

    PostgreSQL counts a table by reading every row of an index: 5 ms for the 64,000 national
    directions, most of a central reader's list (issue 17); SQLite's count reads the index's
    pages, not its rows. A statement trigger on each counted table (migration 0002) adds one
    row here per INSERT or DELETE statement, with the number of rows it added or removed, and
    a TRUNCATE resets the table's rows here. The rows here are written in the same transaction
    as the rows they count, so every snapshot sums to the very number `COUNT(*)` gives in it;
    writers only add rows here (no row is shared, so none waits for another). Every 256th row
    of a table folds its committed rows into one (the writer that holds the table's advisory
    lock, tried without waiting), so a sum reads a few hundred rows at most.
    tests/core/test_row_counts.py checks the sum against `COUNT(*)` after any statements."""

    table_name = models.CharField(max_length=63)
    delta = models.BigIntegerField()

    class Meta:
        db_table = "core_rowcount"
        indexes = [models.Index(fields=["table_name"], name="rowcount_table")]

    def __str__(self):
        return f"{self.table_name} {self.delta:+d}"
