"""Security classification (độ mật) of a record: a mixin any scoped model can take.

The access rule itself lives in `oversight.core.scoping` with the unit rule; the access list
is the generic `oversight.core.models.AccessGrant`. A model opts in by inheriting
`Classified` (a field `security_classification`) and, for records that belong to a
classified parent (a matter's events, a petition's attachments), by naming the path to that
parent in `scope_classified_field` (e.g. "matter"); "" means the model itself is classified.

The field is not called `classification` because a petition already has one: the outcome of
its eligibility review (phân loại đơn, Circular 05/2021/TT-TTCP).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.accounts.roles import Role

# The levels are defined below core, with the paths that say which record classifies a row
# (the audit trail reads them too); the models and forms import them from here.
from oversight.base.classified import SecurityClassification  # noqa: F401 - re-exported


class Classified(models.Model):
    security_classification = models.CharField(
        _("security classification"), max_length=16, choices=SecurityClassification.choices,
        default=SecurityClassification.NORMAL,
        help_text=_("Confidential and secret records are seen only by the people on their "
                    "access list (and, for confidential ones, the head of the unit)."),
    )

    scope_classified_field = ""

    class Meta:
        abstract = True

    @property
    def is_classified(self) -> bool:
        return self.security_classification != SecurityClassification.NORMAL


def may_classify(user) -> bool:
    """Who may raise or lower a classification: the unit's head and its identity custodian."""
    return bool(user and user.is_authenticated and (
        user.has_role(Role.HEAD) or user.has_role(Role.CUSTODIAN)))
