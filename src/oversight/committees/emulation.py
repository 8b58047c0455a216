"""Emulation ranking: the targets the members of a cluster registered, what they achieved
(computed from the records by the reports' indicators), and their order.

The rule (kept here, in one place):
- for each target, the achievement ratio is achieved ÷ target, capped at CAP (1.5), so that
  overshooting one indicator cannot make up for missing all the others;
  for an indicator where less is better (LOWER_IS_BETTER: things overdue at the end), the
  ratio is target ÷ achieved (CAP when nothing is overdue);
- a unit's score is the mean of its ratios (every target weighs the same);
- units are ranked by score, highest first; equal scores share a rank; units that registered
  no target are listed last, unranked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from oversight.committees.models import EmulationTarget
from oversight.core.scoping import VIEW, unit_ids_in_scope
from oversight.reports import service  # (importing it registers the indicators)
from oversight.reports.indicators import CATALOGUE
from oversight.reports.periods import parse
from oversight.reports.places import for_unit
from oversight.units.models import Cluster, Unit

CAP = 1.5
LOWER_IS_BETTER = frozenset({"directions_overdue", "petitions_overdue"})


def ratio(code: str, achieved, target) -> float:
    achieved, target = float(achieved or 0), float(target)
    if code in LOWER_IS_BETTER:
        value = CAP if achieved == 0 else target / achieved
    else:
        value = achieved / target if target else CAP
    return round(min(value, CAP), 4)


@dataclass
class Line:
    code: str
    label: str
    target: Decimal
    achieved: float
    ratio: float
    note: str = ""


@dataclass
class Standing:
    unit: Unit
    lines: list[Line] = field(default_factory=list)
    score: float | None = None
    rank: int | None = None
    visible: bool = True  # may the reader see this unit's targets and figures (rank_for)

    @property
    def registered(self) -> bool:
        return bool(self.lines)

    @property
    def score_percent(self) -> str:
        return "–" if self.score is None else f"{self.score * 100:.1f}%"


@dataclass
class Ranking:
    cluster: Cluster
    year: int
    standings: list[Standing]

    @property
    def members(self) -> int:
        return len(self.standings)

    @property
    def registered(self) -> int:
        return sum(1 for s in self.standings if s.registered)

    @property
    def indicators(self) -> list[str]:
        codes = {line.code for s in self.standings for line in s.lines}
        return [c for c in CATALOGUE if c in codes]


def rank(cluster: Cluster, year: int) -> Ranking:
    members = list(cluster.members.order_by("place_vi"))
    targets: dict[int, list[EmulationTarget]] = {}
    for t in EmulationTarget.objects.filter(cluster=cluster, year=year).order_by("indicator"):
        targets.setdefault(t.unit_id, []).append(t)
    period = parse(str(year))
    standings = []
    for unit in members:
        standing = Standing(unit)
        mine = [t for t in targets.get(unit.pk, []) if t.indicator in CATALOGUE]
        if mine:
            figures = service.build(for_unit(unit.code), period,
                                    codes=[t.indicator for t in mine])["indicators"]
            for t in mine:
                achieved = figures[t.indicator]["value"] or 0
                standing.lines.append(Line(t.indicator, CATALOGUE[t.indicator].label, t.target,
                                           achieved, ratio(t.indicator, achieved, t.target),
                                           t.note))
            standing.score = round(sum(ln.ratio for ln in standing.lines)
                                   / len(standing.lines), 4)
        standings.append(standing)
    ranked = sorted((s for s in standings if s.score is not None),
                    key=lambda s: (-s.score, s.unit.place_vi))
    previous, position = None, 0
    for index, s in enumerate(ranked, 1):
        if s.score != previous:
            position, previous = index, s.score
        s.rank = position
    unranked = [s for s in standings if s.score is None]
    return Ranking(cluster, year, ranked + unranked)


def rank_for(cluster: Cluster, year: int, user) -> Ranking:
    """The ranking as `user` may read it: every unit's rank, but the targets and figures
    (`Standing.visible`) only of units in the user's scope. The one rule the page, its
    workbook and the API (`…/emulation-targets/ranking/`) follow."""
    ranking = rank(cluster, year)
    ids = unit_ids_in_scope(user, VIEW)
    for standing in ranking.standings:
        standing.visible = ids is None or standing.unit.pk in ids
    return ranking


def clusters_of(user):
    """Clusters the user's unit (or any unit, for the centre) belongs to."""
    ids = unit_ids_in_scope(user, VIEW)
    qs = Cluster.objects.order_by("code")
    return qs if ids is None else qs.filter(members__in=ids).distinct()
