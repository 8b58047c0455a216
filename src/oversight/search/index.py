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


def index(obj) -> None:
    name = type_of(obj)
    if name is None:
        return
    kind = KINDS[name]
    text = " ".join(str(t) for t in kind.text(obj) if t)
    SearchEntry.objects.update_or_create(
        object_type=name, object_id=obj.pk,
        defaults={"unit_id": getattr(obj, kind.unit_field), "title": str(kind.title(obj))[:300],
                  "folded": fold(text)},
    )


def remove(obj) -> None:
    name = type_of(obj)
    if name:
        SearchEntry.objects.filter(object_type=name, object_id=obj.pk).delete()


def rebuild() -> int:
    from django.apps import apps

    SearchEntry.objects.all().delete()
    count = 0
    for kind in KINDS.values():
        for obj in apps.get_model(kind.model_path).objects.iterator():
            index(obj)
            count += 1
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
    return results
