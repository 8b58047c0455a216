from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftSource(models.TextChoices):
    SCAN = "scan", _("Scan")
    EMAIL = "email", _("Email")


class DraftStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    READING = "reading", _("Being read")
    READY = "ready", _("Ready to confirm")
    FAILED = "failed", _("Could not be read")
    REGISTERED = "registered", _("Registered")
    DISCARDED = "discarded", _("Discarded")


OPEN_STATUSES = (DraftStatus.QUEUED, DraftStatus.READING, DraftStatus.READY, DraftStatus.FAILED)


class FileRole(models.TextChoices):
    ORIGINAL = "original", _("Original scan")
    SEARCHABLE = "searchable", _("Searchable PDF")
    ATTACHMENT = "attachment", _("Email attachment")
    MESSAGE = "message", _("Email message")
