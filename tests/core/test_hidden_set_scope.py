"""Rows under a matter are filtered as "not under a matter hidden from the reader"
(`core.scoping._not_under_hidden`, issue 17) instead of being joined to their matter. The two
forms must give every reader the same rows of every model that takes its classification
from a matter; the control shows that the comparison catches a hidden set that leaves out
the access lists."""

import datetime as dt

import pytest
from django.apps import apps
from django.db.models import Q

from oversight.accounts.roles import Role
from oversight.base.classified import classified_paths
from oversight.core import scoping
from oversight.core.scoping import VIEW
from oversight.identity.actions import _grant, set_classification
from oversight.matters.models import Direction, Matter
from oversight.units.models import Unit

UNDER_A_MATTER = [m for m in apps.get_models()
                  if any(path and target is Matter for path, target in classified_paths(m))]


@pytest.fixture
def world(make_matter, make_direction, make_user, analyst, nghean, hanoi):
    head = make_user("nghean_head", "nghe_an", roles=(Role.OFFICER, Role.HEAD))
    granted = make_user("granted", "ha_noi")
    levels = {}
    for unit_code in ("nghe_an", "ha_noi"):
        for level in ("normal", "confidential", "secret"):
            matter = make_matter(unit_code, title=f"{level} {unit_code}")
            if level != "normal":
                set_classification(matter, level, by=None, check=False)
            make_direction(matter=matter, unit_code=unit_code)
            levels[(unit_code, level)] = matter
    _grant(levels[("nghe_an", "secret")], granted, None)
    _grant(levels[("ha_noi", "confidential")], granted, None)
    Direction.objects.create(unit=Unit.objects.get(code="nghe_an"), matter=None,
                             text="Chỉ đạo không gắn vụ việc", issued_on=dt.date(2024, 4, 1),
                             due_on=dt.date(2024, 6, 30),
                             addressee=Unit.objects.get(code="nghe_an"))
    return [analyst, nghean, hanoi, head, granted]


def _seen(readers):
    return {(model._meta.label, reader.username):
            set(model.objects.restrict(reader, VIEW).values_list("pk", flat=True))
            for model in UNDER_A_MATTER for reader in readers}


def test_rows_under_a_matter_are_the_same_in_both_forms(world, monkeypatch):
    assert Direction in UNDER_A_MATTER and len(UNDER_A_MATTER) >= 3
    assert Matter.scope_classified_few
    hidden_set = _seen(world)
    monkeypatch.setattr(Matter, "scope_classified_few", False, raising=False)
    joined = _seen(world)
    assert hidden_set == joined
    # the readers see different things: the comparison is not between empty sets
    directions = {reader: rows for (label, reader), rows in joined.items()
                  if label == "matters.Direction"}
    assert len({frozenset(rows) for rows in directions.values()}) >= 4
    assert all(rows for rows in directions.values())


def test_the_hidden_set_form_joins_no_matter(world):
    sql = str(Direction.objects.restrict(world[0], VIEW).query)
    tables, condition = sql.split(" WHERE ", 1)
    assert '"matters_matter"' not in tables  # no join: the matters are read in a subquery
    assert '"matters_matter"' in condition and "NOT" in condition


def test_control_a_hidden_set_without_the_access_lists_is_caught(world, monkeypatch):
    real = scoping._not_under_hidden

    def forgets_grants(path, target, user):
        hidden = target._default_manager.exclude(security_classification="normal").values("pk")
        return Q(**{f"{path}__isnull": True}) | ~Q(**{f"{path}__in": hidden})

    monkeypatch.setattr(scoping, "_not_under_hidden", forgets_grants)
    wrong = _seen(world)
    monkeypatch.setattr(scoping, "_not_under_hidden", real)
    assert wrong != _seen(world)
