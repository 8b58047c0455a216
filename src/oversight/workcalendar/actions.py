"""Every change to the working calendar goes through these functions (the page and the API).

A change is saved with its announcing document, and the open deadlines it may move are
recomputed in the background (job `calendar_recompute`, started when the change commits): each
petition whose deadline moved gets an event saying from when to when and by which document.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.accounts.roles import is_administrator
from oversight.core import calendar, jobs
from oversight.core.errors import RuleError
from oversight.workcalendar.choices import DayKind
from oversight.workcalendar.models import WorkingDay


def may_edit(user) -> bool:
    return is_administrator(user)


def check_may_edit(user) -> None:
    if not may_edit(user):
        raise PermissionDenied(_("Only administrators change the working calendar."))


def _recompute(day: dt.date, basis: str, change: str, by):
    return jobs.enqueue("calendar_recompute", by, date=day.isoformat(), basis=basis,
                        change=change, changed_on=timezone.localdate().isoformat())


@transaction.atomic
def add_day(*, by, date: dt.date | None, kind: str, basis: str, note: str = ""):
    """Record an announced day off or worked day; returns (row, job)."""
    check_may_edit(by)
    if date is None:
        raise RuleError(_("This field is required."), field="date")
    if kind not in DayKind.values:
        raise RuleError(_("Choose “day_off” or “working_day”."), field="kind")
    basis = (basis or "").strip()
    if not basis:
        raise RuleError(_("Name the announcing document (number and issuer)."), field="basis")
    existing = WorkingDay.objects.filter(date=date).first()
    if existing is not None:
        raise RuleError(_("%(date)s is already listed (%(basis)s); delete it first.")
                        % {"date": date.strftime("%d/%m/%Y"), "basis": existing.basis},
                        field="date")
    holiday = calendar.public_holiday_name(date)
    weekend = calendar.is_weekend(date)
    if kind == DayKind.WORKING_DAY and not weekend and not holiday:
        raise RuleError(_("%(date)s is already a working day.")
                        % {"date": date.strftime("%d/%m/%Y")}, field="date")
    if kind == DayKind.DAY_OFF and weekend and not holiday:
        raise RuleError(_("%(date)s is already a day off (a weekend).")
                        % {"date": date.strftime("%d/%m/%Y")}, field="date")
    row = WorkingDay.objects.create(date=date, kind=kind, basis=basis[:300],
                                    note=(note or "").strip(), created_by=by)
    calendar.invalidate()
    return row, _recompute(date, basis, "added", by)


@transaction.atomic
def remove_day(*, by, date: dt.date):
    """Delete an exception; returns the job that recomputes the deadlines it had moved."""
    check_may_edit(by)
    row = WorkingDay.objects.filter(date=date).first()
    if row is None:
        raise RuleError(_("%(date)s has no exception.") % {"date": date.strftime("%d/%m/%Y")},
                        field="date")
    basis = row.basis
    row.delete()
    calendar.invalidate()
    return _recompute(date, _("removed: %(basis)s") % {"basis": basis}, "removed", by)
