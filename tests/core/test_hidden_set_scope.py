"""Records of a kind that declares few of its rows classified (`scope_classified_few`: matters,
petitions), and the rows under one, are filtered as "not hidden from the reader"
(`core.scoping._not_under_hidden`, issue 17) instead of by their own classification or a join
to their record. The two forms must give every reader the same rows of every model that takes
its classification from such a record, or is one; the control shows that the comparison
catches a hidden set that leaves out the access lists."""

import datetime as dt

import pytest
from django.apps import apps
from django.db.models import Q

from oversight.accounts.roles import Role
from oversight.base.classified import classified_paths
from oversight.core import scoping
from oversight.core.scoping import VIEW
from oversight.identity.actions import _grant
from oversight.matters.models import Direction, Matter
from oversight.petitions.models import DeadlineChange, Petition
from oversight.units.models import Unit

FEW = [model for model in apps.get_models() if getattr(model, "scope_classified_few", False)]
UNDER_FEW = [m for m in apps.get_models()
             if any(getattr(target, "scope_classified_few", False)
                    for _path, target in classified_paths(m))]


@pytest.fixture
def world(classified_records, make_user, analyst, nghean, hanoi):
    head = make_user("nghean_head", "nghe_an", roles=(Role.OFFICER, Role.HEAD))
    granted = make_user("granted", "ha_noi")
    levels = classified_records(("nghe_an", "ha_noi"))
    _grant(levels[("nghe_an", "secret")], granted, None)
    _grant(levels[("ha_noi", "confidential")], granted, None)
    _grant(levels[("ha_noi", "secret", "petition")], granted, None)
    Direction.objects.create(unit=Unit.objects.get(code="nghe_an"), matter=None,
                             text="Chỉ đạo không gắn vụ việc", issued_on=dt.date(2024, 4, 1),
                             due_on=dt.date(2024, 6, 30),
                             addressee=Unit.objects.get(code="nghe_an"))
    return [analyst, nghean, hanoi, head, granted]


def _seen(readers):
    return {(model._meta.label, reader.username):
            set(model.objects.restrict(reader, VIEW).values_list("pk", flat=True))
            for model in UNDER_FEW for reader in readers}


def test_the_rows_are_the_same_in_both_forms(world, monkeypatch):
    assert {Matter, Petition} <= set(FEW)
    assert {Matter, Direction, Petition, DeadlineChange} <= set(UNDER_FEW)
    hidden_set = _seen(world)
    for model in FEW:
        monkeypatch.setattr(model, "scope_classified_few", False, raising=False)
    joined = _seen(world)
    assert hidden_set == joined
    # the readers see different things: the comparison is not between empty sets
    for label in ("matters.Direction", "petitions.Petition", "petitions.DeadlineChange"):
        seen = {reader: rows for (model, reader), rows in joined.items() if model == label}
        assert len({frozenset(rows) for rows in seen.values()}) >= 4, label
        assert all(rows for rows in seen.values()), label


def test_the_hidden_set_form_joins_no_matter(world):
    sql = str(Direction.objects.restrict(world[0], VIEW).query)
    tables, condition = sql.split(" WHERE ", 1)
    assert '"matters_matter"' not in tables  # no join: the matters are read in a subquery
    assert '"matters_matter"' in condition and "NOT" in condition


def test_control_a_hidden_set_without_the_access_lists_is_caught(world, monkeypatch):
    real = scoping._not_under_hidden

    def forgets_grants(path, target, user):
        hidden = target._default_manager.exclude(security_classification="normal").values("pk")
        if not path:
            return ~Q(pk__in=hidden)
        return Q(**{f"{path}__isnull": True}) | ~Q(**{f"{path}__in": hidden})

    monkeypatch.setattr(scoping, "_not_under_hidden", forgets_grants)
    wrong = _seen(world)
    monkeypatch.setattr(scoping, "_not_under_hidden", real)
    assert wrong != _seen(world)
