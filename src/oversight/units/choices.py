from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    CENTRAL_COMMISSION = "central_commission", _("Central commission")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial internal affairs committee")
    STEERING_COMMITTEE = "steering_committee", _("Provincial steering committee")
    POLICE = "police", _("Police")
    PROCURACY = "procuracy", _("Procuracy")
    COURT = "court", _("Court")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    AUDIT = "audit", _("State audit")
    PARTY_INSPECTION = "party_inspection", _("Party inspection commission")
    OTHER = "other", _("Other agency")
