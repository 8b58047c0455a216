"""Every change to a matter or a direction goes through these functions.

The web views, the API and the seed all call them, so a rule (allowed stage moves, dates that
must make sense) is checked once, and every change writes its timeline event in the same
transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from oversight.core.choices import NotificationKind
from oversight.core.errors import ConflictError, RuleError
from oversight.core.notify import Phrase, notify, unit_staff
from oversight.core.notify import by_whom as _by
from oversight.core.pickers import check_assignee, units_taking
from oversight.core.scoping import VIEW, can
from oversight.identity.actions import classified_at_creation, set_classification
from oversight.matters import stages
from oversight.matters.choices import (
    DirectionEventKind,
    DirectionStatus,
    EventKind,
    MatterKind,
    Stage,
)
from oversight.matters.models import (
    Defendant,
    Direction,
    DirectionEvent,
    Matter,
    MatterEvent,
    Reminder,
)
from oversight.units.models import Unit

# Fields an update may change directly; stage, completion and proceedings have their own actions.
EDITABLE_FIELDS = (
    "kind", "title", "summary", "responsible_unit", "monitoring_level", "monitored_from",
    "corruption", "security_order", "loss_amount", "recovered_amount",
    "enforcement_due_amount", "enforcement_done_amount",
)


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(value: dt.date | None, field: str) -> None:
    if value and value > _today():
        raise RuleError(_("This date is in the future."), field=field)


def _event(matter: Matter, kind: str, by, on: dt.date | None = None, **extra) -> MatterEvent:
    return MatterEvent.objects.create(matter=matter, kind=kind, by=by, on=on or _today(), **extra)


def _plain(value):
    """A JSON-friendly form of a field value for the timeline's before/after."""
    if hasattr(value, "code"):
        return value.code
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _check_dates(matter: Matter) -> None:
    _not_future(matter.monitored_from, "monitored_from")
    _not_future(matter.prosecuted_on, "prosecuted_on")
    _not_future(matter.completed_on, "completed_on")
    if matter.completed_on and matter.completed_on < matter.monitored_from:
        raise RuleError(
            _("A matter cannot be completed before it was put under monitoring."),
            field="completed_on",
        )
    if matter.recovered_amount > matter.loss_amount > 0:
        raise RuleError(_("More is recovered than was lost."), field="recovered_amount")
    if matter.enforcement_done_amount > matter.enforcement_due_amount:
        raise RuleError(_("More is enforced than the judgments order."),
                        field="enforcement_done_amount")


@transaction.atomic
def create_matter(*, by, criteria=(), agencies=(), **fields) -> Matter:
    """Put a matter under monitoring. Historical records may start at any stage with past dates."""
    matter = Matter(**fields)
    if matter.completed_on:
        matter.stage = Stage.CLOSED
    if matter.stage == Stage.CLOSED:
        matter.closed_on = matter.completed_on or matter.monitored_from
    if matter.prosecuted_on or matter.stage in stages.CRIMINAL_STAGES:
        matter.kind = MatterKind.CASE
    _check_dates(matter)
    matter.full_clean(exclude=["criteria", "agencies"])
    matter.save()
    matter.criteria.set(criteria)
    matter.agencies.set(agencies)
    _event(matter, EventKind.CREATED, by, on=matter.monitored_from, to_stage=matter.stage)
    if matter.is_classified:
        classified_at_creation(matter, by)
    if matter.prosecuted_on:
        _event(matter, EventKind.PROCEEDINGS_INSTITUTED, by, on=matter.prosecuted_on)
    if matter.completed_on:
        _event(matter, EventKind.COMPLETED, by, on=matter.completed_on, to_stage=Stage.CLOSED)
    return matter


def _lock(matter: Matter) -> Matter:
    """Re-read the row under a write lock so concurrent actions apply one after the other."""
    return Matter.objects.select_for_update().get(pk=matter.pk)


def _bump(matter: Matter, **fields) -> None:
    # A save (not QuerySet.update) so the audit trail's signals see the change.
    for name, value in fields.items():
        setattr(matter, name, value)
    matter.version = F("version") + 1
    matter.save(update_fields=["version", *fields])
    matter.refresh_from_db()


