from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.core import calendar


class DayKind(models.TextChoices):
    DAY_OFF = calendar.DAY_OFF, _("Day off")
    WORKING_DAY = calendar.WORKING_DAY, _("Working day")
