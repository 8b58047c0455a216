"""The stamp every PDF page carries (`core.rendering.Stamp`), built in one place.

`audit_head()` is the one call that reads the audit chain's head for printing: swap it for
the audit app's own head stamp (`oversight.audit.chain`) when that grows one, and every
report, dossier and official document follows.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.audit.chain import head
from oversight.core.classification import SecurityClassification
from oversight.core.rendering import Stamp


def audit_head() -> tuple[int, str]:
    """(position, hash) of the last entry of the audit chain."""
    return head()


def marking(classification: str) -> str:
    """The marking printed at the top of every page of a classified document."""
    if classification == SecurityClassification.SECRET:
        return _("SECRET")
    if classification == SecurityClassification.CONFIDENTIAL:
        return _("CONFIDENTIAL")
    return ""


def stamp(issuer: str, classification: str = SecurityClassification.NORMAL,
          at: dt.datetime | None = None) -> Stamp:
    position, head = audit_head()
    level = SecurityClassification(classification).label
    return Stamp(
        marking=marking(classification),
        marking_line=_("Classification: %(level)s") % {"level": level},
        issuer=issuer, printed_at=timezone.localtime(at or timezone.now()),
        head=head, position=position, printed_label=_("Printed"),
        head_label=_("Audit chain head"), page_label=_("Page"),
    )
