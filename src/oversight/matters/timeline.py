"""A matter's timeline in sentences (issue 15), as the petition's (`petitions.timeline`): each
event is one sentence with the actor's full name and what was done ("Nguyễn Văn An chuyển vụ
việc từ Xác minh sang Điều tra", "… ban hành chỉ đạo gửi Ban Nội chính tỉnh Hà Tĩnh; hạn
04/01/2027"), a Vietnamese date-time, and the details changed in words (fields by their verbose
names, values by their labels, units by name, dates dd/mm/yyyy). Views of protected records are
in the audit trail, never here: the timeline is MatterEvent only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from oversight.core.dates import day, when
from oversight.matters.choices import DirectionEventKind as Kind
from oversight.matters.choices import EventKind, Stage
from oversight.matters.models import Direction, Matter
from oversight.units.models import Unit


@dataclass
class Line:
    sentence: str
    when: str
    note: str
    kind: str
    changes: list[str] = field(default_factory=list)


def _units() -> dict[str, str]:
    return {u.code: u.name for u in Unit.objects.only("code", "name_vi", "name_en")}


def _stage(code) -> str:
    return str(dict(Stage.choices).get(code, code or "—"))


def _value(f, value, names: dict) -> str:
    """A value of the matter's details as its page shows it."""
    from django.db import models

    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(f, v, names) for v in value)
    if f is not None and f.is_relation:
        return names.get((f.related_model, str(value)), str(value))
    if f is not None and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(f, models.DateField) and isinstance(value, str):
        return day(value)
    if isinstance(f, models.IntegerField | models.BigIntegerField) and isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:79] + "…"


def _related_names(events) -> dict:
    """(model, code or id) -> name for the units, criteria and agencies named in the events'
    changes (the actions keep a related record by its code)."""
    wanted: dict = {}
    for e in events:
        if e.kind != EventKind.UPDATED:
            continue
        for key, pair in (e.changes or {}).items():
            try:
                f = Matter._meta.get_field(key)
            except Exception:  # noqa: BLE001 - a field since removed: shown by its key
                continue
            if f.is_relation:
                for side in pair if isinstance(pair, list) else ():
                    for v in side if isinstance(side, list) else [side]:
                        if v not in (None, ""):
                            wanted.setdefault(f.related_model, set()).add(str(v))
    names = {}
    for model, keys in wanted.items():
        by = "code" if any(f.name == "code" for f in model._meta.fields) else "pk"
        for row in model._base_manager.filter(**{f"{by}__in": keys}):
            names[(model, str(getattr(row, by)))] = str(row)
    return names


def _details(event, names) -> list[str]:
    out = []
    for key, pair in (event.changes or {}).items():
        try:
            f = Matter._meta.get_field(key)
        except Exception:  # noqa: BLE001
            f = None
        name = str(f.verbose_name) if f is not None else key.replace("_", " ")
        name = name[:1].upper() + name[1:]
        if not isinstance(pair, list) or len(pair) != 2:
            out.append(_("%(field)s changed") % {"field": name})
            continue
        before, after = (_value(f, v, names) for v in pair)
        if before == "—":
            out.append(_("%(field)s set to %(new)s") % {"field": name, "new": after})
        elif after == "—":
            out.append(_("%(field)s cleared (was %(old)s)") % {"field": name, "old": before})
        else:
            out.append(_("%(field)s changed from %(old)s to %(new)s") % {
                "field": name, "old": before, "new": after})
    return out


def sentence(event, units: dict[str, str]) -> str:
    """The event as one sentence in the active language."""
    who = str(event.by) if event.by_id else _("The system")
    c = event.changes or {}
    kind = event.kind
    args = {"who": who}
    if kind == EventKind.CREATED:
        text = _("%(who)s put the matter under monitoring") % args
        if event.to_stage:
            text += "; " + _("stage: %(stage)s") % {"stage": _stage(event.to_stage)}
    elif kind == EventKind.UPDATED:
        text = _("%(who)s changed the matter's details") % args
    elif kind == EventKind.STAGE_CHANGED:
        text = _("%(who)s moved the matter from %(from)s to %(to)s") % {
            **args, "from": _stage(event.from_stage), "to": _stage(event.to_stage)}
    elif kind == EventKind.PROCEEDINGS_INSTITUTED:
        text = _("%(who)s recorded that criminal proceedings were instituted") % args
    elif kind == EventKind.COMPLETED:
        text = _("%(who)s recorded the matter as completely handled") % args
    elif kind == EventKind.DEFENDANT_ADDED:
        text = _("%(who)s added the defendant %(name)s") % {**args,
                                                           "name": c.get("full_name") or "—"}
        if c.get("charge"):
            text += "; " + _("charge: %(charge)s") % {"charge": c["charge"]}
    elif kind == EventKind.DEFENDANT_UPDATED:
        text = _("%(who)s updated the defendant %(name)s") % {
            **args, "name": c.get("full_name") or "—"}
    elif kind == EventKind.DIRECTION_ISSUED:
        addressee = units.get(c.get("addressee") or "", c.get("addressee") or "—")
        text = _("%(who)s issued a direction to %(addressee)s") % {**args,
                                                                  "addressee": addressee}
        if c.get("due_on"):
            text += "; " + _("due %(date)s") % {"date": day(c["due_on"])}
    elif kind == EventKind.DIRECTION_URGED:
        text = _("%(who)s urged the direction") % args
        if c.get("new_due_on"):
            text += "; " + _("new deadline %(date)s") % {"date": day(c["new_due_on"])}
    elif kind == EventKind.DIRECTION_ANSWERED:
        text = (_("%(who)s reported the direction carried out") if c.get("done", True)
                else _("%(who)s replied to the direction")) % args
    elif kind == EventKind.DOCUMENT_ISSUED:
        text = _("%(who)s issued document %(number)s") % {**args,
                                                         "number": c.get("number") or "—"}
    elif kind == EventKind.DOCUMENT_CANCELLED:
        text = _("%(who)s cancelled document %(number)s") % {**args,
                                                            "number": c.get("number") or "—"}
    elif kind == EventKind.ASSIGNED:
        what = "direction" if c.get("direction") else "matter"
        if c.get("assignee"):
            text = (_("%(who)s assigned the direction to %(assignee)s") if what == "direction"
                    else _("%(who)s assigned the matter to %(assignee)s")) % {
                **args, "assignee": c["assignee"]}
        else:
            text = (_("%(who)s removed the direction's assignee") if what == "direction"
                    else _("%(who)s removed the matter's assignee")) % args
    else:
        text = f"{who}: {event.get_kind_display()}"
    return text


