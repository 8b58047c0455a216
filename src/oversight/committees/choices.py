from django.db import models
from django.utils.translation import gettext_lazy as _

# The body that meets (and issues the conclusions' directions) is matters' IssuingBody:
# the Steering Committee itself or its standing body.
from oversight.matters.choices import IssuingBody as Body  # noqa: F401


class MeetingKind(models.TextChoices):
    SESSION = "session", _("Session")
    MEETING = "meeting", _("Meeting")


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Supervision")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    CONCLUDED = "concluded", _("Concluded")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    SERIOUS = "serious", _("Serious")
    VERY_SERIOUS = "very_serious", _("Very serious")


class FollowUp(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    DIRECTIVE = "directive", _("Directive")
    REPORT = "report", _("Report")
    LAW_OPINION = "law_opinion", _("Opinion on a draft law")
    PERSONNEL_OPINION = "personnel_opinion", _("Opinion on personnel")
    OTHER = "other", _("Other")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class ProjectKind(models.TextChoices):
    PROJECT = "project", _("Project")
    RESEARCH = "research", _("Research topic")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
