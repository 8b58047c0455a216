"""Directions under escalation (workcalendar/escalation.py): open ones with a deadline, held
by their unit, told to their assignee, carried out by their addressee; the superior of a
direction on a centrally monitored matter is the central commission. Registered from the app
config (escalation lies below matters)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse

from oversight.matters.choices import DirectionStatus, MonitoringLevel
from oversight.matters.models import Direction
from oversight.units.choices import UnitKind
from oversight.units.models import Unit
from oversight.workcalendar.choices import EscalationSubject
from oversight.workcalendar.escalation import SOURCES, Source, Target


def _directions(low: dt.date, high: dt.date) -> Iterable[Target]:
    for d in (Direction.objects.filter(status=DirectionStatus.OPEN, due_on__gte=low,
                                       due_on__lte=high)
              .select_related("unit", "addressee", "matter", "assignee")
              .order_by("due_on", "pk")):
        yield Target(EscalationSubject.DIRECTION, d, d.due_on, d.text[:120],
                     reverse("direction-detail", args=[d.pk]))


def _superiors(direction) -> list[int] | None:
    matter = direction.matter
    if matter is not None and matter.monitoring_level in (
            MonitoringLevel.CENTRAL_COMMITTEE, MonitoringLevel.CENTRAL_COMMISSION):
        return list(Unit.objects.filter(kind=UnitKind.CENTRAL_COMMISSION)
                    .values_list("pk", flat=True))
    return None


def register() -> None:
    SOURCES[EscalationSubject.DIRECTION] = Source(
        _directions, unit_of=lambda d: d.unit, addressees=lambda d: [d.addressee_id],
        superiors=_superiors)
