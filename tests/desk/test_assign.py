"""Assigning petitions, matters and directions through the API (the actions layer shared with
the web): an officer of the record's unit by user name, `me`, nobody; anyone outside the unit
is refused with a JSON error naming `assignee`; the assignee is told; lists filter by it."""

from __future__ import annotations

import pytest

from oversight.accounts.roles import Role
from oversight.core.models import Notification


@pytest.fixture
def an(make_user):
    return make_user("an", "nghe_an", first_name="An", last_name="Nguyễn Văn",
                     display_name="Nguyễn Văn An")


@pytest.fixture
def head(make_user):
    return make_user("head", "nghe_an", roles=(Role.HEAD,), display_name="Trần Thị Bình")


RECORDS = ["petitions", "matters", "directions"]


@pytest.fixture
def record(request, make_petition, make_matter, make_direction):
    def make(kind):
        return {"petitions": make_petition, "matters": make_matter,
                "directions": make_direction}[kind]()
    return make


@pytest.mark.parametrize("kind", RECORDS)
def test_assign_by_username_shows_full_name_and_tells_the_assignee(kind, record, api, head, an):
    obj = record(kind)
    response = api(head).post(f"/api/{kind}/{obj.pk}/assign/", {"assignee": "an"},
                              format="json")
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == "Nguyễn Văn An"
    obj.refresh_from_db()
    assert obj.assignee == an
    told = Notification.objects.get(user=an, kind="assigned")
    assert told.kind == "assigned" and told.record_id == obj.pk
    assert "Trần Thị Bình" in told.text
    # the list filters by it: assignee=<username> and, for the assignee, assignee=me
    found = api(head).get(f"/api/{kind}/", {"assignee": "an"}).json()["results"]
    assert [r["id"] for r in found] == [obj.pk]
    mine = api(an).get(f"/api/{kind}/", {"assignee": "me"}).json()["results"]
    assert [r["id"] for r in mine] == [obj.pk]
    assert api(head).get(f"/api/{kind}/", {"assignee": "me"}).json()["results"] == []


@pytest.mark.parametrize("kind", RECORDS)
def test_assignee_outside_the_unit_is_refused_naming_the_field(kind, record, api, head, hanoi):
    obj = record(kind)
    response = api(head).post(f"/api/{kind}/{obj.pk}/assign/", {"assignee": "hanoi"},
                              format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["assignee"]
    obj.refresh_from_db()
    assert obj.assignee is None
    assert not Notification.objects.filter(kind="assigned").exists()


@pytest.mark.parametrize("kind", RECORDS)
def test_unknown_user_and_me_and_nobody(kind, record, api, head, an):
    obj = record(kind)
    client = api(head)
    bad = client.post(f"/api/{kind}/{obj.pk}/assign/", {"assignee": "nobody-here"},
                      format="json")
    assert bad.status_code == 400 and "assignee" in bad.json()
    missing = client.post(f"/api/{kind}/{obj.pk}/assign/", {}, format="json")
    assert missing.status_code == 400 and "assignee" in missing.json()
    assert client.post(f"/api/{kind}/{obj.pk}/assign/", {"assignee": "me"},
                       format="json").json()["assignee"] == "Trần Thị Bình"
    # assigning oneself tells nobody
    assert not Notification.objects.filter(kind="assigned").exists()
    assert client.post(f"/api/{kind}/{obj.pk}/assign/", {"assignee": ""},
                       format="json").json()["assignee"] is None
    obj.refresh_from_db()
    assert obj.assignee is None


@pytest.mark.parametrize("kind", RECORDS)
def test_another_units_record_is_not_found(kind, record, api, hanoi):
    obj = record(kind)
    response = api(hanoi).post(f"/api/{kind}/{obj.pk}/assign/", {"assignee": "me"},
                               format="json")
    assert response.status_code == 404


def test_officer_of_a_successor_unit_may_take_an_old_units_petition(make_petition, api,
                                                                    make_user):
    # Quảng Bình merged into Quảng Trị (2025): a Quảng Trị officer may take its petitions.
    petition = make_petition("quang_binh")
    officer = make_user("qt", "quang_tri", display_name="Lê Văn Cường")
    ok = api(officer).post(f"/api/petitions/{petition.pk}/assign/", {"assignee": "me"},
                           format="json")
    assert ok.status_code == 200, ok.content
    # … but not the other way round: an old unit's officer does not take Quảng Trị's records
    old = make_user("qb", "quang_binh")
    newer = make_petition("quang_tri")
    refused = api(officer).post(f"/api/petitions/{newer.pk}/assign/", {"assignee": "qb"},
                                format="json")
    assert refused.status_code == 400 and "assignee" in refused.json()
    assert old.pk


def test_the_web_bulk_assign_goes_through_the_same_rule(make_petition, web, head, hanoi):
    petition = make_petition()
    response = web(head).post("/petitions/bulk/", {"action": "assign", "assignee": "hanoi",
                                                   "selected": [petition.pk]}, follow=True)
    assert response.status_code == 200
    petition.refresh_from_db()
    assert petition.assignee is None
    said = " ".join(str(m.message) for m in response.context["messages"])
    assert "hanoi" in said or "Hà Nội" in said or "Ha Noi" in said, said


@pytest.mark.parametrize("kind", ["matters", "directions"])
def test_assign_from_the_records_page(kind, record, web, head, an, hanoi):
    obj = record(kind)
    page = web(head).get(f"/{kind}/{obj.pk}/").content.decode()
    assert 'id="assign"' in page and "Nguyễn Văn An" in page
    single = kind[:-1]
    web(head).post(f"/assign/{single}/{obj.pk}/", {"assignee": "an"})
    obj.refresh_from_db()
    assert obj.assignee == an
    web(head).post(f"/assign/{single}/{obj.pk}/", {"assignee": "hanoi"})
    obj.refresh_from_db()
    assert obj.assignee == an  # refused: outside the unit
    assert web(hanoi).post(f"/assign/{single}/{obj.pk}/", {"assignee": "me"}).status_code == 404
