"""User roles. Stored as Django groups so administrators manage them in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    HEAD = "head", _("Head of unit")
    CENTRAL_ANALYST = "central_analyst", _("Central analyst")
    CUSTODIAN = "custodian", _("Identity custodian")
    ADMINISTRATOR = "administrator", _("Administrator")


def is_administrator(user) -> bool:
    """The one "is administrator" rule: a signed-in user with the administrator role (a
    superuser counts as one, `User.has_role`). Anonymous or no user: no. Jobs, the working
    calendar, units, the audit trail and token revocation all ask here."""
    return bool(user is not None and user.is_authenticated
                and user.has_role(Role.ADMINISTRATOR))
