"""The planned rows of the list serializers (`core.listrows`) write what DRF's own field loop
writes: every list answer compared byte for byte with the same request answered by DRF's
`Serializer.to_representation`, on rows that take every path of the plan (nulls, a dotted
source with and without its record, a method field, a nested list, a sealed petitioner's
redaction, an overdue flag, `?fields=`).

Control: make a converter differ from DRF's (`_FASTER[IntegerField.to_representation] =
str`, or `_plain_reader` answering `value` unconverted) and the comparison fails."""

import datetime as dt

import pytest
from rest_framework import serializers

from oversight.core.listrows import PlannedRowsMixin
from oversight.matters import actions as matter_actions
from oversight.petitions import actions as petition_actions
from oversight.units.models import Unit
from tests.petitions.conftest import checklist, make_petition  # noqa: F401 (fixtures)

LISTS = [
    "/api/petitions/", "/api/petitions/?fields=id,petitioners,assignee,overdue",
    "/api/petitions/?fields=transferred_from,unit,duplicate_of",
    "/api/petitions/?ordering=next_due",
    "/api/matters/", "/api/matters/?fields=assignee_username,recovery_rate,id",
    "/api/directions/", "/api/directions/?fields=matter,status,assignee_username",
]


@pytest.fixture
def rows(nghean, make_user, make_petition, make_direction, checklist):  # noqa: F811
    """Records that take each path: assigned and not, sealed and not, transferred, overdue."""
    colleague = make_user("colleague", "nghe_an")
    colleague.first_name, colleague.last_name = "Lan", "Nguyễn"
    colleague.save()
    old = make_petition(received_on=dt.date(2020, 1, 6))
    petition_actions.link_duplicate(make_petition(), by=None, original=old)
    sealed = make_petition(protection_requested=True)
    petition_actions.assign(sealed, by=None, assignee=colleague)
    make_petition(kind="denunciation", received_on=dt.date.today())
    moved = make_petition(kind="recommendation", unit_code="ha_tinh")
    moved = petition_actions.classify(moved, by=None, checklist=checklist("recommendation"))
    petition_actions.transfer(moved, by=None, to_unit=Unit.objects.get(code="nghe_an"))
    done = make_direction(issued_on=dt.date(2020, 1, 2), due_on=dt.date(2020, 1, 6))
    matter_actions.answer_direction(done, by=None, reply="Đã xong", done=True)
    late = make_direction(issued_on=dt.date(2020, 1, 2), due_on=dt.date(2020, 1, 6))
    matter_actions.urge_direction(late, by=None, note="Đôn đốc")
    matter_actions.assign_direction(late, by=None, assignee=colleague)
    matter_actions.assign_matter(late.matter, by=None, assignee=colleague)
    make_direction(addressee=Unit.objects.get(code="nghe_an"), unit_code="central")
    matter = done.matter
    matter.loss_amount, matter.recovered_amount = 1_000, 250
    matter.save()
    matter_actions.add_defendant(matter, by=None, full_name="Bị can A")


def test_planned_rows_are_drfs_byte_for_byte(api, nghean, rows, monkeypatch):
    client = api(nghean)
    planned = {}
    for url in LISTS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json()["results"], url  # a list with rows, or the test proves nothing
        planned[url] = response.content
    monkeypatch.setattr(PlannedRowsMixin, "to_representation",
                        serializers.Serializer.to_representation)
    for url in LISTS:
        assert client.get(url).content == planned[url], url


def test_the_rows_cover_each_path(api, nghean, rows):
    """The data above reaches what it is meant to reach (else the comparison is weaker)."""
    petitions = api(nghean).get("/api/petitions/").json()["results"]
    assert any(r["petitioners"][0]["name"] is None for r in petitions if r["petitioners"])
    assert any(r["transferred_from"] for r in petitions)
    assert {r["overdue"] for r in petitions} == {True, False}
    assert {r["assignee"] is None for r in petitions} == {True, False}
    assert {r["duplicate_of"] is None for r in petitions} == {True, False}
    directions = api(nghean).get("/api/directions/").json()["results"]
    assert {r["assignee_username"] for r in directions} >= {None, "colleague"}
    assert {r["status"] for r in directions} >= {"done", "overdue"}
    assert any(r["matter"] is None for r in directions)  # the addressee does not see it
    matters = api(nghean).get("/api/matters/").json()["results"]
    assert {r["recovery_rate"] for r in matters} >= {None, 0.25}


@pytest.mark.parametrize("stored", [
    {"name": "Nguyễn Văn Hùng", "id_number": "040085001234", "address": "Xóm 3",
     "phone": "0912345678"},
    {"name": "Trần Thị Lan"},  # keys missing: null, as DRF reads them
    {"name": "Lê Văn B", "id_number": None, "address": "", "phone": 912345678, "x": 1},
])
def test_a_stored_petitioner_is_written_as_drf_writes_it(stored):
    """The petitioner's shortcut (`PetitionerSerializer.to_representation` on a stored dict)
    against DRF's field loop. Control: drop the `str()` (the number stays a number) or a key
    from PETITIONER_FIELDS and this fails."""
    from oversight.petitions.api.serializers import PetitionerSerializer

    ours = PetitionerSerializer().to_representation(stored)
    drfs = serializers.Serializer.to_representation(PetitionerSerializer(), stored)
    assert list(ours.items()) == list(drfs.items())
