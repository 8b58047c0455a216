from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentStatus(models.TextChoices):
    ISSUED = "issued", pgettext_lazy("document status", "Issued")
    CANCELLED = "cancelled", pgettext_lazy("document status", "Cancelled")


class NumberStyle(models.TextChoices):
    """How the number and symbol are written (see `numbering.STYLES`)."""

    PARTY = "party", _("Party document (Regulation 66-QĐ/TW)")
    STATE = "state", _("State administrative document (Decree 30/2020/NĐ-CP)")


class RecordType(models.TextChoices):
    PETITION = "petition", _("Petition")
    DIRECTION = "direction", _("Direction")
    MATTER = "matter", _("Matter")
    MEETING = "meeting", _("Meeting")
