"""The API: nested conclusions with their directions, errors naming the field, scope."""

import datetime as dt

import pytest

from oversight.committees.models import CommitteeDocument, Meeting

D = dt.date


def test_meeting_with_conclusions_and_directions(api, nghean):
    client = api(nghean)
    response = client.post("/api/meetings/", {
        "unit": "nghe_an", "body": "steering_committee", "kind": "session",
        "title": "Phiên họp thứ 12", "held_on": "2024-03-15", "chair": "Bí thư"},
        format="json")
    assert response.status_code == 201, response.json()
    meeting_id = response.json()["id"]
    response = client.post(f"/api/meetings/{meeting_id}/conclusions/", {
        "text": "Kết thúc điều tra vụ án",
        "directions": [{"addressee": "nghe_an", "due_on": "2024-04-30"}]}, format="json")
    assert response.status_code == 201, response.json()
    conclusion = response.json()
    assert conclusion["directions"][0]["status"] == "overdue"
    response = client.post(f"/api/conclusions/{conclusion['id']}/directions/", {
        "addressee": "nghe_an", "text": "Báo cáo", "due_on": "2099-01-01"}, format="json")
    assert response.status_code == 201, response.json()
    body = client.get(f"/api/meetings/{meeting_id}/").json()
    statuses = [d["status"] for d in body["conclusions"][0]["directions"]]
    assert sorted(statuses) == ["open", "overdue"]


@pytest.mark.parametrize("url,data,field", [
    ("/api/meetings/", {"unit": "nghe_an", "title": "x", "held_on": "2099-01-01",
                        "chair": "a"}, "held_on"),
    ("/api/meetings/", {"unit": "ha_noi", "title": "x", "held_on": "2024-01-01",
                        "chair": "a"}, "unit"),
    ("/api/meetings/", {"unit": "nghe_an", "held_on": "2024-01-01", "chair": "a"}, "title"),
    ("/api/inspections/", {"unit": "nghe_an", "topic": "x", "period_start": "2024-05-01",
                           "period_end": "2024-04-01"}, "period_end"),
    ("/api/inspections/", {"unit": "nghe_an", "topic": "x", "period_start": "2024-05-01",
                           "period_end": "2024-06-01", "status": "concluded"}, "concluded_on"),
    ("/api/emulation-targets/", {"cluster": "cluster_ii", "unit": "nghe_an", "year": 2025,
                                 "indicator": "nope", "target": 3}, "indicator"),
    ("/api/emulation-targets/", {"cluster": "cluster_ii", "unit": "ha_noi", "year": 2025,
                                 "indicator": "meetings", "target": 3}, "unit"),
    ("/api/committee-documents/", {"unit": "nghe_an", "kind": "plan", "title": "x",
                                   "status": "issued"}, "issued_on"),
    ("/api/projects/", {"unit": "nghe_an", "kind": "project", "title": "x",
                        "status": "approved", "submitted_on": "2024-05-01",
                        "approved_on": "2024-04-01"}, "approved_on"),
])
def test_errors_name_the_field(api, nghean, url, data, field):
    response = api(nghean).post(url, data, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_nested_errors_name_the_field(api, nghean, make_meeting, make_inspection,
                                      make_matter):
    meeting = make_meeting()
    client = api(nghean)
    response = client.post(f"/api/meetings/{meeting.pk}/conclusions/", {
        "text": "x", "directions": [{"addressee": "nghe_an", "due_on": "2024-01-01"}]},
        format="json")
    assert response.status_code == 400 and "due_on" in response.json()
    assert not meeting.conclusions.exists()
    other = make_matter("ha_noi")
    response = client.post(f"/api/meetings/{meeting.pk}/agenda/",
                           {"title": "x", "matters": [other.pk]}, format="json")
    assert response.status_code == 400 and "matters" in response.json()
    inspection = make_inspection()
    response = client.post(f"/api/inspections/{inspection.pk}/recommendations/",
                           {"text": "x", "due_on": "2024-01-01"}, format="json")
    assert response.status_code == 400 and "due_on" in response.json()


def test_finding_opens_a_matter_through_the_api(api, nghean, make_inspection):
    inspection = make_inspection()
    client = api(nghean)
    finding = client.post(f"/api/inspections/{inspection.pk}/findings/",
                          {"text": "Sai phạm", "severity": "serious"}, format="json").json()
    response = client.post(f"/api/findings/{finding['id']}/open-matter/",
                           {"monitored_from": "2024-05-01"}, format="json")
    assert response.status_code == 201
    assert client.get(f"/api/findings/{finding['id']}/").json()["matter"] == \
        response.json()["id"]
    again = client.post(f"/api/findings/{finding['id']}/open-matter/", {}, format="json")
    assert again.status_code == 400 and "matter" in again.json()


def test_analyst_reads_but_cannot_write_a_province(api, analyst, make_meeting):
    meeting = make_meeting()
    assert api(analyst).get(f"/api/meetings/{meeting.pk}/").status_code == 200
    response = api(analyst).patch(f"/api/meetings/{meeting.pk}/", {"title": "y"},
                                  format="json")
    assert response.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).title == meeting.title


def test_lists_are_paginated_and_sorted(api, nghean, unit):
    from oversight.committees import actions

    for day in (5, 1, 3):
        actions.save_document(by=None, unit=unit("nghe_an"), kind="plan", title=f"VB {day}",
                              status="issued", issued_on=D(2024, 1, day))
    body = api(nghean).get("/api/committee-documents/?ordering=issued_on&page_size=2").json()
    assert body["count"] == 3 and [d["title"] for d in body["results"]] == ["VB 1", "VB 3"]
    assert CommitteeDocument.objects.count() == 3