@transaction.atomic
def update_matter(matter: Matter, *, by, criteria=None, agencies=None,
                  expected_version: int | None = None, **changes) -> Matter:
    """Change details; `stage`, `completed_on` and `prosecuted_on` go through their actions.

    `expected_version` is the version the user's form or request was based on: if someone
    saved the matter since, nothing is written and ConflictError says so."""
    matter = _lock(matter)
    if expected_version is not None and expected_version != matter.version:
        raise ConflictError(_(
            "Someone else changed this matter while you were editing it (version %(theirs)s, "
            "yours %(yours)s). Reload it and apply your changes again."
        ) % {"theirs": matter.version, "yours": expected_version})
    stage = changes.pop("stage", None)
    completed_on = changes.pop("completed_on", None)
    prosecuted_on = changes.pop("prosecuted_on", None)
    classification = changes.pop("security_classification", None)
    if classification is not None:  # heads and custodians only; logged and audited there

        matter = set_classification(matter, classification, by=by)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleError(_("This field cannot be changed here."), field=sorted(unknown)[0])

    diff = {}
    for name, value in changes.items():
        before = getattr(matter, name)
        if before != value:
            diff[name] = [_plain(before), _plain(value)]
            setattr(matter, name, value)
    if criteria is not None:
        before = sorted(matter.criteria.values_list("code", flat=True))
        after = sorted(c.code for c in criteria)
        if before != after:
            diff["criteria"] = [before, after]
            matter.criteria.set(criteria)
    if agencies is not None:
        before = sorted(matter.agencies.values_list("code", flat=True))
        after = sorted(a.code for a in agencies)
        if before != after:
            diff["agencies"] = [before, after]
            matter.agencies.set(agencies)
    if diff:
        _check_dates(matter)
        matter.full_clean(exclude=["criteria", "agencies"])
        matter.version += 1
        matter.save()
        _event(matter, EventKind.UPDATED, by, changes=diff)
    if prosecuted_on and prosecuted_on != matter.prosecuted_on:
        matter = institute_proceedings(matter, on=prosecuted_on, by=by)
    if stage and stage != matter.stage:
        matter = move_stage(matter, stage, by=by)
    if completed_on and completed_on != matter.completed_on:
        matter = complete(matter, on=completed_on, by=by)
    return matter


@transaction.atomic
def move_stage(matter: Matter, stage: str, *, by, on: dt.date | None = None, note: str = ""):
    """Move to the next stage if the process allows it; entering a criminal stage makes an
    incident a case (proceedings instituted on the same day unless already recorded)."""
    matter = _lock(matter)
    refused = stages.MACHINE.refusal(matter.stage, stage, prosecuted_on=matter.prosecuted_on,
                                     defendants=matter.defendants.count())
    if refused is not None:
        raise refused
    on = on or _today()
    _not_future(on, "on")
    if on < matter.monitored_from:
        raise RuleError(_("The date is before the matter was put under monitoring."), field="on")
    if stage in stages.CRIMINAL_STAGES and matter.kind == MatterKind.INCIDENT:
        matter = institute_proceedings(matter, on=on, by=by)
    previous = matter.stage
    _bump(matter, stage=stage, **({"closed_on": on} if stage == Stage.CLOSED else {}))
    _event(matter, by=by, on=on, note=note, **stages.MACHINE.event(previous, stage))
    return matter


@transaction.atomic
def institute_proceedings(matter: Matter, *, on: dt.date, by) -> Matter:
    """Record that criminal proceedings were instituted: the matter becomes a case."""
    matter = _lock(matter)
    _not_future(on, "prosecuted_on")
    _bump(matter, kind=MatterKind.CASE, prosecuted_on=on)
    _event(matter, EventKind.PROCEEDINGS_INSTITUTED, by, on=on)
    return matter


@transaction.atomic
def complete(matter: Matter, *, on: dt.date, by, note: str = "") -> Matter:
    """The committee records the matter as completely handled: it closes from any stage."""
    matter = _lock(matter)
    if matter.completed_on:
        raise RuleError(_("The matter is already recorded as completely handled."),
                        field="completed_on")
    _not_future(on, "completed_on")
    if on < matter.monitored_from:
        raise RuleError(
            _("A matter cannot be completed before it was put under monitoring."),
            field="completed_on",
        )
    previous = matter.stage
    _bump(matter, stage=Stage.CLOSED, completed_on=on, closed_on=matter.closed_on or on)
    _event(matter, EventKind.COMPLETED, by, on=on, from_stage=previous, to_stage=Stage.CLOSED,
           note=note)
    return matter


