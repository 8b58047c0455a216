import datetime as dt

import pytest

from oversight.matters.models import Matter, MatterEvent


def create(client, **overrides):
    payload = {"kind": "incident", "title": "Sai phạm đất đai tại Vinh",
               "responsible_unit": "nghe_an", "monitored_from": "2024-02-01",
               "criteria": ["several_bodies"], "loss_amount": 5_000_000_000}
    payload.update(overrides)
    return client.post("/api/matters/", payload, format="json")


def test_token_login_and_use(api, nghean):
    anonymous = api()
    assert anonymous.get("/api/matters/").status_code in (401, 403)
    token = anonymous.post("/api/auth/token/", {"username": "nghean", "password": "pw-nghean"},
                           format="json").json()["token"]
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anonymous.get("/api/matters/").status_code == 200


def test_wrong_password_is_a_json_error(api, nghean):
    response = api().post("/api/auth/token/", {"username": "nghean", "password": "x"},
                          format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_create_matter_records_the_event(api, nghean):
    response = create(api(nghean))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["responsible_unit"] == "nghe_an"
    assert body["stage"] == "verification"
    events = api(nghean).get(f"/api/matters/{body['id']}/events/").json()["results"]
    assert [e["kind"] for e in events] == ["created"]
    assert events[0]["by"] == "nghean"


def test_validation_errors_name_the_field(api, nghean):
    response = api(nghean).post("/api/matters/", {"title": "x", "kind": "bogus"}, format="json")
    assert response.status_code == 400
    assert {"kind", "responsible_unit", "monitored_from"} <= set(response.json())
    assert Matter.objects.count() == 0


def test_cannot_create_for_another_unit(api, nghean):
    response = create(api(nghean), responsible_unit="ha_noi")
    assert response.status_code == 400
    assert "responsible_unit" in response.json()


def test_future_date_refused(api, nghean):
    response = create(api(nghean), monitored_from=(dt.date.today() + dt.timedelta(days=3))
                      .isoformat())
    assert response.status_code == 400
    assert "monitored_from" in response.json()


def test_historical_matter_at_any_stage_with_past_dates(api, nghean):
    response = create(api(nghean), kind="case", stage="appeal", prosecuted_on="2022-05-01",
                      monitored_from="2022-06-01")
    assert response.status_code == 201, response.json()
    assert response.json()["stage"] == "appeal"
    matter_id = response.json()["id"]
    # After creation, moves follow the rules.
    bad = api(nghean).patch(f"/api/matters/{matter_id}/", {"stage": "investigation"},
                            format="json")
    assert bad.status_code == 400 and "stage" in bad.json()
    ok = api(nghean).patch(f"/api/matters/{matter_id}/", {"stage": "enforcement"}, format="json")
    assert ok.status_code == 200 and ok.json()["stage"] == "enforcement"


@pytest.mark.parametrize("path,ok", [
    (["inspection", "investigation", "prosecution", "first_instance", "appeal", "enforcement",
      "closed"], True),
    (["investigation", "prosecution", "first_instance", "enforcement", "closed"], True),
    (["prosecution"], False),
    (["inspection", "prosecution"], False),
])
def test_stage_moves_through_the_api(api, nghean, path, ok):
    matter_id = create(api(nghean)).json()["id"]
    # a trial needs a defendant (matters/stages.py REQUIRES)
    assert api(nghean).post(f"/api/matters/{matter_id}/defendants/", {
        "full_name": "Nguyễn Văn A", "prosecuted_on": "2024-06-01"},
        format="json").status_code == 201
    results = [api(nghean).post(f"/api/matters/{matter_id}/move/", {"stage": s, "on": "2024-06-01"},
                                format="json") for s in path]
    if ok:
        assert all(r.status_code == 200 for r in results)
        assert Matter.objects.get(pk=matter_id).stage == path[-1]
    else:
        assert results[-1].status_code == 400
        assert "stage" in results[-1].json()


def test_entering_investigation_makes_an_incident_a_case(api, nghean):
    matter_id = create(api(nghean)).json()["id"]
    api(nghean).post(f"/api/matters/{matter_id}/move/", {"stage": "investigation",
                                                         "on": "2024-03-05"}, format="json")
    matter = Matter.objects.get(pk=matter_id)
    assert matter.kind == "case" and matter.prosecuted_on == dt.date(2024, 3, 5)


def test_prosecuted_on_turns_an_incident_into_a_case(api, nghean):
    matter_id = create(api(nghean)).json()["id"]
    response = api(nghean).patch(f"/api/matters/{matter_id}/", {"prosecuted_on": "2024-04-01"},
                                 format="json")
    assert response.json()["kind"] == "case"
    assert MatterEvent.objects.filter(matter_id=matter_id, kind="proceedings_instituted").exists()


@pytest.mark.parametrize("stage", ["verification", "investigation", "first_instance"])
def test_completed_on_closes_from_any_stage(api, nghean, stage):
    matter_id = create(api(nghean), stage=stage, kind="case").json()["id"]
    response = api(nghean).post(f"/api/matters/{matter_id}/complete/", {"on": "2024-09-01"},
                                format="json")
    assert response.status_code == 200
    assert response.json()["stage"] == "closed"
    assert response.json()["completed_on"] == "2024-09-01"
    again = api(nghean).post(f"/api/matters/{matter_id}/complete/", {"on": "2024-09-02"},
                             format="json")
    assert again.status_code == 400 and "completed_on" in again.json()


def test_completion_before_monitoring_refused(api, nghean):
    matter_id = create(api(nghean)).json()["id"]
    response = api(nghean).patch(f"/api/matters/{matter_id}/", {"completed_on": "2023-01-01"},
                                 format="json")
    assert response.status_code == 400 and "completed_on" in response.json()


def test_update_records_before_and_after(api, nghean):
    matter_id = create(api(nghean)).json()["id"]
    api(nghean).patch(f"/api/matters/{matter_id}/", {"title": "Tên mới", "loss_amount": 7},
                      format="json")
    event = MatterEvent.objects.get(matter_id=matter_id, kind="updated")
    assert event.changes["title"] == ["Sai phạm đất đai tại Vinh", "Tên mới"]
    assert event.changes["loss_amount"] == [5_000_000_000, 7]
    assert Matter.objects.get(pk=matter_id).version == 2


def test_defendants(api, nghean):
    matter_id = create(api(nghean), kind="case", stage="investigation",
                       prosecuted_on="2024-02-01").json()["id"]
    url = f"/api/matters/{matter_id}/defendants/"
    response = api(nghean).post(url, {"full_name": "Nguyễn Văn Hùng", "position": "Giám đốc",
                                      "office_level": "provincial", "office_status": "retired",
                                      "charge": "Tham ô tài sản", "prosecuted_on": "2024-02-10"},
                                format="json")
    assert response.status_code == 201
    bad = api(nghean).post(url, {"full_name": "X", "prosecuted_on": "2024-05-01",
                                 "first_instance_on": "2024-04-01"}, format="json")
    assert bad.status_code == 400 and "first_instance_on" in bad.json()
    assert len(api(nghean).get(url).json()) == 1
    assert api(nghean).get(f"/api/matters/{matter_id}/").json()["defendant_count"] == 1


def test_filters(api, nghean, quangtri, make_matter):
    make_matter("nghe_an", title="A", kind="case", stage="investigation",
                monitored_from=dt.date(2023, 5, 1))
    make_matter("nghe_an", title="B", kind="incident", monitored_from=dt.date(2024, 5, 1),
                completed_on=dt.date(2024, 8, 1))
    make_matter("quang_binh", title="C", monitored_from=dt.date(2024, 1, 1))
    make_matter("quang_tri", title="D", monitored_from=dt.date(2025, 8, 1))

    def titles(client, query):
        return sorted(m["title"] for m in client.get(f"/api/matters/?{query}").json()["results"])

    assert titles(api(nghean), "kind=case") == ["A"]
    assert titles(api(nghean), "stage=investigation") == ["A"]
    assert titles(api(nghean), "completed=true") == ["B"]
    assert titles(api(nghean), "completed=false") == ["A"]
    assert titles(api(nghean), "monitored_from_after=2024-01-01") == ["B"]
    assert titles(api(nghean), "monitored_from_before=2023-12-31") == ["A"]
    # Quảng Trị includes its predecessor Quảng Bình.
    assert titles(api(quangtri), "") == ["C", "D"]
    assert titles(api(quangtri), "unit=quang_tri") == ["C", "D"]
    assert titles(api(quangtri), "unit=quang_binh") == ["C"]
    assert api(nghean).get("/api/matters/?ordering=title").json()["results"][0]["title"] == "A"


def test_pagination(api, nghean, make_matter):
    for i in range(7):
        make_matter("nghe_an", title=f"M{i}")
    page = api(nghean).get("/api/matters/?page_size=3&page=3").json()
    assert page["count"] == 7 and len(page["results"]) == 1 and page["next"] is None


def test_central_analyst_reads_all_but_changes_only_own_unit(api, analyst, make_matter):
    hanoi_matter = make_matter("ha_noi")
    assert api(analyst).get(f"/api/matters/{hanoi_matter.pk}/").status_code == 200
    response = api(analyst).patch(f"/api/matters/{hanoi_matter.pk}/", {"title": "x"},
                                  format="json")
    assert response.status_code == 403


def test_a_matter_may_start_at_the_stage_it_has_reached(api, nghean):
    """Unlike a petition, a matter is put under monitoring where it stands (issue 13)."""
    response = create(api(nghean), stage="prosecution")
    assert response.status_code == 201, response.json()
    assert response.json()["stage"] == "prosecution"
