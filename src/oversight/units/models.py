"""Units: the agencies that own records, and the provinces across the 2025 merger."""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, NullIf
from django.db.models.signals import m2m_changed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from oversight.base.compiled import Compiled
from oversight.base.keyed import value_of
from oversight.units.choices import UnitKind

# The units' succession links, kept for one request (`UnitQuerySet.predecessor_map`).
_predecessors: ContextVar[dict | None] = ContextVar("oversight_unit_predecessors", default=None)
# Every scoped request reads the links once: compiled once (`base.compiled`).
_links = Compiled(lambda: Unit.successors.through.objects.values_list("to_unit_id",
                                                                       "from_unit_id"))


def _keep_for_request(**kwargs) -> None:
    _predecessors.set({})


def _forget(**kwargs) -> None:
    kept = _predecessors.get()
    if kept is not None:
        kept.clear()


def forget_predecessors() -> None:
    """Read the succession links again at their next use in this request (`core.listplans`
    records a list's reads from a clean start)."""
    _forget()


request_started.connect(_keep_for_request, dispatch_uid="oversight.units.keep_predecessors")
request_finished.connect(lambda **kwargs: _predecessors.set(None),
                         dispatch_uid="oversight.units.drop_predecessors", weak=False)


class UnitQuerySet(models.QuerySet):
    def active_on(self, day: dt.date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def provinces(self):
        return self.filter(kind=UnitKind.PROVINCIAL_COMMITTEE)

    def lineage_ids(self, unit_id: int, predecessors: dict[int, list[int]] | None = None
                    ) -> set[int]:
        """The unit and every unit it succeeded, transitively (one query for the whole graph).

        This is what "a province includes its predecessors" means everywhere: a filter on
        Quảng Trị also returns records of old Quảng Bình, which merged into it in 2025.
        Pass `predecessors` (from `predecessor_map`) to resolve many units with one query.
        """
        if predecessors is None:
            predecessors = self.predecessor_map()
        seen = {unit_id}
        stack = [unit_id]
        while stack:
            for pred in predecessors.get(stack.pop(), ()):
                if pred not in seen:
                    seen.add(pred)
                    stack.append(pred)
        return seen

    @staticmethod
    def predecessor_map() -> dict[int, list[int]]:
        """successor id -> ids of the units it directly succeeded; read once per request (a
        petitions list by unit asked it twice: the reader's scope and the unit filter), again
        after a change of the links (`m2m_changed`), every time outside a request."""
        kept = _predecessors.get()
        if kept is not None and "map" in kept:
            return {k: list(v) for k, v in kept["map"].items()}
        links = _links.rows()
        predecessors: dict[int, list[int]] = {}
        for successor_id, predecessor_id in links:
            predecessors.setdefault(successor_id, []).append(predecessor_id)
        if kept is not None:
            kept["map"] = {k: tuple(v) for k, v in predecessors.items()}
        return predecessors

    def lineage(self, unit: Unit):
        return self.filter(pk__in=self.lineage_ids(unit.pk))

    def addressable_by(self, issuer: Unit | None):
        """The units `issuer` may address a direction to — the one rule, used by the action
        (`matters.actions.issue_direction`), the API and the forms' choices.

        - the central level (the Central Internal Affairs Commission) addresses anyone;
        - any other unit addresses its own province's bodies: the provincial committee and the
          agencies under it (police, procuracy, court, inspectorate… and their own sub-units),
          including those of the provinces it succeeded in the 2025 merger (its lineage) —
          never another province's agencies, nor the central level.
        A direction is an instruction down the Party's line of oversight (Regulation
        No. 191-QĐ/TW on the functions of the provincial steering committees; recalled from
        memory, not checked against the text): a provincial committee has no standing to
        direct another province's bodies."""
        if issuer is None:
            return self.none()
        if issuer.kind == UnitKind.CENTRAL_COMMISSION:
            return self.all()
        home = issuer
        while home.kind != UnitKind.PROVINCIAL_COMMITTEE and home.parent_id is not None \
                and home.parent.kind != UnitKind.CENTRAL_COMMISSION:
            home = home.parent
        # A province merged in 2025 acts through its successor (old Quảng Bình's matter is
        # directed by Quảng Trị): the province of today and everything it succeeded.
        seen = {home.pk}
        while (after := home.successors.exclude(pk__in=seen).first()) is not None:
            seen.add(after.pk)
            home = after
        provinces = self.lineage_ids(home.pk)
        return self.filter(Q(pk__in=provinces) | Q(parent_id__in=provinces)
                           | Q(parent__parent_id__in=provinces))

    def today_of(self, unit_ids) -> dict[int, Unit]:
        """unit id -> the unit that carries it on today: itself, or the successor it merged
        into (transitively), so that figures of old Quảng Bình count in Quảng Trị."""
        successors: dict[int, list[int]] = {}
        for predecessor_id, successor_id in Unit.successors.through.objects.values_list(
                "from_unit_id", "to_unit_id"):
            successors.setdefault(predecessor_id, []).append(successor_id)
        found: dict[int, int] = {}
        for unit_id in set(unit_ids):
            current, seen = unit_id, {unit_id}
            while successors.get(current):
                current = min(successors[current])  # a province merged into one successor
                if current in seen:
                    break
                seen.add(current)
            found[unit_id] = current
        units = self.in_bulk(set(found.values()))
        return {unit_id: units[target] for unit_id, target in found.items() if target in units}


class Unit(models.Model):
    """An agency: the central commission, a provincial committee, a police force, a court…

    Provinces carry their validity interval: the 29 provinces absorbed on 1 July 2025 end on
    30 June 2025 and name their successor; a province that kept its name goes on as the same
    unit (its committee did not cease to exist), so its code is stable across the merger.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    place_vi = models.CharField(_("place (Vietnamese)"), max_length=100, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    gov_code = models.CharField(
        _("administrative code"), max_length=8, blank=True,
        help_text=_("The General Statistics Office code of the province, if any."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("successors"), symmetrical=False, blank=True,
        related_name="predecessors",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name

    # What `name` and `place` read, in both languages.
    PLACE_FIELDS = ("name_vi", "name_en", "place_vi", "place_en")

    @classmethod
    def place_columns(cls, path: str) -> tuple[str, ...]:
        """PLACE_FIELDS through `path` (`"unit"` → `"unit__place_vi"`, …), for `QuerySet.only()`
        of the records that show a unit by its name or place."""
        return tuple(f"{path}__{field}" for field in cls.PLACE_FIELDS)

    @classmethod
    def code_of(cls, key: str) -> models.Subquery:
        """The code of the unit whose id is in the outer row's column `key` (`"unit_id"`),
        as an annotation (`base.keyed`): a list that shows its rows' units by their codes,
        without a unit instance for each row."""
        return value_of(cls, key, "code")

    @classmethod
    def place_of(cls, key: str) -> models.Subquery:
        """`place` of the unit whose id is in the outer row's column `key`, in the language
        active now, as an annotation (as `code_of`, for a page that shows its rows' units by
        place): the place, or the name when the place is blank."""
        suffix = "en" if (get_language() or "vi").startswith("en") else "vi"
        place = Coalesce(NullIf(f"place_{suffix}", models.Value("")), f"name_{suffix}")
        return value_of(cls, key, place, output_field=models.CharField())

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    @property
    def place(self) -> str:
        value = self.place_en if (get_language() or "vi").startswith("en") else self.place_vi
        return value or self.name

    @property
    def is_active(self) -> bool:
        return self.valid_to is None or self.valid_to >= dt.date.today()


class Cluster(models.Model):
    """An emulation cluster: a named group of provincial units (by their units of the time)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    members = models.ManyToManyField(Unit, verbose_name=_("members"), related_name="clusters")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("emulation cluster")
        verbose_name_plural = _("emulation clusters")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


# A merger recorded during a request counts at once for the rest of it.
m2m_changed.connect(_forget, sender=Unit.successors.through,
                    dispatch_uid="oversight.units.forget_predecessors")
