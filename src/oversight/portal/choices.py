"""The portal's choices: what became of a submission, and who wrote a message."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionState(models.TextChoices):
    FILED = "filed", _("Filed as a petition")
    HELD = "held", _("Held for review")
    DISCARDED = "discarded", _("Discarded as abuse")


class Sender(models.TextChoices):
    OFFICER = "officer", _("Officer")
    CITIZEN = "citizen", _("Submitter")
