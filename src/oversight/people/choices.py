"""Choice sets of the people registry and personnel appraisal.

Relations follow FollowTheMoney's vocabulary: `Family` (with a relationship), `Associate`,
`Ownership`, `Directorship`, `Position`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.core.jobs import JobStatus


class RelationKind(models.TextChoices):
    SPOUSE = "spouse", _("spouse")
    PARENT = "parent", _("parent")
    CHILD = "child", _("child")
    SIBLING = "sibling", _("sibling")
    IN_LAW = "in_law", _("in-law")
    BUSINESS_PARTNER = "business_partner", _("business partner")


# FollowTheMoney schema of each relation kind.
FTM_SCHEMA = {
    RelationKind.SPOUSE: "Family", RelationKind.PARENT: "Family", RelationKind.CHILD: "Family",
    RelationKind.SIBLING: "Family", RelationKind.IN_LAW: "Family",
    RelationKind.BUSINESS_PARTNER: "Associate",
}
INVERSE = {RelationKind.PARENT: RelationKind.CHILD, RelationKind.CHILD: RelationKind.PARENT}
FAMILY = frozenset(k for k, v in FTM_SCHEMA.items() if v == "Family")


class OrganisationRoleKind(models.TextChoices):
    OWNER = "owner", _("owner")
    DIRECTOR = "director", _("director")
    SHAREHOLDER = "shareholder", _("shareholder")


FTM_ROLE_SCHEMA = {OrganisationRoleKind.OWNER: "Ownership",
                   OrganisationRoleKind.SHAREHOLDER: "Ownership",
                   OrganisationRoleKind.DIRECTOR: "Directorship"}


class MentionRole(models.TextChoices):
    PETITIONER = "petitioner", _("petitioner")
    RESPONDENT = "respondent", _("denounced person")
    DEFENDANT = "defendant", _("defendant")
    RECEPTION = "reception", _("citizen received")
    NOMINEE = "nominee", _("nominee")
    EXTERNAL = "external", _("external list")


class LinkStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


# A link run's status is its job's (people.models.LinkRun.job).
RunStatus = JobStatus


class AppraisalPurpose(models.TextChoices):
    APPOINTMENT = "appointment", _("appointment")
    PLANNING = "planning", _("planning")
    CONGRESS = "congress", _("congress")


class AppraisalStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("opinion given")
