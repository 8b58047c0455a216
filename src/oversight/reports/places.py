"""Where a report is about: one unit (with its predecessors), an emulation cluster, the nation.

A place knows the units whose records it counts, and how to split them into its parts (the
sheets of a cluster or national report): each record's unit is credited to one part — itself
if it is a part, otherwise the part it was merged into — so nothing is counted twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from oversight.units.choices import UnitKind
from oversight.units.models import Cluster, Unit

UNIT, CLUSTER, NATIONAL = "unit", "cluster", "national"


class PlaceError(ValueError):
    pass


@dataclass
class Place:
    kind: str
    code: str
    name: str
    unit_ids: frozenset[int] | None  # None: every unit (the nation)
    parts: list[Unit] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "code": self.code, "name": self.name}

    def part_of(self) -> dict[int, int]:
        """Record unit id -> the part (unit id) it is credited to."""
        graph = Unit.objects.predecessor_map()
        lineages = {p.pk: Unit.objects.lineage_ids(p.pk, graph) for p in self.parts}
        mapping: dict[int, int] = {p.pk: p.pk for p in self.parts}
        for part in self.parts:
            for unit_id in lineages[part.pk]:
                mapping.setdefault(unit_id, part.pk)
        # Agencies (police, courts…) belong to their province's committee.
        for agency_id, parent_id in Unit.objects.filter(parent_id__in=list(mapping)).exclude(
            kind__in=[UnitKind.PROVINCIAL_COMMITTEE]
        ).values_list("pk", "parent_id"):
            mapping.setdefault(agency_id, mapping[parent_id])
        return mapping


def for_unit(code: str) -> Place:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise PlaceError(_("Unknown unit “%(code)s”.") % {"code": code})
    ids = set(Unit.objects.lineage_ids(unit.pk))
    ids |= set(Unit.objects.filter(parent_id__in=ids).exclude(
        kind=UnitKind.PROVINCIAL_COMMITTEE).values_list("pk", flat=True))
    return Place(UNIT, unit.code, unit.name, frozenset(ids), parts=[unit])


def for_cluster(key: str) -> Place:
    lookup = {"pk": int(key)} if str(key).isdigit() else {"code": key}
    cluster = Cluster.objects.filter(**lookup).first()
    if cluster is None:
        raise PlaceError(_("Unknown cluster “%(key)s”.") % {"key": key})
    members = list(cluster.members.order_by("place_vi"))
    place = Place(CLUSTER, cluster.code, cluster.name, None, parts=members)
    place.unit_ids = frozenset(place.part_of())
    return place


def national(on: dt.date | None = None) -> Place:
    """The nation, split into today's provinces (plus the central commission)."""
    on = on or dt.date.today()
    parts = list(Unit.objects.filter(kind=UnitKind.CENTRAL_COMMISSION)) + list(
        Unit.objects.provinces().active_on(on).order_by("place_vi")
    )
    return Place(NATIONAL, "national", _("Nationwide"), None, parts=parts)


def resolve(unit: str | None = None, cluster: str | None = None,
            scope: str | None = None) -> Place:
    given = [x for x in (unit, cluster, scope) if x]
    if len(given) != 1:
        raise PlaceError(_("Give exactly one of unit, cluster or scope=national."))
    if unit:
        return for_unit(unit)
    if cluster:
        return for_cluster(cluster)
    if scope != NATIONAL:
        raise PlaceError(_("The only scope is “national”."))
    return national()
