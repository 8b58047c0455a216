"""The inspections' recommendations under escalation (workcalendar/escalation.py): open ones
with a deadline, held by the inspecting unit, carried out by the units the inspection
visited. A recommendation has no assignee: the inspecting unit's officers and heads are told.
Registered from the app config (escalation lies below committees and does not import it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse

from oversight.committees.choices import FollowUp
from oversight.committees.models import Recommendation
from oversight.workcalendar.choices import EscalationSubject
from oversight.workcalendar.escalation import SOURCES, Source, Target


def _recommendations(low: dt.date, high: dt.date) -> Iterable[Target]:
    for r in (Recommendation.objects.filter(status=FollowUp.OPEN, due_on__gte=low,
                                            due_on__lte=high)
              .select_related("inspection__unit").order_by("due_on", "pk")):
        yield Target(EscalationSubject.RECOMMENDATION, r, r.due_on, r.text[:120],
                     reverse("inspection-detail", args=[r.inspection_id]))


def register() -> None:
    SOURCES[EscalationSubject.RECOMMENDATION] = Source(
        _recommendations,
        unit_of=lambda r: r.inspection.unit,
        addressees=lambda r: list(r.inspection.subjects.values_list("pk", flat=True)),
        assigned=False)