@transaction.atomic
def add_defendant(matter: Matter, *, by, **fields) -> Defendant:
    defendant = Defendant(matter=matter, **fields)
    for name in ("prosecuted_on", "first_instance_on", "appeal_on"):
        _not_future(getattr(defendant, name), name)
    if defendant.first_instance_on and defendant.prosecuted_on and (
        defendant.first_instance_on < defendant.prosecuted_on
    ):
        raise RuleError(_("The trial cannot precede the prosecution."), field="first_instance_on")
    if defendant.appeal_on and defendant.first_instance_on and (
        defendant.appeal_on < defendant.first_instance_on
    ):
        raise RuleError(_("The appeal cannot precede the first-instance trial."),
                        field="appeal_on")
    defendant.full_clean()
    defendant.save()
    _event(matter, EventKind.DEFENDANT_ADDED, by, on=defendant.prosecuted_on,
           changes={"full_name": defendant.full_name, "charge": defendant.charge})
    return defendant


def check_addressee(issuer, addressee) -> None:
    """The issuing unit may address this unit (`Unit.objects.addressable_by`)."""
    if addressee is not None and issuer is not None and not Unit.objects.addressable_by(
            issuer).filter(pk=addressee.pk).exists():
        raise RuleError(_("This unit may not be addressed by %(unit)s: a unit addresses its "
                          "own province's bodies; only the central level addresses any unit.")
                        % {"unit": issuer.name}, field="addressee")


def direction_history(direction: Direction, kind: str, by, note: str = "",
                       **changes) -> DirectionEvent:
    """An entry of the direction's own history, seen by both its parties (matters.replies)."""
    return DirectionEvent.objects.create(
        direction=direction, kind=kind, by=by,
        by_unit=by.unit if by is not None and getattr(by, "unit_id", None) else None,
        note=note, changes=changes)


@transaction.atomic
def issue_direction(*, by, **fields) -> Direction:
    direction = Direction(**fields)
    if direction.matter_id and direction.unit_id is None:
        direction.unit = direction.matter.responsible_unit
    if direction.due_on and direction.issued_on and direction.due_on < direction.issued_on:
        raise RuleError(_("The deadline is before the date of issue."), field="due_on")
    _not_future(direction.issued_on, "issued_on")
    check_addressee(direction.unit, direction.addressee)
    direction.full_clean()
    direction.save()
    direction_history(direction, DirectionEventKind.ISSUED, by,
                       addressee=direction.addressee.code, due_on=direction.due_on.isoformat())
    if direction.matter_id:
        _event(direction.matter, EventKind.DIRECTION_ISSUED, by, on=direction.issued_on,
               changes={"direction": direction.pk, "addressee": direction.addressee.code,
                        "due_on": direction.due_on.isoformat()})
    _tell_addressee(direction, NotificationKind.DIRECTION_ISSUED, Phrase(gettext_noop(
        "%(unit)s issued a direction to your unit, due %(due)s: %(text)s"),
        unit=direction.unit, due=direction.due_on, text=direction.text[:200]))
    return direction


def _tell_addressee(direction: Direction, kind: str, text: Phrase) -> None:
    """Tell the addressee's officers and heads (and the direction's assignee); the link to the
    direction only to those whose need-to-know scope includes it."""
    people = unit_staff(units_taking(direction.addressee_id))
    if direction.assignee_id and direction.assignee not in people:
        people.append(direction.assignee)
    seeing = [u for u in people if can(u, VIEW, direction)]
    notify(seeing, kind, direction, text)
    notify([u for u in people if u not in seeing], kind, direction, text, link="")


