"""What is searchable and how each object becomes a `SearchEntry`; the query entry point."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oversight.core.scoping import VIEW, unit_ids_in_scope
from oversight.search.backends import backend, fold
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


@dataclass(frozen=True)
class Kind:
    label: object
    model_path: str
    unit_field: str
    url_name: str
    title: object
    text: object


KINDS: dict[str, Kind] = {
    "petition": Kind(_("Petition"), "petitions.Petition", "unit_id", "petition-detail",
                     lambda p: p.subject, _petition_text),
    "matter": Kind(_("Matter"), "matters.Matter", "responsible_unit_id", "matter-detail",
                   lambda m: m.title, lambda m: [m.title, m.summary]),
    "hotspot": Kind(_("Hot spot"), "petitions.Hotspot", "unit_id", "hotspot-detail",
                    lambda h: h.name, lambda h: [h.name, h.description, h.location]),
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
                       title=str(kind.title(obj))[:300], folded=fold(text))


def index(obj) -> None:
    name = type_of(obj)
    if name is None:
        return
    entry = entry_for(obj, name)
    SearchEntry.objects.update_or_create(
        object_type=name, object_id=obj.pk,
        defaults={"unit_id": entry.unit_id, "title": entry.title, "folded": entry.folded},
    )


def index_many(name: str, objects) -> int:
    """Insert or update the entries of many objects of one kind in one statement per batch
    (an upsert: running it again changes nothing — the rebuild job relies on it)."""
    entries = [entry_for(obj, name) for obj in objects]
    SearchEntry.objects.bulk_create(
        entries, batch_size=1000, update_conflicts=True,
        unique_fields=["object_type", "object_id"],
        update_fields=["unit", "title", "folded", "updated_at"])
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
    objects = _model(name).objects.filter(pk__gte=first, pk__lte=last).order_by("pk")
    return index_many(name, objects.iterator(chunk_size=2000))


def remove_stale() -> int:
    """Entries whose object no longer exists."""
    removed = 0
    for name in KINDS:
        removed += SearchEntry.objects.filter(object_type=name).exclude(
            object_id__in=_model(name).objects.values("pk")).delete()[0]
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


def search(user, query: str, limit: int = 50) -> list[dict]:
    """Ranked results the user may see: type, id, title, unit code and URL."""
    scope = unit_ids_in_scope(user, VIEW)
    if scope is not None and not scope:
        return []
    ids = backend().ranked_ids(query, scope, limit * 2)
    entries = SearchEntry.objects.restrict(user, VIEW).filter(pk__in=ids).select_related("unit")
    by_id = {e.pk: e for e in entries}
    # Need-to-know: classified records the user is not cleared for are left out, by the same
    # `restrict` as their own pages (the index knows units, not access lists).
    visible: dict[str, set[int]] = {}
    for name, kind in KINDS.items():
        wanted = [e.object_id for e in by_id.values() if e.object_type == name]
        if wanted:
            from django.apps import apps

            visible[name] = set(apps.get_model(kind.model_path).objects.restrict(user, VIEW)
                                .filter(pk__in=wanted).values_list("pk", flat=True))
    results = []
    for pk in ids:
        e = by_id.get(pk)
        if e is None or e.object_id not in visible.get(e.object_type, ()):
            continue
        if len(results) >= limit:
            break
        results.append({
            "type": e.object_type, "type_label": str(KINDS[e.object_type].label),
            "id": e.object_id, "title": e.title, "unit": e.unit.code if e.unit else None,
            "url": reverse(KINDS[e.object_type].url_name, args=[e.object_id]),
        })
    _announce_shown(user, results)
    return results


def _announce_shown(user, results) -> None:
    """A result names its record (the title): reading it through `restrict` announces the
    read, so protected records found by a search are audited like their pages."""
    from django.apps import apps

    for name, kind in KINDS.items():
        shown = [r["id"] for r in results if r["type"] == name]
        if shown:
            list(apps.get_model(kind.model_path).objects.restrict(user, VIEW)
                 .filter(pk__in=shown))
