"""A direction's two parties act on it (issue 13): the addressee replies and asks for more
time; the issuer edits the text and the deadline, and grants or refuses the time asked for.

The rules (`refusal(user, direction, action)`) are the one place that says who may do what
now: the actions raise the refusal they give, and the direction's page and API offer an action
only when there is none, so a page never offers what the action would refuse. A refusal of the
wrong side (the issuer replying in the addressee's place, the addressee changing the
deadline) is `forbidden`: the API answers 403 and the page leaves the action out; a refusal of
the state (a direction already done, a request already waiting) is a 400 naming the field.

Who is which side: the issuer is whoever may change the direction (`core.scoping.can`, its
issuing unit and that unit's successors); the addressee is whoever acts for the addressee unit
or a successor of it (`core.parties.is_party`). Each action writes an entry of the direction's
history (`DirectionEvent`), and, for a direction about a matter, the matter's timeline event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.core.errors import RuleError
from oversight.core.parties import is_party
from oversight.core.scoping import CHANGE, can
from oversight.matters.actions import check_addressee, direction_history
from oversight.matters.choices import (
    DirectionEventKind,
    DirectionStatus,
    EventKind,
    ExtensionStatus,
)
from oversight.matters.models import Direction, ExtensionRequest, MatterEvent

REPLY, REQUEST_EXTENSION, DECIDE_EXTENSION, EDIT = (
    "reply", "request-extension", "decide-extension", "edit")


@dataclass(frozen=True)
class Refusal:
    message: str
    field: str = "non_field_errors"
    forbidden: bool = False

    def error(self) -> Exception:
        if self.forbidden:
            return PermissionDenied(self.message)
        return RuleError(self.message, field=self.field)


def is_issuer(user, direction: Direction) -> bool:
    return can(user, CHANGE, direction)


def is_addressee(user, direction: Direction) -> bool:
    return is_party(user, direction, "addressee")


def pending_request(direction: Direction) -> ExtensionRequest | None:
    return direction.extension_requests.filter(status=ExtensionStatus.PENDING).first()


def refusal(user, direction: Direction, action: str) -> Refusal | None:
    """Why `user` may not take `action` on `direction` now (None: they may)."""
    if action in (REPLY, REQUEST_EXTENSION):
        if not is_addressee(user, direction):
            return Refusal(_("Only the addressee of a direction replies to it or asks for "
                             "more time."), forbidden=True)
    elif not is_issuer(user, direction):
        return Refusal(_("Only the issuing unit changes a direction or decides on more time."),
                       forbidden=True)
    if action == EDIT:
        return None
    if direction.status == DirectionStatus.DONE:
        return Refusal(_("This direction is already done."), "status")
    pending = pending_request(direction)
    if action == REQUEST_EXTENSION and pending is not None:
        return Refusal(_("A request for more time already awaits the issuer's decision."),
                       "until")
    if action == DECIDE_EXTENSION and pending is None:
        return Refusal(_("No request for more time awaits a decision."), "grant")
    return None


def offered(user, direction: Direction) -> dict[str, bool]:
    """Which of the parties' actions the page offers `user` now."""
    return {name.replace("-", "_"): refusal(user, direction, name) is None
            for name in (REPLY, REQUEST_EXTENSION, DECIDE_EXTENSION, EDIT)}


def _check(user, direction: Direction, action: str) -> None:
    found = refusal(user, direction, action)
    if found is not None:
        raise found.error()


def _timeline(direction: Direction, kind: str, by, on: dt.date, **changes) -> None:
    if direction.matter_id:
        MatterEvent.objects.create(matter_id=direction.matter_id, kind=kind, by=by, on=on,
                                   changes={"direction": direction.pk, **changes})


def _locked(direction: Direction) -> Direction:
    return Direction.objects.select_for_update().get(pk=direction.pk)


@transaction.atomic
def reply(direction: Direction, *, by, text: str, done: bool = False) -> Direction:
    """The addressee reports on the direction; `done` reports it carried out (done today)."""
    direction = _locked(direction)
    _check(by, direction, REPLY)
    if not (text or "").strip():
        raise RuleError(_("Write the reply."), field="text")
    today = timezone.localdate()
    direction.reply = text
    fields = ["reply"]
    if done:
        direction.status, direction.done_on = DirectionStatus.DONE, today
        fields += ["status", "done_on"]
    direction.save(update_fields=fields)
    kind = DirectionEventKind.DONE if done else DirectionEventKind.REPLIED
    direction_history(direction, kind, by, note=text, done=done)
    _timeline(direction, EventKind.DIRECTION_ANSWERED, by, today, done=done)
    return direction


@transaction.atomic
def request_extension(direction: Direction, *, by, until: dt.date,
                      reason: str) -> ExtensionRequest:
    """The addressee asks the issuer to move the deadline to `until`."""
    direction = _locked(direction)
    _check(by, direction, REQUEST_EXTENSION)
    if until <= direction.due_on:
        raise RuleError(_("Ask for a deadline after the current one (%(due)s).")
                        % {"due": direction.due_on.strftime("%d/%m/%Y")}, field="until")
    if until < timezone.localdate():
        raise RuleError(_("The deadline asked for is in the past."), field="until")
    if not (reason or "").strip():
        raise RuleError(_("Give the reason for more time."), field="reason")
    request = ExtensionRequest.objects.create(direction=direction, until=until, reason=reason,
                                              requested_by=by)
    direction_history(direction, DirectionEventKind.EXTENSION_REQUESTED, by, note=reason,
                      until=until.isoformat(), request=request.pk)
    return request


@transaction.atomic
def decide_extension(direction: Direction, *, by, grant: bool,
                     note: str = "") -> ExtensionRequest:
    """The issuer grants the waiting request (the deadline moves to the date asked for) or
    refuses it (with the reason in `note`, shown to the addressee)."""
    direction = _locked(direction)
    _check(by, direction, DECIDE_EXTENSION)
    request = ExtensionRequest.objects.select_for_update().get(
        direction=direction, status=ExtensionStatus.PENDING)
    if not grant and not (note or "").strip():
        raise RuleError(_("Say why more time is refused."), field="note")
    request.status = ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED
    request.decided_by, request.decided_at = by, timezone.now()
    request.decision_note = note
    request.save()
    if grant:
        previous = direction.due_on
        direction.due_on = request.until
        direction.save(update_fields=["due_on"])
        direction_history(direction, DirectionEventKind.EXTENSION_GRANTED, by, note=note,
                          due_on=[previous.isoformat(), request.until.isoformat()],
                          request=request.pk)
    else:
        direction_history(direction, DirectionEventKind.EXTENSION_REFUSED, by, note=note,
                          request=request.pk)
    return request


@transaction.atomic
def edit(direction: Direction, *, by, **fields) -> Direction:
    """The issuer changes the text or the deadline (or the addressee, within its rule)."""
    direction = _locked(direction)
    _check(by, direction, EDIT)
    if "addressee" in fields:
        check_addressee(direction.unit, fields["addressee"])
    before = {}
    for name, value in fields.items():
        old = getattr(direction, name)
        if old != value:
            before[name] = [_plain(old), _plain(value)]
            setattr(direction, name, value)
    if not before:
        return direction
    if direction.due_on < direction.issued_on:
        raise RuleError(_("The deadline is before the date of issue."), field="due_on")
    direction.full_clean()
    direction.save()
    direction_history(direction, DirectionEventKind.EDITED, by, **before)
    return direction


def _plain(value):
    if hasattr(value, "code"):
        return value.code
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
