"""An audit entry as a sentence (issue 15): the History card of every record page (petition,
matter, …) reads "Nguyễn Văn An changed the record — 03/12/2026 14:05" with each change in
words ("Receiving unit changed from Ban Nội chính tỉnh Nghệ An to Ban Nội chính tỉnh Hà
Tĩnh"), never as a field dump (`unit_id: — → 43`, `status: received`, ISO timestamps).

- the actor by full name (`str(user)`: the display name, else the full name, else the user name,
  as the pickers show them), "The system" when there is none;
- the date-time as dd/mm/yyyy HH:MM in the local time zone;
- each field by its verbose name, each value by what a user reads: a choice's label, a date as
  dd/mm/yyyy, a unit by its name, a user by full name, any other record by its str;
- what the reader may not see stays out: an entry about a classified record the reader may not
  open is redacted whole (`audit.redaction.redact`), and a record named in a change (a
  duplicate of a secret petition, a matter of an agenda item) is named only when the reader may
  see it (`redaction.hidden_ids`); values the trail never kept (`[redacted]`) are not
  invented: the sentence says only that they changed.

Reads (views of protected records, disclosures) are not history: they stay in the audit trail
(`READS`), searchable by auditors on /audit/.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.audit import redaction
from oversight.audit.choices import Action
from oversight.audit.models import AuditEntry
from oversight.audit.writer import REDACTED

# Reads are in the trail only: a record's History card shows what was done to it, not who
# looked at it (issue 13; the views stay searchable by auditors on /audit/).
READS = (Action.VIEW_SENSITIVE, Action.DISCLOSURE)
# Bookkeeping keys never worth a sentence.
SKIPPED = {"id", "created_at", "updated_at", "version"}
LONG = 80


@dataclass
class Line:
    """One entry of the History card: `sentence` (who did what), `when` (dd/mm/yyyy HH:MM),
    `changes` (each change in words) and whether they list the values recorded at creation."""

    sentence: str
    when: str
    changes: list[str] = field(default_factory=list)
    created: bool = False
    action: str = ""
    entry: object = None


def when(at) -> str:
    """03/12/2026 14:05, in the local time zone."""
    if at is None:
        return ""
    return timezone.localtime(at).strftime("%d/%m/%Y %H:%M")


def _date(value: str) -> str:
    """An ISO date or date-time as the reader writes it (dd/mm/yyyy [HH:MM])."""
    try:
        if len(value) > 10:
            parsed = dt.datetime.fromisoformat(value)
            if timezone.is_aware(parsed):
                parsed = timezone.localtime(parsed)
            return parsed.strftime("%d/%m/%Y %H:%M")
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LONG else text[:LONG - 1] + "…"


def _field(model, name: str):
    """The model field an entry's key names (`unit_id` names `unit`), or None."""
    if model is None:
        return None
    for candidate in (name, name[:-3] if name.endswith("_id") else None):
        if candidate:
            try:
                return model._meta.get_field(candidate)
            except FieldDoesNotExist:
                continue
    return None


def _internal(f) -> bool:
    """Bookkeeping a user never typed and has no name for (blind-index keys, envelopes)."""
    if f is None:  # a key an action wrote by hand: shown by its words
        return False
    if f.name in SKIPPED:
        return True
    auto_name = f.name.replace("_", " ")
    return not f.editable and str(f.verbose_name) == auto_name


def _name(f, key: str) -> str:
    label = str(f.verbose_name) if f is not None else key.replace("_", " ")
    return label[:1].upper() + label[1:]


