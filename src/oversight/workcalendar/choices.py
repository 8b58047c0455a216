from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.core import calendar


class DayKind(models.TextChoices):
    DAY_OFF = calendar.DAY_OFF, _("Day off")
    WORKING_DAY = calendar.WORKING_DAY, _("Working day")


class EscalationSubject(models.TextChoices):
    """The records with a deadline that escalation follows."""

    PETITION = "petition", _("Petition")
    DIRECTION = "direction", _("Direction")
    RECOMMENDATION = "recommendation", _("Inspection recommendation")


class EscalationRecipient(models.TextChoices):
    """Who an escalation step tells (workcalendar/escalation.py resolves them to users)."""

    ASSIGNEE = "assignee", _("The assignee (the officer following it up)")
    UNIT_HEAD = "unit_head", _("The head of the unit that holds the record")
    ADDRESSEE = "addressee", _("The head of the body that must carry it out")
    SUPERIOR = "superior", _("The issuing or superior body (the central commission for "
                             "centrally monitored matters)")
