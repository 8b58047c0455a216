"""The people registry's REST API: persons, organisations, the review queue, link runs,
appraisals and the dossier, scoped as the web pages are."""

import pytest

from oversight.accounts.roles import Role
from oversight.people.choices import LinkStatus, RunStatus
from oversight.people.linking import registry
from oversight.people.models import (
    Appraisal,
    LinkCandidate,
    LinkDecision,
    LinkRun,
    Mention,
    Person,
)
from oversight.units.models import Unit
from tests.people.conftest import HUNG
from tests.people.test_registry import MAI, MAI_AGAIN


def _person(petition):
    return Mention.objects.get(petition=petition, role="petitioner").person


def test_people_list_search_and_retrieve(petition_by, nghean, hanoi, api):
    petition = petition_by(HUNG)
    petition_by({"name": "Phạm Thị Lan", "phone": "0987000111"})
    registry.full_relink()
    hung = _person(petition)
    client = api(nghean)

    body = client.get("/api/people/").json()
    assert body["count"] == 2
    body = client.get("/api/people/", {"q": "nguyễn văn HÙNG"}).json()
    assert [p["id"] for p in body["results"]] == [hung.pk]
    assert client.get("/api/people/", {"q": "040075001234"}).json()["count"] == 1
    assert client.get("/api/people/", {"q": "0912345678"}).json()["count"] == 1

    data = client.get(f"/api/people/{hung.pk}/").json()
    assert data["full_name"] == "Nguyễn Văn Hùng"
    assert data["cccd"] == "040075001234" and data["cmnd"] == ""
    assert (data["birth_date"], data["birth_year"]) == (None, hung.birth_year)
    assert data["addresses"][0]["province"] == "nghe_an"
    assert data["phones"] and data["positions"] == [] and data["relations"] == []
    # Another unit's person answers 404 and is not listed.
    assert api(hanoi).get(f"/api/people/{hung.pk}/").status_code == 404
    assert api(hanoi).get("/api/people/").json()["count"] == 0


def test_mentions_hide_other_units_without_counting_them(petition_by, nghean, api):
    """Another unit's records are neither shown nor counted (issue 13: a count of hidden
    records is for the user's own unit only, tests/people/test_nested_scope.py)."""
    here = petition_by(HUNG)
    petition_by({**HUNG, "name": "NGUYEN VAN HUNG"}, "ha_noi")
    registry.full_relink()
    hung = _person(here)
    assert Mention.objects.filter(person=hung).count() == 2
    body = api(nghean).get(f"/api/people/{hung.pk}/mentions/").json()
    assert [m["source"] for m in body["results"]] == [
        {"kind": "petition", "id": here.pk, "url": f"/petitions/{here.pk}/"}]
    assert body["hidden"] == 0


def test_dossier_json_hides_but_counts(nominee_case, nghean, api):
    hung = nominee_case["hung"]
    response = api(nghean).get(f"/api/people/{hung.pk}/dossier/")
    assert response.status_code == 200
    assert "mật Hà Nội" not in response.content.decode()
    data = response.json()
    sections = {s["key"]: s for s in data["sections"]}
    petitions = sections["petitions"]
    assert [i["title"] for i in petitions["items"]] == ["Tố cáo giám đốc sở"]
    item = petitions["items"][0]
    assert set(item) >= {"title", "role", "status", "url", "source"}
    assert item["url"] == f"/petitions/{nominee_case['seen'].pk}/"
    assert item["source"].startswith((f"Petition #{nominee_case['seen'].pk}",
                                      f"Đơn #{nominee_case['seen'].pk}"))
    assert petitions["hidden"] == 1
    assert sections["company_matters"]["hidden"] == 1
    assert data["hidden_total"] >= 2
    sentences = [f["sentence"] for f in data["flags"]]
    assert any("Vụ án đấu thầu thiết bị y tế" in s and "Trần Thị Lan" in s for s in sentences)
    assert data["hidden_flags"] == 1
    assert [r["full_name"] for r in data["relatives"]] == ["Trần Thị Lan"]


def test_organisations_with_roles(nominee_case, nghean, hanoi, api):
    company = nominee_case["company"]
    body = api(nghean).get("/api/organisations/", {"q": "hoa sen"}).json()
    assert [o["id"] for o in body["results"]] == [company.pk]
    assert body["results"][0]["roles"][0]["person_name"] == "Trần Thị Lan"
    data = api(nghean).get(f"/api/organisations/{company.pk}/").json()
    assert data["roles"][0]["role"] == "owner"
    assert [m["title"] for m in data["matters"]] == ["Vụ án đấu thầu thiết bị y tế"]
    assert data["hidden_matters"] == 1
    assert api(hanoi).get(f"/api/organisations/{company.pk}/").status_code == 404


@pytest.fixture
def pending_pair(petition_by):
    a, b = petition_by(MAI), petition_by(MAI_AGAIN)
    registry.full_relink()
    return a, b, LinkCandidate.objects.get(status=LinkStatus.PENDING)


def test_review_queue_shows_both_mentions_and_the_waterfall(pending_pair, nghean, hanoi, api):
    _a, _b, candidate = pending_pair
    body = api(nghean).get("/api/link-candidates/").json()
    assert [c["id"] for c in body["results"]] == [candidate.pk]
    data = api(nghean).get(f"/api/link-candidates/{candidate.pk}/").json()
    assert {data["left"]["name"], data["right"]["name"]} == {MAI["name"], MAI_AGAIN["name"]}
    assert data["left"]["address"] and data["right"]["address"]
    assert {"Prior", "name", "address", "Final score"} <= {
        w["comparison"] for w in data["waterfall"]}
    assert data["status"] == "pending" and data["match_weight"] == candidate.match_weight
    assert api(hanoi).get(f"/api/link-candidates/{candidate.pk}/").status_code == 404
    assert api(nghean).get("/api/link-candidates/", {"status": "bogus"}).status_code == 400