def lines(matter) -> list[Line]:
    """The matter's timeline, newest first, in sentences."""
    events = list(matter.events.select_related("by").order_by("-on", "-at", "-id"))
    units = _units()
    names = _related_names(events)
    out = []
    for e in events:
        note = "" if e.kind in (EventKind.DOCUMENT_ISSUED, EventKind.DOCUMENT_CANCELLED) else e.note
        details = _details(e, names) if e.kind == EventKind.UPDATED else []
        out.append(Line(sentence(e, units), when(e), note, e.kind, details))
    return out


def _party(event) -> str:
    """The actor by full name, with the unit they acted for: both parties read the history."""
    who = str(event.by) if event.by_id else _("The system")
    if event.by_unit_id:
        return _("%(who)s (%(unit)s)") % {"who": who, "unit": event.by_unit.name}
    return who


def direction_sentence(event, units: dict[str, str]) -> tuple[str, list[str]]:
    """A direction's history entry as one sentence, with what an edit changed in words."""
    args = {"who": _party(event)}
    c = event.changes or {}
    details: list[str] = []
    kind = event.kind
    if kind == Kind.ISSUED:
        addressee = units.get(c.get("addressee") or "", c.get("addressee") or "—")
        text = _("%(who)s issued the direction to %(addressee)s") % {
            **args, "addressee": addressee}
        if c.get("due_on"):
            text += "; " + _("due %(date)s") % {"date": day(c["due_on"])}
    elif kind == Kind.EDITED:
        text = _("%(who)s changed the direction") % args

        for key, pair in c.items():
            if not isinstance(pair, list) or len(pair) != 2:
                continue
            try:
                f = Direction._meta.get_field(key)
            except Exception:  # noqa: BLE001 - a field since removed
                continue
            name = str(f.verbose_name)
            name = name[:1].upper() + name[1:]
            old, new = ((units.get(str(v), str(v)) if f.is_relation else
                         day(v) if isinstance(v, str) and key.endswith("_on") else
                         " ".join(str(v).split())[:80]) for v in pair)
            details.append(_("%(field)s changed from %(old)s to %(new)s") % {
                "field": name, "old": old, "new": new})
    elif kind == Kind.URGED:
        text = _("%(who)s urged the direction") % args
        if c.get("new_due_on"):
            text += "; " + _("new deadline %(date)s") % {"date": day(c["new_due_on"])}
    elif kind == Kind.REPLIED:
        text = _("%(who)s sent a report on the direction") % args
    elif kind == Kind.DONE:
        text = _("%(who)s reported the direction carried out") % args
    elif kind == Kind.EXTENSION_REQUESTED:
        text = _("%(who)s asked for more time, until %(date)s") % {
            **args, "date": day(c.get("until") or "") or "—"}
    elif kind == Kind.EXTENSION_GRANTED:
        due = c.get("due_on")
        text = _("%(who)s granted more time; due %(date)s") % {
            **args, "date": day(due[-1]) if isinstance(due, list) and due else "—"}
    elif kind == Kind.EXTENSION_REFUSED:
        text = _("%(who)s refused more time") % args
    else:
        text = f"{args['who']}: {event.get_kind_display()}"
    return text, details


def direction_lines(direction) -> list[Line]:
    """The direction's history, oldest first, in sentences (both parties read it)."""
    from django.utils import timezone

    units = _units()
    out = []
    for e in direction.events.select_related("by", "by_unit").order_by("at", "id"):
        text, details = direction_sentence(e, units)
        at = timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M") if e.at else ""
        out.append(Line(text, at, e.note, e.kind, details))
    return out
