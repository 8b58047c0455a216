from django.db import models
from django.utils.translation import gettext_lazy as _


class MatterKind(models.TextChoices):
    CASE = "case", _("Criminal case")
    INCIDENT = "incident", _("Incident")


class MonitoringLevel(models.TextChoices):
    CENTRAL_COMMITTEE = "central_committee", _("Central Steering Committee")
    CENTRAL_COMMISSION = "central_commission", _("Central Internal Affairs Commission")
    PROVINCIAL = "provincial", _("Provincial Steering Committee")


class Stage(models.TextChoices):
    VERIFICATION = "verification", _("Verification")
    INSPECTION = "inspection", _("Inspection")
    INVESTIGATION = "investigation", _("Investigation")
    PROSECUTION = "prosecution", _("Prosecution")
    FIRST_INSTANCE = "first_instance", _("First-instance trial")
    APPEAL = "appeal", _("Appeal trial")
    ENFORCEMENT = "enforcement", _("Judgment enforcement")
    CLOSED = "closed", _("Closed")


class EventKind(models.TextChoices):
    CREATED = "created", _("Put under monitoring")
    UPDATED = "updated", _("Details changed")
    STAGE_CHANGED = "stage_changed", _("Stage changed")
    PROCEEDINGS_INSTITUTED = "proceedings_instituted", _("Criminal proceedings instituted")
    COMPLETED = "completed", _("Completely handled")
    DEFENDANT_ADDED = "defendant_added", _("Defendant added")
    DEFENDANT_UPDATED = "defendant_updated", _("Defendant updated")
    DIRECTION_ISSUED = "direction_issued", _("Direction issued")
    DIRECTION_URGED = "direction_urged", _("Direction urged")
    DIRECTION_ANSWERED = "direction_answered", _("Direction answered")
    DOCUMENT_ISSUED = "document_issued", _("Document issued")
    DOCUMENT_CANCELLED = "document_cancelled", _("Document cancelled")
    ASSIGNED = "assigned", _("Assigned")


class OfficeLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCIAL = "provincial", _("Provincial")
    LOCAL = "local", _("Local")


class OfficeStatus(models.TextChoices):
    INCUMBENT = "incumbent", _("Incumbent")
    RETIRED = "retired", _("Retired")


class IssuingBody(models.TextChoices):
    STEERING_COMMITTEE = "steering_committee", _("Steering Committee")
    STANDING_BODY = "standing_body", _("Standing body of the Steering Committee")


class DirectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")


class DirectionEventKind(models.TextChoices):
    """An entry of a direction's own history, seen by its issuer and its addressee."""

    ISSUED = "issued", _("Direction issued")
    EDITED = "edited", _("Text or deadline changed")
    URGED = "urged", _("Urged")
    REPLIED = "replied", _("Reply from the addressee")
    DONE = "done", _("Reported done")
    EXTENSION_REQUESTED = "extension_requested", _("More time requested")
    EXTENSION_GRANTED = "extension_granted", _("More time granted")
    EXTENSION_REFUSED = "extension_refused", _("More time refused")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the issuer's decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
