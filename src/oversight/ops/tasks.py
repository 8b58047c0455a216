"""The daily housekeeping task (django-tasks; the database backend in production).

It spans apps (petitions, identity, the portal, escalation in workcalendar), so it lives here,
above them all, started by `oversight mark_overdue` (systemd's oversight-daily.timer)."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from oversight.identity import keys
from oversight.petitions import actions
from oversight.portal import limits
from oversight.workcalendar import escalation


@task()
def mark_overdue_petitions(today: str | None = None) -> int:
    """Daily: mark petitions whose running deadline passed and notify their assignees; fire
    the escalation steps due today (workcalendar/escalation.py, each once); forget
    the public portal's rate-limit counters older than two days (its privacy notice says so);
    delete the key wraps of disclosures past their time (they already open nothing)."""
    limits.purge()
    keys.expire_disclosures()
    day = dt.date.fromisoformat(today) if today else None
    marked = actions.mark_overdue(day)
    escalation.apply(day or timezone.localdate())
    return marked
