"""Unit pickers: today's units first, the units that ended in the 2025 merger apart
("Trước 01/7/2025"), each group in Vietnamese alphabetical order (`base.vietnamese`), labelled by
name, never by code. Forms use `UnitChoiceField`; list filters use `grouped_options`. Both render
a `<select data-picker>` that `oversight/lists.js` makes searchable (typed without diacritics).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django import forms
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from oversight.base.timed import Timed
from oversight.base.vietnamese import sort_key
from oversight.units.choices import UnitKind
from oversight.units.models import Unit
from oversight.units.provinces import MERGER_DAY

COMMITTEES = (UnitKind.CENTRAL_COMMISSION, UnitKind.PROVINCIAL_COMMITTEE)
TODAY_LABEL = _("Current units")
BEFORE_LABEL = _("Before 1 July 2025")


def is_current(unit, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return unit.valid_to is None or unit.valid_to >= today


def label(unit, successors: dict[int, list] | None = None) -> str:
    """A committee by its place ("Nghệ An"), any other agency by its name; a unit that ended
    names the one that took it over ("Quảng Bình → Quảng Trị")."""
    text = unit.place if unit.kind in COMMITTEES else unit.name
    if unit.valid_to is not None and successors is not None:
        after = successors.get(unit.pk) or []
        if after:
            text += " → " + ", ".join(
                (s.place if s.kind in COMMITTEES else s.name) for s in after)
    return text


@lru_cache(maxsize=4096)
def _label_key(text: str):
    """`sort_key` of a unit's label, kept for the process: the labels are few and every list
    page's filter bar sorted each of them again (half of building the picker, issue 17)."""
    return sort_key(text)


def _order(unit, text: str):
    # the central commission before the provinces, then alphabetical
    return (unit.kind != UnitKind.CENTRAL_COMMISSION, _label_key(text))


def groups(units, today: dt.date | None = None) -> list[tuple[str, list[tuple[object, str]]]]:
    """[(group label, [(unit, label), …]), …]: today's units, then those that ended (before the
    merger day or since), each in Vietnamese alphabetical order. Empty groups are left out."""
    units = list(units)
    today = today or timezone.localdate()  # once, not once per unit
    successors = _successors([u for u in units if u.valid_to is not None])
    current, ended = [], []
    for unit in units:
        (current if is_current(unit, today) else ended).append(unit)
    out = []
    for title, members in ((TODAY_LABEL, current), (BEFORE_LABEL, ended)):
        labelled = [(u, label(u, successors)) for u in members]
        labelled.sort(key=lambda pair: _order(*pair))
        if labelled:
            out.append((str(title), labelled))
    return out


def _successors(units) -> dict[int, list]:
    if not units:
        return {}

    through = Unit.successors.through.objects.filter(
        from_unit_id__in=[u.pk for u in units]).select_related("to_unit")
    found: dict[int, list] = {}
    for link in through:
        found.setdefault(link.from_unit_id, []).append(link.to_unit)
    return found


# The options of a unit filter, by (language, day, value, the units' query), for a minute: every
# list page drew its filter bar's units, their successors and labels again (a tenth of the page,
# issue 17). A unit renamed or merged shows in the pickers of other processes within the
# minute; this process forgets at once (`forget_options`, on any change of a unit). What a
# filter accepts is checked against the database, never against this.
OPTIONS_SECONDS = 60
_options = Timed(OPTIONS_SECONDS)  # one entry per scope and language
kept = _options  # for what is written from these (the filter bar follows it)


def grouped_options(units, today: dt.date | None = None, value: str = "code", *,
                    key=None):
    """For a template: [(group label, [(value, label), …]), …]; one group is not labelled.

    `key` (hashable) names the units when the caller knows them by less than their
    statement: the statement's text, the default key, costs a compilation each call. With a
    key, `units` may be a function giving the queryset, called only when the options are
    drawn."""
    today = today or timezone.localdate()
    if key is None and callable(units):
        raise TypeError("units given by a function need a key")

    def make():
        found = groups(units() if callable(units) else units, today)
        return [(title if len(found) > 1 else "",
                 [(getattr(u, value), text) for u, text in members])
                for title, members in found]

    return _options.get((get_language(), today, value,
                         str(units.query) if key is None else key), make)


def forget_options(**kwargs) -> None:
    """Receiver of a unit's changes: this process's pickers are drawn again. Connected here,
    beside the cache: a process that never drew a picker has nothing to forget."""
    _options.clear()


for _signal in (post_save, post_delete):
    _signal.connect(forget_options, sender=Unit, dispatch_uid=f"unit-options-{_signal}")
m2m_changed.connect(forget_options, sender=Unit.successors.through,
                    dispatch_uid="unit-options-successors")


class _GroupedChoices(BaseChoiceIterator):
    """The field's choices, grouped, read from the database only when rendered (a form class
    is defined at import time, before there may be a database)."""

    def __init__(self, field):
        self.field = field

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        found = groups(field.queryset)
        if len(found) == 1:
            yield from ((u.pk, text) for u, text in found[0][1])
            return
        for title, members in found:
            yield (title, [(u.pk, text) for u, text in members])


class UnitChoiceField(forms.ModelChoiceField):
    """A unit in a form: grouped and ordered as above, searchable in the page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("data-picker", "unit")

    def label_from_instance(self, obj):
        return label(obj)

    def _get_choices(self):
        if not hasattr(self, "_queryset"):
            return []
        return _GroupedChoices(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


__all__ = ["MERGER_DAY", "UnitChoiceField", "grouped_options", "groups", "label"]
