"""Choices shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about (core.notify). Free to grow: a kind not listed here is
    still stored and shown with its text."""

    GENERAL = "general", _("Notice")
    ASSIGNED = "assigned", _("Assigned to you")
    TRANSFERRED = "transferred", _("Transferred to your unit")
    DIRECTION_ISSUED = "direction_issued", _("Direction received")
    DIRECTION_URGED = "direction_urged", _("Direction urged")
    PORTAL_REPORT = "portal_report", _("Report from the portal")
    PORTAL_MESSAGE = "portal_message", _("Message from the portal")
    DEADLINE_SOON = "deadline_soon", _("Deadlines coming up")
    OVERDUE = "overdue", _("Overdue")
    CONFLICT = "conflict", _("Conflict of interest")
    ESCALATED = "escalated", _("Escalation")