def test_accepting_through_the_api_merges_and_is_remembered(pending_pair, nghean, api):
    a, b, candidate = pending_pair
    url = f"/api/link-candidates/{candidate.pk}/decide/"
    response = api(nghean).post(url, {"decision": "accept", "note": "Cùng CCCD"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["accepted"] is True
    assert _person(a) == _person(b)
    decision = LinkDecision.objects.get()
    assert decision.by == nghean and decision.note == "Cùng CCCD"
    assert LinkCandidate.objects.get(pk=candidate.pk).status == LinkStatus.ACCEPTED
    # Decided once: a second decision is refused, and the queue is empty.
    again = api(nghean).post(url, {"decision": "reject"}, format="json")
    assert again.status_code == 400 and "non_field_errors" in again.json()
    assert api(nghean).get("/api/link-candidates/").json()["count"] == 0
    registry.full_relink()
    assert _person(a) == _person(b)


def test_rejecting_through_the_api_is_remembered(pending_pair, nghean, api):
    a, b, candidate = pending_pair
    url = f"/api/link-candidates/{candidate.pk}/decide/"
    bad = api(nghean).post(url, {"decision": "maybe"}, format="json")
    assert bad.status_code == 400 and "decision" in bad.json()
    response = api(nghean).post(url, {"decision": "reject"}, format="json")
    assert response.status_code == 201
    assert LinkCandidate.objects.get(pk=candidate.pk).status == LinkStatus.REJECTED
    run = registry.full_relink()
    assert run.to_review == 0
    assert _person(a) != _person(b)


def test_link_runs_only_heads_start_them(make_user, nghean, api,
                                         django_capture_on_commit_callbacks):
    refused = api(nghean).post("/api/link-runs/", {}, format="json")
    assert refused.status_code == 403
    assert not LinkRun.objects.exists()
    head = make_user("head", "nghe_an", roles=(Role.HEAD,))
    with django_capture_on_commit_callbacks(execute=False):
        response = api(head).post("/api/link-runs/", {}, format="json")
    assert response.status_code == 201
    run = LinkRun.objects.get()
    assert response.json()["status"] == RunStatus.QUEUED and run.started_by == head
    body = api(nghean).get("/api/link-runs/").json()
    assert [r["id"] for r in body["results"]] == [run.pk]
    assert api(nghean).get(f"/api/link-runs/{run.pk}/").json()["progress"] == 0


APPRAISAL = {"requesting_body": "Ban Tổ chức Tỉnh ủy", "purpose": "appointment",
             "received_on": "2025-03-01", "due_on": "2025-04-01"}


def test_appraisal_create_update_with_nominee_ids(nghean, api):
    unit = Unit.objects.get(code="nghe_an")
    nominee = Person.objects.create(full_name="Nguyễn Văn Hùng", unit=unit, cccd="040075001234")
    response = api(nghean).post("/api/appraisals/", {**APPRAISAL, "nominees": [nominee.pk]},
                                format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["nominees"] == [nominee.pk] and data["unit"] == "nghe_an"
    assert data["status"] == "open"
    appraisal = Appraisal.objects.get(pk=data["id"])
    assert Mention.objects.get(appraisal=appraisal).person == nominee

    url = f"/api/appraisals/{appraisal.pk}/"
    response = api(nghean).patch(url, {"opinion": "Đủ tiêu chuẩn", "nominees": []},
                                 format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "answered" and response.json()["nominees"] == []
    assert not Mention.objects.filter(appraisal=appraisal).exists()
    assert api(nghean).get("/api/appraisals/").json()["count"] == 1


@pytest.mark.parametrize("change, field", [
    ({"due_on": "2025-02-01"}, "due_on"),
    ({"purpose": "promotion"}, "purpose"),
    ({"received_on": "hôm qua"}, "received_on"),
    ({"requesting_body": ""}, "requesting_body"),
])
def test_appraisal_bad_field_answers_400_naming_it(nghean, api, change, field):
    response = api(nghean).post("/api/appraisals/", {**APPRAISAL, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Appraisal.objects.exists()


def test_appraisal_nominee_outside_scope_is_refused(nghean, api):
    stranger = Person.objects.create(full_name="Lê Văn Tám",
                                     unit=Unit.objects.get(code="ha_noi"))
    response = api(nghean).post("/api/appraisals/", {**APPRAISAL, "nominees": [stranger.pk]},
                                format="json")
    assert response.status_code == 400 and "nominees" in response.json()


def test_appraisal_update_bad_field_and_other_unit(nghean, hanoi, api):
    created = api(nghean).post("/api/appraisals/", APPRAISAL, format="json").json()
    url = f"/api/appraisals/{created['id']}/"
    response = api(nghean).patch(url, {"due_on": "2025-01-01"}, format="json")
    assert response.status_code == 400 and "due_on" in response.json()
    assert api(hanoi).patch(url, {"reference": "x"}, format="json").status_code == 404


def test_schema_still_renders(nghean, api):
    response = api(nghean).get("/api/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    for path in ("/api/people/{id}/dossier/", "/api/link-candidates/{id}/decide/",
                 "/api/link-runs/", "/api/appraisals/", "/api/organisations/{id}/"):
        assert path in body, path
