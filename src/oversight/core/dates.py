"""Dates as the timelines write them: dd/mm/yyyy, and an event's legal date with the time it
was recorded ("14:05 ngày 03/12/2026"). One place for both timelines (petitions, matters)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _


def day(value) -> str:
    """dd/mm/yyyy of a date, or of the ISO date a change record holds ("" for none; a text
    that is not a date is returned as it is)."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y") if value else ""


def when(event) -> str:
    """"14:05 ngày 03/12/2026": the legal date (`event.on`), with the time it was recorded
    that day (`event.at`), or the recording date-time when it was recorded later."""
    at = timezone.localtime(event.at) if event.at else None
    if at is None:
        return day(event.on)
    if at.date() == event.on:
        return _("%(time)s on %(date)s") % {"time": at.strftime("%H:%M"), "date": day(event.on)}
    return _("%(date)s (recorded %(time)s on %(recorded)s)") % {
        "date": day(event.on), "time": at.strftime("%H:%M"), "recorded": day(at.date())}
