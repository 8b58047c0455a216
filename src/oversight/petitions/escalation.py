"""Petitions under escalation (workcalendar/escalation.py): those with a deadline running
(`next_due`), held by their unit, told to their assignee; a fired step is also an event on the
petition's timeline. Registered from the app config (escalation lies below petitions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from oversight.petitions.choices import EventKind
from oversight.petitions.models import Petition, PetitionEvent
from oversight.workcalendar.choices import EscalationSubject
from oversight.workcalendar.escalation import SOURCES, Planned, Source, Target


def _petitions(low: dt.date, high: dt.date) -> Iterable[Target]:
    for p in (Petition.objects.filter(next_due__gte=low, next_due__lte=high)
              .select_related("unit", "assignee").order_by("next_due", "pk")):
        yield Target(EscalationSubject.PETITION, p, p.next_due, p.subject[:120],
                     reverse("petition-detail", args=[p.pk]))


def _event(planned: Planned, today: dt.date) -> None:
    """The step on the petition's timeline (a direction's or recommendation's step is the
    `EscalationFired` row, shown on its page)."""
    names = ", ".join(str(u) for u in planned.users) or _("nobody (no such user)")
    PetitionEvent.objects.create(
        petition=planned.target.record, kind=EventKind.ESCALATED, by=None, on=today,
        note=(_("%(step)s — told: %(names)s") % {"step": planned.step.label,
                                                 "names": names})[:2000],
        changes={"step": planned.step.code, "due": planned.target.due.isoformat(),
                 "told": [u.pk for u in planned.users]})


def register() -> None:
    # A petition has no addressee: the unit holding it answers the petitioner.
    SOURCES[EscalationSubject.PETITION] = Source(
        _petitions, unit_of=lambda p: p.unit, addressees=lambda p: [], on_fired=_event)
