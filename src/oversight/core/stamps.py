"""The stamp every PDF page, every report's Word and Excel file, every issued document and every
other file the application writes (list exports, the register of outgoing documents, the
emulation ranking, meeting minutes) carries (`core.rendering.Stamp`: the audit chain's head
hash, position and time), built in one place.

`audit_head()` is the one call that reads the audit chain's head for printing: swap it for
the audit app's own head stamp (`oversight.audit.chain`) when that grows one, and every
report, dossier and official document follows.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.audit.chain import head
from oversight.audit.models import AuditEntry
from oversight.core.classification import SecurityClassification
from oversight.core.rendering import Stamp


def audit_head() -> tuple[int, str]:
    """(position, hash) of the last entry of the audit chain."""
    return head()


def audit_head_at(position: int) -> dt.datetime | None:
    """When the entry at `position` was written (None before the first entry)."""
    at = AuditEntry.objects.filter(pk=position).values_list("at", flat=True).first()
    return timezone.localtime(at) if at else None


def marking(classification: str) -> str:
    """The marking printed at the top of every page of a classified document."""
    if classification == SecurityClassification.SECRET:
        return _("SECRET")
    if classification == SecurityClassification.CONFIDENTIAL:
        return _("CONFIDENTIAL")
    return ""


def stamp(issuer: str, classification: str | None = SecurityClassification.NORMAL,
          at: dt.datetime | None = None, head: tuple[int, str] | None = None) -> Stamp:
    """The stamp of a file made now: the chain head in force now, or `head` (position,
    hash) — an issued document keeps the head it was issued under. `classification=None`:
    a file of many records (a list, a register, minutes) has no one classification, and its
    stamp names none."""
    position, head_hash = head or audit_head()
    level = SecurityClassification(classification).label if classification else ""
    return Stamp(
        marking=marking(classification) if classification else "",
        marking_line=_("Classification: %(level)s") % {"level": level} if level else "",
        issuer=issuer, printed_at=timezone.localtime(at or timezone.now()),
        head=head_hash, position=position, printed_label=_("Printed"),
        head_label=_("Audit chain head"), page_label=_("Page"),
        head_at=audit_head_at(position),
    )
