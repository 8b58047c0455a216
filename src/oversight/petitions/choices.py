from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("In person (at a reception)")
    EMAIL = "email", _("Email")
    WEB_PORTAL = "web_portal", _("Web portal")
    TRANSFERRED = "transferred", _("Transferred from another agency")


class PetitionKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")
    RECOMMENDATION = "recommendation", _("Recommendation")
    REFLECTION = "reflection", _("Reflection")


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    COMPLEX = "complex", _("Complex")
    ESPECIALLY_COMPLEX = "especially_complex", _("Especially complex")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    TRANSFERRED = "transferred", _("Transferred")
    GUIDED = "guided", _("Guided elsewhere")
    FILED = "filed", _("Filed")
    SETTLING = "settling", _("Being settled")
    SETTLED = "settled", _("Settled")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Đình chỉ: the settlement is discontinued (Law on Denunciations 2018 art. 31(3); Law on
    # Complaints 2011 art. 10 on withdrawal). Recorded with its reason.
    TERMINATED = "terminated", _("Terminated (settlement discontinued)")


class Classification(models.TextChoices):
    """What classification found (Circular 05/2021/TT-TTCP art. 6; Law on Denunciations art. 25)."""

    ELIGIBLE = "eligible", _("Meets the conditions")
    NOT_ELIGIBLE = "not_eligible", _("Does not meet the conditions")
    VERIFY_AS_INFORMATION = "verify_as_information", _(
        "Anonymous denunciation to verify as information"
    )
    REPEAT = "repeat", _("Repeats a settled matter without new evidence")


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    STATUS_CHANGED = "status_changed", _("Status changed")
    TRANSFERRED_IN = "transferred_in", _("Received by transfer")
    EXTENDED = "extended", _("Time limit extended")
    DUPLICATE_LINKED = "duplicate_linked", _("Linked as a duplicate")
    HOTSPOT_LINKED = "hotspot_linked", _("Added to a hot spot")
    ASSIGNED = "assigned", _("Assigned")
    OVERDUE = "overdue", _("Became overdue")
    DESTROYED = "destroyed", _("Destruction recorded")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    URGED = "urged", _("Receiving agency urged")
    DOCUMENT_ISSUED = "document_issued", _("Document issued")
    DOCUMENT_CANCELLED = "document_cancelled", _("Document cancelled")
    SUSPENDED = "suspended", _("Settlement suspended")
    RESUMED = "resumed", _("Settlement resumed")
    DEADLINE_MOVED = "deadline_moved", _("Deadline moved")
    ESCALATED = "escalated", _("Escalation step")
    FACTS_CORRECTED = "facts_corrected", _("Facts corrected")


class DayCount(models.TextChoices):
    WORKING = "working", _("Working days")
    CALENDAR = "calendar", _("Days")


class StartEvent(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    ACCEPTANCE = "acceptance", _("Acceptance")
    DECISION_KNOWN = "decision_known", _("Learning of the decision complained about")


class DeadlineField(models.TextChoices):
    PROCESSING = "processing_due", _("Processing")
    TRANSFER = "transfer_due", _("Transfer outside competence")
    NOTICE = "notice_due", _("Notice of acceptance")
    ACCEPTANCE = "acceptance_due", _("Acceptance")
    SETTLEMENT = "settlement_due", _("Settlement")
    FILING = "filing_due", _("Filing window (complainant)")


class DeadlineCause(models.TextChoices):
    """Why a deadline changed (the deadline history)."""

    INTAKE = "intake", _("Registered")
    CLASSIFICATION = "classification", _("Classified")
    ACCEPTANCE = "acceptance", _("Accepted")
    STATUS = "status", _("Status changed")
    EXTENSION = "extension", _("Extended")
    SUSPENSION = "suspension", _("Suspended")
    RESUMPTION = "resumption", _("Resumed")
    CALENDAR = "calendar", _("Calendar change")
    CORRECTION = "correction", _("Facts corrected")
    BACKFILL = "backfill", _("Reconstructed from the record")


class ReceptionKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    AD_HOC = "ad_hoc", _("Ad hoc")


class HostRole(models.TextChoices):
    PARTY_SECRETARY = "party_secretary", _("Provincial Party Secretary")
    COMMITTEE_CHAIR = "committee_chair", _("People's Committee chair")
    INTERNAL_AFFAIRS_HEAD = "internal_affairs_head", _("Head of Internal Affairs")
    OTHER = "other", _("Other")


class HotspotStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MONITORING = "monitoring", _("Under monitoring")
    RESOLVED = "resolved", _("Resolved")


# The eligibility checklist of Circular 05/2021/TT-TTCP art. 6, by petition kind.
COMMON_CHECKS = {
    "language": _("In Vietnamese, or translated into Vietnamese"),
    "date": _("Dated"),
    "name": _("Petitioner's name"),
    "address": _("Petitioner's address"),
    "signature": _("Signature or fingerprint"),
}
KIND_CHECKS = {
    PetitionKind.COMPLAINT: {
        "respondent": _("Names the person or body complained about"),
        "content": _("States the content of the complaint"),
        "grounds": _("States the grounds"),
        "request": _("States the request"),
    },
    PetitionKind.DENUNCIATION: {
        "accused": _("Names the person denounced"),
        "conduct": _("Describes the conduct"),
        "contact": _("Gives a way to contact the denouncer"),
    },
}


def checklist_for(kind: str) -> dict:
    """The checklist items (key → label) a petition of this kind is classified against."""
    return {**COMMON_CHECKS, **KIND_CHECKS.get(kind, {})}