@transaction.atomic
def urge_direction(direction: Direction, *, by, on: dt.date | None = None, note: str = "",
                   new_due_on: dt.date | None = None) -> Reminder:
    """Urge the addressee: a reminder event, optionally with a new deadline."""
    direction = Direction.objects.select_for_update().get(pk=direction.pk)
    if direction.status == DirectionStatus.DONE:
        raise RuleError(_("This direction is already done."), field="status")
    on = on or _today()
    if new_due_on and new_due_on < on:
        raise RuleError(_("The new deadline is in the past."), field="new_due_on")
    reminder = Reminder.objects.create(direction=direction, on=on, by=by, note=note,
                                       new_due_on=new_due_on)
    if new_due_on:
        direction.due_on = new_due_on
        direction.save(update_fields=["due_on"])
    direction_history(direction, DirectionEventKind.URGED, by, note=note,
                       new_due_on=new_due_on.isoformat() if new_due_on else None)
    if direction.matter_id:
        _event(direction.matter, EventKind.DIRECTION_URGED, by, on=on, note=note,
               changes={"direction": direction.pk,
                        "new_due_on": new_due_on.isoformat() if new_due_on else None})
    _tell_addressee(direction, NotificationKind.DIRECTION_URGED, Phrase(gettext_noop(
        "%(unit)s urged the direction due %(due)s: %(text)s"),
        unit=direction.unit, due=direction.due_on, text=direction.text[:200]))
    return reminder


@transaction.atomic
def answer_direction(direction: Direction, *, by, reply: str, done_on: dt.date | None = None,
                     done: bool = True) -> Direction:
    """Record the addressee's reply; by default the direction is then done."""
    direction = Direction.objects.select_for_update().get(pk=direction.pk)
    if not reply.strip():
        raise RuleError(_("Write the reply."), field="reply")
    done_on = done_on or _today()
    _not_future(done_on, "done_on")
    if done_on < direction.issued_on:
        raise RuleError(_("The reply cannot precede the direction."), field="done_on")
    direction.reply = reply
    if done:
        direction.status = DirectionStatus.DONE
        direction.done_on = done_on
    direction.save()
    direction_history(direction, DirectionEventKind.DONE if done else DirectionEventKind.REPLIED,
                       by, note=reply, done=done, recorded_by_issuer=True)
    if direction.matter_id:
        _event(direction.matter, EventKind.DIRECTION_ANSWERED, by, on=done_on,
               changes={"direction": direction.pk, "done": done})
    return direction


@transaction.atomic
def assign_matter(matter: Matter, *, by, assignee, expected_version: int | None = None
                  ) -> Matter:
    """Give the matter to an officer of its responsible unit (None: to nobody); a timeline
    event says so and the new assignee is told."""
    matter = _lock(matter)
    if expected_version is not None and expected_version != matter.version:
        raise ConflictError(_("Someone else changed this matter since you read it (version "
                              "%(theirs)s, yours %(yours)s). Reload it and try again.")
                            % {"theirs": matter.version, "yours": expected_version})
    check_assignee(assignee, matter.responsible_unit)
    _bump(matter, assignee=assignee)
    _event(matter, EventKind.ASSIGNED, by, changes={
        "assignee": str(assignee or ""),
        "assignee_username": assignee.username if assignee is not None else ""})
    if assignee is not None and assignee != by:
        notify(assignee, NotificationKind.ASSIGNED, matter,
               Phrase(gettext_noop("Matter “%(title)s” was assigned to you by %(by)s."),
                      title=matter.title[:200], by=_by(by)))
    return matter


@transaction.atomic
def assign_direction(direction: Direction, *, by, assignee) -> Direction:
    """Give the direction to an officer of the issuing unit, who follows it up (None: to
    nobody). The matter's timeline records it when the direction belongs to a matter."""
    direction = Direction.objects.select_for_update().select_related("unit").get(
        pk=direction.pk)
    check_assignee(assignee, direction.unit)
    direction.assignee = assignee
    direction.save(update_fields=["assignee"])
    if direction.matter_id:
        _event(direction.matter, EventKind.ASSIGNED, by, changes={
            "direction": direction.pk, "assignee": str(assignee or ""),
            "assignee_username": assignee.username if assignee is not None else ""})
    if assignee is not None and assignee != by:
        notify(assignee, NotificationKind.ASSIGNED, direction,
               Phrase(gettext_noop("Direction “%(text)s” was assigned to you by %(by)s."),
                      text=direction.text[:200], by=_by(by)))
    return direction
