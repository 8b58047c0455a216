"""What is searchable and how each object becomes a `SearchEntry`; the query entry point."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from oversight.base.reads import announce, unannounced
from oversight.core.scoping import VIEW, own_unit_ids, unit_ids_in_scope
from oversight.search.backends import backend, fold, terms
from oversight.search.models import SearchEntry


def _petition_text(p) -> list[str]:
    parts = [p.subject, p.content]
    # A denouncer's identity is confidential (Law on Denunciations 2018 art. 47): not indexed,
    # nor any identity sealed because its petitioner asked for protection.
    if p.kind != "denunciation" and not p.identity_protected:
        parts += [x.get("name", "") for x in p.petitioners or ()]
    for r in p.respondents or ():
        parts += [r.get("name", ""), r.get("position", ""), r.get("unit", "")]
    return parts


def _matter_text(m) -> list[str]:
    # Defendants are named in the matter's page and reports: their names are searchable.
    return [m.title, m.summary, *(d.full_name for d in m.defendants.all())]


def _direction_text(d) -> list[str]:
    # Not the matter's title: the addressee finds its directions, and must not learn (nor
    # confirm by a guess) the title of a matter it may not see (core.parties).
    return [d.text, d.reply, d.addressee.name_vi if d.addressee_id else ""]


def _meeting_text(m) -> list[str]:
    return [m.title, m.chair, m.place, m.attendees, *(c.text for c in m.conclusions.all())]


def _appraisal_text(a) -> list[str]:
    return [a.requesting_body, a.reference, a.get_purpose_display(),
            *(p.full_name for p in a.nominees.all())]


def _display(name: str) -> Callable:
    return lambda obj: getattr(obj, f"get_{name}_display")()


@dataclass(frozen=True)
class Kind:
    label: object
    model_path: str
    unit_field: str
    url_name: str
    title: Callable
    text: Callable
    date: Callable = lambda obj: None
    status: Callable = lambda obj: ""
    # records whose saving changes this kind's text: (model path, path to the indexed object)
    parts: tuple[tuple[str, str], ...] = field(default=())
    related: tuple[str, ...] = ()  # select_related for the rebuild
    # The unit that reads the record as a party (core.parties: a direction's addressee). Only
    # parties that VIEW: the sender of a transferred petition follows the receiver's record
    # without reading it, and finds its own petition, which shows the receiver's progress.
    party_field: str | None = None
    many: tuple[str, ...] = ()  # prefetch_related for the rebuild


KINDS: dict[str, Kind] = {
    "petition": Kind(_("Petition"), "petitions.Petition", "unit_id", "petition-detail",
                     lambda p: p.subject, _petition_text, lambda p: p.received_on,
                     _display("status")),
    "matter": Kind(_("Matter"), "matters.Matter", "responsible_unit_id", "matter-detail",
                   lambda m: m.title, _matter_text, lambda m: m.monitored_from,
                   _display("stage"), parts=(("matters.Defendant", "matter"),),
                   many=("defendants",)),
    "hotspot": Kind(_("Hot spot"), "petitions.Hotspot", "unit_id", "hotspot-detail",
                    lambda h: h.name, lambda h: [h.name, h.description, h.location],
                    lambda h: h.started_on, _display("status")),
    "direction": Kind(_("Direction"), "matters.Direction", "unit_id", "direction-detail",
                      lambda d: d.text, _direction_text, lambda d: d.issued_on,
                      lambda d: d.get_current_status_display(),
                      related=("addressee", "matter"), party_field="addressee_id"),
    "reception": Kind(_("Citizen reception"), "petitions.Reception", "unit_id",
                      "reception-detail", str, lambda r: [r.host, r.citizens, r.outcome],
                      lambda r: r.held_on, _display("kind")),
    "meeting": Kind(_("Meeting"), "committees.Meeting", "unit_id", "meeting-detail",
                    lambda m: m.title, _meeting_text, lambda m: m.held_on, _display("kind"),
                    parts=(("committees.Conclusion", "meeting"),), many=("conclusions",)),
    "inspection": Kind(_("Inspection"), "committees.Inspection", "unit_id",
                       "inspection-detail", lambda i: i.topic,
                       lambda i: [i.topic, i.subjects_text, i.members],
                       lambda i: i.period_start, _display("status")),
    "appraisal": Kind(_("Personnel appraisal"), "people.Appraisal", "unit_id",
                      "appraisal-detail", str, _appraisal_text, lambda a: a.received_on,
                      _display("status"), many=("nominees",)),
    "document": Kind(_("Document"), "committees.CommitteeDocument", "unit_id",
                     "committee-document-edit", lambda d: d.title,
                     lambda d: [d.number, d.title], lambda d: d.issued_on, _display("status")),
    "project": Kind(_("Project or research topic"), "committees.Project", "unit_id",
                    "project-edit", lambda p: p.title, lambda p: [p.title],
                    lambda p: p.submitted_on, _display("status")),
}


def type_of(obj) -> str | None:
    label = obj._meta.label
    for name, kind in KINDS.items():
        if kind.model_path == label:
            return name
    return None


def entry_for(obj, name: str | None = None) -> SearchEntry:
    name = name or type_of(obj)
    kind = KINDS[name]
    text = " ".join(str(t) for t in kind.text(obj) if t)
    return SearchEntry(object_type=name, object_id=obj.pk,
                       unit_id=getattr(obj, kind.unit_field),
                       party_unit_id=getattr(obj, kind.party_field) if kind.party_field else None,
                       title=str(kind.title(obj))[:300], folded=fold(text))


def index(obj) -> None:
    name = type_of(obj)
    if name is None:
        return
    entry = entry_for(obj, name)
    SearchEntry.objects.update_or_create(
        object_type=name, object_id=obj.pk,
        defaults={"unit_id": entry.unit_id, "party_unit_id": entry.party_unit_id,
                  "title": entry.title, "folded": entry.folded},
    )


def index_many(name: str, objects) -> int:
    """Insert or update the entries of many objects of one kind in one statement per batch
    (an upsert: running it again changes nothing — the rebuild job relies on it)."""
    entries = [entry_for(obj, name) for obj in objects]
    SearchEntry.objects.bulk_create(
        entries, batch_size=1000, update_conflicts=True,
        unique_fields=["object_type", "object_id"],
        update_fields=["unit", "party_unit", "title", "folded", "updated_at"])
    return len(entries)


def remove(obj) -> None:
    name = type_of(obj)
    if name:
        SearchEntry.objects.filter(object_type=name, object_id=obj.pk).delete()


def _model(name: str):
    from django.apps import apps

    return apps.get_model(KINDS[name].model_path)


def rebuild_plan(chunk: int = 2000) -> list[tuple[str, int, int, int]]:
    """The rebuild as (kind, first id, last id, size) chunks, in primary key order."""
    plan = []
    for name in KINDS:
        ids = list(_model(name).objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), chunk):
            part = ids[start:start + chunk]
            plan.append((name, part[0], part[-1], len(part)))
    return plan


def rebuild_chunk(name: str, first: int, last: int) -> int:
    kind = KINDS[name]
    objects = (_model(name).objects.filter(pk__gte=first, pk__lte=last).order_by("pk")
               .select_related(*kind.related).prefetch_related(*kind.many))
    return index_many(name, objects.iterator(chunk_size=2000))


def remove_stale() -> int:
    """Entries whose object no longer exists.

    NOT EXISTS, not NOT IN: PostgreSQL hashes a NOT IN list only while it fits in work_mem,
    and past that (a million petitions) probes the whole list for every entry — the national
    seed's rebuild sat in this statement for minutes (issue 17). NOT EXISTS is an anti-join
    on both databases."""
    removed = 0
    for name in KINDS:
        alive = _model(name).objects.filter(pk=OuterRef("object_id"))
        removed += SearchEntry.objects.filter(object_type=name).exclude(
            Exists(alive)).delete()[0]
    return removed


def rebuild(chunk: int = 2000, progress=None) -> int:
    """Re-index everything, chunk by chunk (each its own transaction), then drop entries of
    deleted objects. The index stays usable during the rebuild."""
    from django.db import transaction

    count = 0
    for name, first, last, _size in rebuild_plan(chunk):
        with transaction.atomic():
            count += rebuild_chunk(name, first, last)
        if progress:
            progress(f"search index: {count:,}")
    with transaction.atomic():
        remove_stale()
    return count


def matching(queryset, query: str, name: str | None = None):
    """`queryset` (a list's, already scoped) narrowed to the records whose indexed text has
    every word of `query`, without diacritics or case ("dat dai" finds "đất đai"), each word
    as the start of a word. A number alone also finds the record with that id. The same index
    and text as the global search, so what one finds the other finds; protected identities
    are not in it (`_petition_text`)."""
    words = terms(query)
    if not words:
        return queryset
    name = name or type_of(queryset.model)
    entries = SearchEntry.objects.filter(object_type=name).filter(
        backend().condition(words)).values("object_id")
    condition = Q(pk__in=entries)
    digits = query.strip().lstrip("#")
    if digits.isdigit() and len(digits) <= 18:
        condition |= Q(pk=int(digits))
    return queryset.filter(condition)


_WORD = re.compile(r"\w+", re.UNICODE)


def highlight(text: str, query: str) -> SafeString:
    """`text`, escaped, with the words that match `query` (the same folded prefix rule as the
    search) in <mark>."""
    words = terms(query)
    out, last = [], 0
    for found in _WORD.finditer(text or ""):
        out.append(escape(text[last:found.start()]))
        token = found.group()
        folded = fold(token)
        if words and folded and any(folded.startswith(w) for w in words):
            out.append(f"<mark>{escape(token)}</mark>")
        else:
            out.append(escape(token))
        last = found.end()
    out.append(escape((text or "")[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece is escaped above


def snippet(parts, query: str, width: int = 160) -> str:
    """The stretch of indexed text around the first matched word (plain text)."""
    words = terms(query)
    for part in parts:
        part = " ".join(str(part or "").split())
        for found in _WORD.finditer(part):
            folded = fold(found.group())
            if folded and any(folded.startswith(w) for w in words):
                start = max(0, found.start() - width // 3)
                piece = part[start:start + width]
                return ("…" if start else "") + piece + ("…" if start + width < len(part) else "")
    return ""


def _readable(user, ids: list[int]) -> tuple[dict[int, SearchEntry], dict[str, dict]]:
    """The entries `ids` the user may see, and their records by kind and id.

    Need-to-know: classified records the user is not cleared for are left out, by the same
    `restrict` as their own pages (the index knows units, not access lists). Read quietly:
    only the results shown are announced as read (`search`)."""
    entries = SearchEntry.objects.restrict(user, VIEW).filter(pk__in=ids).select_related("unit")
    by_id = {e.pk: e for e in entries}
    visible: dict[str, dict[int, object]] = {}
    for name, kind in KINDS.items():
        wanted = [e.object_id for e in by_id.values() if e.object_type == name]
        if wanted:
            # What the snippet reads (a matter's defendants, a direction's addressee) comes
            # with the records, not one query per hit.
            records = _model(name).objects.restrict(user, VIEW)
            if kind.related:
                records = records.select_related(*kind.related)
            if kind.many:
                records = records.prefetch_related(*kind.many)
            with unannounced():
                visible[name] = records.in_bulk(wanted)
    return by_id, visible


def search(user, query: str, limit: int = 50) -> list[dict]:
    """Ranked results the user may see: kind, id, title, date, unit, status, the stretch of
    text that matched, and the URL."""
    scope = unit_ids_in_scope(user, VIEW)
    if scope is not None and not scope:
        return []
    # The user's own units also find the records they are a party to (core.parties).
    ids = backend().ranked_ids(query, scope, limit * 2,
                               party_ids=own_unit_ids(user) if scope is not None else None)
    # Twice `limit` hits, for the ones need-to-know leaves out; their records are read
    # `limit` at a time, best first, so a search whose first hits are all visible (nearly
    # every one) reads half as many records (issue 17: the records were most of a search's
    # time).
    results, shown = [], {}
    for first in range(0, len(ids), limit):
        batch = ids[first:first + limit]
        by_id, visible = _readable(user, batch)
        for pk in batch:
            e = by_id.get(pk)
            obj = visible.get(e.object_type, {}).get(e.object_id) if e is not None else None
            if obj is None:
                continue
            if len(results) >= limit:
                break
            kind = KINDS[e.object_type]
            day = kind.date(obj)
            shown.setdefault(e.object_type, []).append(obj)
            results.append({
                "type": e.object_type, "type_label": str(kind.label),
                "id": e.object_id, "title": e.title,
                "date": day.isoformat() if day else None,
                "unit": e.unit.code if e.unit else None,
                "unit_name": e.unit.place if e.unit else "",
                "status": str(kind.status(obj) or ""),
                "snippet": snippet([t for t in kind.text(obj) if str(t) != e.title], query),
                "url": reverse(kind.url_name, args=[e.object_id]),
            })
        if len(results) >= limit:
            break
    # A result names its record (the title): the records shown are announced as read, so
    # protected records found by a search are audited like their pages; the hits read but not
    # shown (past `limit`) are not.
    for name, objects in shown.items():
        announce(_model(name), user, objects)
    return results