class _Reader:
    """Turns values into words for one reader, looking related records up once per page."""

    def __init__(self, entries, user):
        self.user = user
        wanted: dict = defaultdict(set)
        for e in entries:
            model = redaction._model(e.object_type)
            for key, pair in (e.changes or {}).items():
                f = _field(model, key)
                if f is None or not getattr(f, "is_relation", False) or f.many_to_many:
                    continue
                for value in pair if isinstance(pair, list) else ():
                    if value not in (None, "", REDACTED):
                        wanted[f.related_model].add(str(value))
        self.names: dict = {}
        for related, ids in wanted.items():
            hidden = redaction.hidden_ids(related, ids, user)
            numeric = [i for i in ids - hidden if i.isdigit()]
            rows = related._base_manager.filter(pk__in=numeric)
            if getattr(related, "audit_anonymous_repr", False):  # never a person's name
                label = str(related._meta.verbose_name)
                found = {str(pk): f"{label} #{pk}" for pk in rows.values_list("pk", flat=True)}
            else:
                found = {str(o.pk): str(o) for o in rows}
            for i in ids:
                self.names[(related, i)] = (
                    _("a record you may not see") if i in hidden
                    else found.get(i, _("a deleted record")))

    def value(self, f, value) -> str:
        if value in (None, "", [], {}):
            return "—"
        if f is not None and getattr(f, "is_relation", False) and not f.many_to_many:
            return self.names.get((f.related_model, str(value)), "—")
        if f is not None and f.choices:
            labels = {str(k): str(v) for k, v in f.flatchoices}
            if isinstance(value, list):
                return ", ".join(labels.get(str(v), str(v)) for v in value)
            return labels.get(str(value), str(value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(f, models.DateTimeField | models.DateField) and isinstance(value, str):
            return _date(value)
        if isinstance(value, list):
            return _short(", ".join(self._item(v) for v in value)) or "—"
        if isinstance(value, dict):
            return ""  # a structured value (a checklist): only that it changed
        return _short(value)

    @staticmethod
    def _item(value) -> str:
        if isinstance(value, dict):
            for key in ("name", "label", "title", "full_name"):
                if value.get(key):
                    return str(value[key])
            return ""
        return str(value)

    def change(self, f, key: str, pair) -> str | None:
        """One change in words."""
        name = _name(f, key)
        if isinstance(pair, dict):  # many-to-many: what was added or removed
            labels = ", ".join(str(x) for x in pair.get("labels") or ())
            if pair.get("withheld"):
                hidden = _("%(n)s you may not see") % {"n": pair["withheld"]}
                labels = f"{labels}, {hidden}" if labels else hidden
            if "added" in pair:
                return (_("%(field)s: added %(values)s") % {"field": name, "values": labels}
                        if labels else _("%(field)s: added") % {"field": name})
            return (_("%(field)s: removed %(values)s") % {"field": name, "values": labels}
                    if labels else _("%(field)s: removed") % {"field": name})
        if not isinstance(pair, list) or len(pair) != 2:
            return _("%(field)s changed") % {"field": name}
        old, new = pair
        if REDACTED in (old, new):
            return _("%(field)s changed (the trail does not keep the value)") % {"field": name}
        before, after = self.value(f, old), self.value(f, new)
        if "" in (before, after):
            return _("%(field)s changed") % {"field": name}
        if before == "—":
            return _("%(field)s set to %(new)s") % {"field": name, "new": after}
        if after == "—":
            return _("%(field)s cleared (was %(old)s)") % {"field": name, "old": before}
        return _("%(field)s changed from %(old)s to %(new)s") % {
            "field": name, "old": before, "new": after}

    def recorded(self, f, key: str, pair) -> str | None:
        """A value recorded at creation, in words."""
        new = pair[1] if isinstance(pair, list) and len(pair) == 2 else None
        if new in (None, "", [], {}):
            return None
        if new == REDACTED:
            return _("%(field)s: recorded (the trail does not keep the value)") % {
                "field": _name(f, key)}
        value = self.value(f, new)
        return _("%(field)s: %(value)s") % {"field": _name(f, key), "value": value} \
            if value else None


def _headline(entry, who: str) -> str:
    action = entry.action
    if action == Action.CREATE:
        return _("%(who)s created the record") % {"who": who}
    if action == Action.DELETE:
        return _("%(who)s deleted the record") % {"who": who}
    if action == Action.STATUS:
        return _("%(who)s changed the status") % {"who": who}
    if action == Action.UPDATE:
        return _("%(who)s changed the record") % {"who": who}
    return _("%(who)s: %(action)s") % {"who": who, "action": entry.get_action_display()}


def _actors(entries) -> dict[int, str]:
    from django.contrib.auth import get_user_model

    ids = {e.user_id for e in entries if e.user_id}
    if not ids:
        return {}
    users = get_user_model()._base_manager.filter(pk__in=ids).only(
        "username", "first_name", "last_name", "display_name")
    return {u.pk: str(u) for u in users}


def lines(entries, user, *, reads: bool = False) -> list[Line]:
    """The entries as `user` may read them (`audit.redaction`), each as a sentence; reads
    (views, disclosures) are left out unless `reads` (the auditors' log keeps them)."""
    entries = redaction.redact([e for e in entries if reads or e.action not in READS], user)
    reader = _Reader(entries, user)
    actors = _actors(entries)
    out = []
    for e in entries:
        who = actors.get(e.user_id) or e.username or _("The system")
        model = redaction._model(e.object_type)
        created = e.action == Action.CREATE
        changes = []
        for key, pair in (e.changes or {}).items():
            f = _field(model, key)
            if key in SKIPPED or (_internal(f) and not isinstance(pair, dict)):
                continue
            text = reader.recorded(f, key, pair) if created else reader.change(f, key, pair)
            if text:
                changes.append(text)
        if e.redacted:
            changes = [_("The details are withheld: the record is classified.")]
        out.append(Line(_headline(e, who), when(e.at), changes, created, e.action, e))
    return out


def history(obj, user, limit: int = 50) -> list[Line]:
    """The History card of a record's page: who did what to it, newest first, in sentences."""
    entries = AuditEntry.objects.for_object(obj).exclude(action__in=READS).order_by("-id")
    return lines(entries[:limit], user)

