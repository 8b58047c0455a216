"""User roles. Stored as Django groups so administrators manage them in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    HEAD = "head", _("Head of unit")
    CENTRAL_ANALYST = "central_analyst", _("Central analyst")
    CUSTODIAN = "custodian", _("Identity custodian")
    ADMINISTRATOR = "administrator", _("Administrator")
