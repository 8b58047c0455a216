"""Escalation (issue 14): the `EscalationStep` table applied to open petitions, directions and
inspection recommendations, once per step, record and deadline.

When a step's moment has come (`moment_has_come`, counted in working days on the official
calendar, `core.calendar`):

- a step before the deadline (offset −3) fires while 0…3 working days are left — so a record
  that arrives with two days left is reminded at once, and never after its deadline passed;
- a step after the deadline (offset 1, 5…) fires once the record is that many working days
  overdue, and up to `CATCH_UP` working days later (a missed daily run catches up; a backlog
  of records overdue for months does not flood everyone the day escalation is switched on).

Steps fire on working days only: a Saturday reminder that "3 working days are left" would be
stale by Monday. A fired step is a row of `EscalationFired` (unique per step, record and
deadline: the daily job never repeats a notice, and two runs at once cannot both send it),
a notification to each recipient, and on a petition an "Escalation step" event.

Who is told (`recipients`):
- assignee: the petition's or direction's assignee; without one, the heads of the unit (they
  assign); a recommendation has no assignee: the officers and heads of the inspecting unit;
- unit_head: the heads of the unit holding the record;
- addressee: the heads of the body that must carry it out (a direction's addressee, the units
  a recommendation's inspection visited); petitions have none;
- superior: the heads of the central commission for a direction on a centrally monitored
  matter; otherwise the heads of the unit above the one holding the record (of that unit
  itself at the top).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.core import calendar
from oversight.core.choices import NotificationKind
from oversight.core.notify import notify
from oversight.core.phrases import Localized, Phrase
from oversight.core.scoping import VIEW, can
from oversight.units.models import Unit
from oversight.workcalendar.choices import EscalationRecipient, EscalationSubject
from oversight.workcalendar.models import EscalationFired, EscalationStep

CATCH_UP = 5  # working days a step after the deadline may still fire late


def moment_has_come(offset: int, due: dt.date, today: dt.date) -> bool:
    """Whether a step `offset` working days from `due` fires on `today` (see the module)."""
    if not calendar.is_working_day(today):
        return False
    last_day = calendar.next_working_day(due)
    if offset <= 0:
        if calendar.lapsed(due, today):
            return False
        return calendar.working_days_between(today, last_day) <= -offset
    if not calendar.lapsed(due, today):
        return False
    return offset <= calendar.working_days_between(last_day, today) <= offset + CATCH_UP


def moment_words(due: dt.date, today: dt.date) -> Phrase:
    """'3 working days left', 'due today' or 'overdue by 2 working days' (said in the
    reader's language)."""
    last_day = calendar.next_working_day(due)
    if last_day >= today:
        left = calendar.working_days_between(today, last_day)
        if left == 0:
            return Phrase(gettext_noop("the deadline is today"))
        return Phrase.ngettext("%(n)d working day left", "%(n)d working days left", left)
    over = calendar.working_days_between(last_day, today)
    return Phrase.ngettext("overdue by %(n)d working day", "overdue by %(n)d working days",
                           over)


@dataclass
class Target:
    """A record with a running deadline."""

    subject: str
    record: object
    due: dt.date
    title: str
    link: str

    @property
    def object_id(self) -> int:
        return self.record.pk


@dataclass
class Planned:
    step: EscalationStep
    target: Target
    users: list = field(default_factory=list)
    text: Phrase | str = ""
    blind_text: Phrase | str = ""  # for a recipient who may not open the record: no subject

    def line(self) -> str:
        """One line for `oversight escalate` (ids and usernames only, no contents)."""
        told = ", ".join(u.username for u in self.users) or _("nobody (no such user)")
        return (f"{self.target.subject} #{self.target.object_id} "
                f"{_('deadline')} {self.target.due:%d/%m/%Y}: {self.step.code} → {told}")


def _date_window(steps: list[EscalationStep], today: dt.date) -> tuple[dt.date, dt.date]:
    """Deadlines that a step of `steps` may concern on `today` lie in this window (a wide
    bound for the query; `moment_has_come` decides)."""
    before = max([-s.offset for s in steps if s.offset <= 0], default=0)
    after = max([s.offset for s in steps if s.offset > 0], default=0) + CATCH_UP
    high = calendar.add_working_days(today, before)
    low = today
    for _step in range(after + 1):
        low = calendar.last_working_day_before(low)
    # a deadline on a day off lasts to the next working day: the longest run of days off
    # (Tết with its weekends) is well under a month
    return low - dt.timedelta(days=31), high


@dataclass(frozen=True)
class Source:
    """The records of one subject with a running deadline, and who holds them. Each app
    registers its own (petitions, matters and committees `escalation.py`, from their app
    configs): escalation lies below them and imports none of them."""

    targets: Callable[[dt.date, dt.date], Iterable[Target]]  # deadlines between low and high
    unit_of: Callable[[object], Unit]  # the unit holding the record
    addressees: Callable[[object], list[int]]  # the units that must carry it out
    assigned: bool = True  # False: no assignee; the unit's officers and heads are told
    # The units whose heads are the record's superior; None: the unit above the holder's.
    superiors: Callable[[object], list[int] | None] = lambda record: None
    # What else a fired step leaves on the record (a petition's timeline event).
    on_fired: Callable[[Planned, dt.date], None] = lambda planned, today: None


# Subject -> where its records come from (registered by the apps that hold them).
SOURCES: dict[str, Source] = {}


def targets(subject: str, low: dt.date, high: dt.date) -> Iterable[Target]:
    source = SOURCES.get(subject)
    return source.targets(low, high) if source is not None else ()


def _unit_of(target: Target):
    return SOURCES[target.subject].unit_of(target.record)


def _users(unit_ids, roles) -> list:
    ids = [i for i in unit_ids if i is not None]
    if not ids:
        return []
    return list(User.objects.filter(unit_id__in=ids, is_active=True,
                                    groups__name__in=[str(r) for r in roles])
                .distinct().order_by("username"))


def recipients(step: EscalationStep, target: Target) -> list:
    heads = (Role.HEAD,)
    unit = _unit_of(target)
    record = target.record
    if step.recipient == EscalationRecipient.ASSIGNEE:
        if not SOURCES[target.subject].assigned:
            return _users([unit.pk], (Role.OFFICER, Role.HEAD))
        assignee = getattr(record, "assignee", None)
        if assignee is not None and assignee.is_active:
            return [assignee]
        return _users([unit.pk], heads)
    if step.recipient == EscalationRecipient.UNIT_HEAD:
        return _users([unit.pk], heads)
    if step.recipient == EscalationRecipient.ADDRESSEE:
        return _users(SOURCES[target.subject].addressees(record), heads)
    if step.recipient == EscalationRecipient.SUPERIOR:
        superiors = SOURCES[target.subject].superiors(record)
        if superiors is not None:
            return _users(superiors, heads)
        return _users([unit.parent_id or unit.pk], heads)
    return []


def _text(step: EscalationStep, target: Target, today: dt.date) -> Phrase:
    return Phrase(gettext_noop("%(what)s “%(title)s”: deadline %(due)s, %(moment)s (%(step)s)."),
                  what=EscalationSubject(target.subject).label, title=target.title,
                  due=target.due, moment=moment_words(target.due, today),
                  step=Localized(vi=step.label_vi, en=step.label_en))


def _blind_text(step: EscalationStep, target: Target, today: dt.date) -> Phrase:
    return Phrase(gettext_noop("%(what)s held by %(unit)s (outside your access, not named here): "
                     "deadline %(due)s, %(moment)s (%(step)s)."),
                  what=EscalationSubject(target.subject).label, unit=_unit_of(target),
                  due=target.due, moment=moment_words(target.due, today),
                  step=Localized(vi=step.label_vi, en=step.label_en))


def plan(today: dt.date, steps: list[EscalationStep] | None = None) -> list[Planned]:
    """The steps that fire on `today` and have not fired yet for their record and deadline."""
    steps = list(EscalationStep.objects.filter(active=True)) if steps is None else steps
    out: list[Planned] = []
    by_subject: dict[str, list[EscalationStep]] = {}
    for step in steps:
        by_subject.setdefault(step.subject, []).append(step)
    for subject, its_steps in by_subject.items():
        low, high = _date_window(its_steps, today)
        found = list(targets(subject, low, high))
        fired = set(EscalationFired.objects.filter(
            subject=subject, object_id__in=[t.object_id for t in found],
            step__in=its_steps).values_list("step_id", "object_id", "due_on"))
        for target in found:
            for step in its_steps:
                if (step.pk, target.object_id, target.due) in fired:
                    continue
                if not moment_has_come(step.offset, target.due, today):
                    continue
                out.append(Planned(step, target, recipients(step, target),
                                   _text(step, target, today),
                                   _blind_text(step, target, today)))
    return out


def _notify(users: list, planned: Planned) -> None:
    """Tell each user in the app, through the one notification function (core.notify: kind
    "escalated", linked to the record; the same unread news about the same record on the same
    day stays one notice)."""
    record = planned.target.record
    seeing = [u for u in users if can(u, VIEW, record)]
    notify(seeing, NotificationKind.ESCALATED, record, planned.text, link=planned.target.link)
    others = [u for u in users if u not in seeing]
    if others:
        # A superior body outside the record's need-to-know is still told that a record of
        # the unit is late — without its subject or a link to it.
        notify(others, NotificationKind.ESCALATED, None, planned.blind_text, link="")


def fire(planned: Planned, today: dt.date) -> bool:
    """Fire one planned step (its row, notices and the record's own trace in one transaction);
    False when another run fired it meanwhile (the unique row decides), so a re-run changes
    nothing."""
    with transaction.atomic():
        _row, created = EscalationFired.objects.get_or_create(
            step=planned.step, subject=planned.target.subject,
            object_id=planned.target.object_id, due_on=planned.target.due,
            defaults={"fired_on": today, "text": str(planned.text)[:500],
                      "recipients": [u.pk for u in planned.users]})
        if not created:
            return False
        _notify(planned.users, planned)
        SOURCES[planned.target.subject].on_fired(planned, today)
    return True


def apply(today: dt.date, steps: list[EscalationStep] | None = None) -> list[Planned]:
    """Fire what `plan` finds, each step in its own transaction; returns what fired. The daily
    run does this as the job `escalation` (jobs/definitions.py), in chunks with progress."""
    return [planned for planned in plan(today, steps) if fire(planned, today)]


def fired_for(subject: str, object_id: int) -> list[EscalationFired]:
    """The steps fired for one record, newest first (for its page)."""
    return fired_by_record(subject, [object_id]).get(object_id, [])


def fired_by_record(subject: str, object_ids: list[int]) -> dict[int, list[EscalationFired]]:
    """The steps fired for these records, newest first, by record id (one query)."""
    out: dict[int, list[EscalationFired]] = {}
    for row in (EscalationFired.objects.filter(subject=subject, object_id__in=object_ids)
                .select_related("step")):
        out.setdefault(row.object_id, []).append(row)
    return out
