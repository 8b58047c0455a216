"""A petition's timeline in sentences: each event as one sentence with the actor's full name,
what was done and, where the step set one, the deadline it set ("Nguyễn Văn An thụ lý đơn;
hạn giải quyết 04/01/2027"), and a Vietnamese date-time. Views of protected records are in
the audit trail (audit.sentences.READS), never here: the timeline is PetitionEvent only."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from oversight.core.dates import day, when
from oversight.petitions.choices import DeadlineCause, EventKind, Outcome, Status

# The deadline a step sets, named in its sentence: (cause in the deadline history, field).
_SETS = {
    Status.CLASSIFIED: (DeadlineCause.CLASSIFICATION, "acceptance_due"),
    Status.ACCEPTED: (DeadlineCause.ACCEPTANCE, "settlement_due"),
}


@dataclass
class Line:
    sentence: str
    when: str
    note: str
    kind: str


def _deadline_set(event, changes_by_day, cause, field):
    for change in changes_by_day.get(event.on, ()):
        if change.cause == cause and change.field == field and change.new:
            return change.new
    return None


def sentence(event, changes_by_day=None) -> str:
    """The event as one sentence in the active language."""
    changes_by_day = changes_by_day or {}
    who = str(event.by) if event.by_id else _("The system")
    c = event.changes or {}
    kind = event.kind
    if kind == EventKind.RECEIVED:
        text = _("%(who)s registered the petition") % {"who": who}
    elif kind == EventKind.CLASSIFIED:
        text = _("%(who)s classified the petition") % {"who": who}
    elif kind == EventKind.TRANSFERRED_IN:
        text = _("%(who)s received the petition by transfer") % {"who": who}
    elif kind == EventKind.STATUS_CHANGED:
        to = event.to_status
        text = {
            Status.CLASSIFIED: _("%(who)s classified the petition"),
            Status.ACCEPTED: _("%(who)s accepted the petition"),
            Status.NOT_ACCEPTED: _("%(who)s did not accept the petition"),
            Status.TRANSFERRED: _("%(who)s transferred the petition"),
            Status.GUIDED: _("%(who)s guided the petitioner elsewhere"),
            Status.FILED: _("%(who)s filed the petition"),
            Status.SETTLING: _("%(who)s began the settlement"),
            Status.SETTLED: _("%(who)s settled the petition"),
        }.get(to, _("%(who)s changed the status")) % {"who": who}
        outcome = dict(Outcome.choices).get(c.get("outcome"))
        if to == Status.SETTLED and outcome:
            text += _("; outcome: %(outcome)s") % {"outcome": outcome}
        if to in _SETS:
            cause, field = _SETS[to]
            due = _deadline_set(event, changes_by_day, cause, field)
            if due:
                label = (_("acceptance due %(date)s") if field == "acceptance_due"
                         else _("settlement due %(date)s"))
                text += "; " + label % {"date": day(due)}
    elif kind == EventKind.EXTENDED:
        text = _("%(who)s extended the time limit") % {"who": who}
        due = _deadline_set(event, changes_by_day, DeadlineCause.EXTENSION, "settlement_due")
        if due:
            text += "; " + _("settlement due %(date)s") % {"date": day(due)}
    elif kind == EventKind.ASSIGNED:
        if c.get("assignee"):
            text = _("%(who)s assigned the petition to %(assignee)s") % {
                "who": who, "assignee": c["assignee"]}
        else:
            text = _("%(who)s removed the assignee") % {"who": who}
    elif kind == EventKind.OVERDUE:
        text = _("The petition became overdue (due %(date)s)") % {"date": day(c.get("due"))}
    elif kind == EventKind.SUSPENDED:
        text = _("%(who)s suspended the settlement") % {"who": who}
    elif kind == EventKind.RESUMED:
        text = _("%(who)s resumed the settlement") % {"who": who}
        due = _deadline_set(event, changes_by_day, DeadlineCause.RESUMPTION, "settlement_due")
        if due:
            text += "; " + _("settlement due %(date)s") % {"date": day(due)}
    elif kind == EventKind.FACTS_CORRECTED:
        text = _("%(who)s corrected the facts recorded at intake") % {"who": who}
        due = _deadline_set(event, changes_by_day, DeadlineCause.CORRECTION, "settlement_due")
        if due:
            text += "; " + _("settlement due %(date)s") % {"date": day(due)}
    else:
        text = {
            EventKind.DUPLICATE_LINKED: _("%(who)s linked the petition as a duplicate"),
            EventKind.HOTSPOT_LINKED: _("%(who)s added the petition to a hot spot"),
            EventKind.DESTROYED: _("%(who)s recorded the petition's destruction"),
            EventKind.ATTACHMENT_ADDED: _("%(who)s attached a file"),
            EventKind.URGED: _("%(who)s urged the receiving agency"),
            EventKind.DOCUMENT_ISSUED: _("%(who)s issued a document"),
            EventKind.DOCUMENT_CANCELLED: _("%(who)s cancelled a document"),
            EventKind.DEADLINE_MOVED: _("The deadlines moved with the official calendar"),
            EventKind.ESCALATED: _("An escalation step was taken"),
        }.get(kind, "%(who)s: " + str(event.get_kind_display())) % {"who": who}
    return text


def lines(petition) -> list[Line]:
    """The petition's timeline, newest first, in sentences."""
    events = list(petition.events.select_related("by").order_by("-on", "-at", "-id"))
    changes_by_day: dict = {}
    for change in petition.deadline_changes.all():
        changes_by_day.setdefault(change.on, []).append(change)
    return [Line(sentence(e, changes_by_day), when(e), e.note, e.kind) for e in events]
