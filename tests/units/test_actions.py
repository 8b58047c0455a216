"""Units change through units/actions.py, successors above all: who succeeds whom decides who
sees what (issue 18: `UnitViewSet` wrote `successors` directly through its serializer)."""

import pytest

from oversight.units import actions
from oversight.units.api.serializers import UnitSerializer
from oversight.units.models import Cluster, Unit

PAYLOAD = {"code": "test_unit", "name_vi": "Đơn vị thử", "name_en": "Test unit",
           "kind": "provincial_committee"}


@pytest.fixture
def spy(monkeypatch):
    """The calls that reached actions.save_unit."""
    calls = []
    real = actions.save_unit

    def save_unit(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(actions, "save_unit", save_unit)
    return calls


def test_set_successors_changes_the_lineage(unit):
    ha_noi, nghe_an = unit("ha_noi"), unit("nghe_an")
    assert nghe_an.pk not in Unit.objects.lineage_ids(ha_noi.pk)
    actions.set_successors(nghe_an, [ha_noi])
    assert nghe_an.pk in Unit.objects.lineage_ids(ha_noi.pk)
    actions.set_successors(nghe_an, [])
    assert nghe_an.pk not in Unit.objects.lineage_ids(ha_noi.pk)


def test_save_unit_creates_and_changes(unit):
    created = actions.save_unit(successors=[unit("ha_noi")], **PAYLOAD)
    assert list(created.successors.values_list("code", flat=True)) == ["ha_noi"]
    changed = actions.save_unit(created, name_en="Renamed")
    assert Unit.objects.get(pk=created.pk).name_en == "Renamed"
    assert list(changed.successors.values_list("code", flat=True)) == ["ha_noi"]  # kept


def test_save_cluster_sets_members(unit):
    cluster = actions.save_cluster(code="c9", name_vi="Cụm 9", name_en="Cluster 9",
                                   members=[unit("ha_noi")])
    assert list(Cluster.objects.get(pk=cluster.pk).members.values_list("code", flat=True)) \
        == ["ha_noi"]


def test_the_api_writes_successors_through_the_action(api, admin_user, unit, spy):
    """The API's create and change both reach the action, and what it wrote is what the action
    writes: the lineage follows."""
    created = api(admin_user).post("/api/units/", {**PAYLOAD, "successors": ["ha_noi"]},
                                   format="json")
    assert created.status_code == 201, created.json()
    answer = api(admin_user).patch("/api/units/nghe_an/", {"successors": ["ha_noi"]},
                                   format="json")
    assert answer.status_code == 200 and answer.json()["successors"] == ["ha_noi"]
    assert [sorted(c) for c in spy] == [sorted({**PAYLOAD, "successors": 0}),
                                        ["successors"]]
    assert unit("nghe_an").pk in Unit.objects.lineage_ids(unit("ha_noi").pk)


def test_control_a_serializer_writing_directly_is_seen(api, admin_user, unit, spy, monkeypatch):
    """The control: the serializer's own update (the old way) writes successors without the
    action, and the spy above stays empty."""
    from rest_framework import serializers

    monkeypatch.setattr(UnitSerializer, "update", serializers.ModelSerializer.update)
    answer = api(admin_user).patch("/api/units/nghe_an/", {"successors": ["ha_noi"]},
                                   format="json")
    assert answer.status_code == 200
    assert spy == []
    assert unit("nghe_an").pk in Unit.objects.lineage_ids(unit("ha_noi").pk)
