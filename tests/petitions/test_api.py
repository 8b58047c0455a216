"""The petitions API: creation with computed deadlines, the status flow, transfer, extension."""

import datetime as dt

import pytest

from oversight.core.errors import RuleError
from oversight.petitions.models import Petition, PetitionEvent

D = dt.date
HUNG = {"name": "Nguyễn Văn Hùng", "id_number": "040085001234", "address": "Nghi Lộc"}
URL = "/api/petitions/"


def checks(kind):
    from oversight.petitions.choices import checklist_for

    return {k: True for k in checklist_for(kind)}


@pytest.fixture
def officer(nghean):
    return nghean


def create(api, user, **data):
    data.setdefault("unit", "nghe_an")
    data.setdefault("received_on", "2025-01-24")
    data.setdefault("kind", "denunciation")
    data.setdefault("subject", "Tố cáo chủ tịch xã")
    data.setdefault("content", "Chủ tịch xã nhận tiền của dân khi cấp sổ đỏ.")
    if "anonymous" not in data and "petitioners" not in data:
        data.setdefault("petitioner", HUNG)
    return api(user).post(URL, data, format="json")


def test_create_minimal_returns_deadlines(api, officer):
    r = create(api, officer)
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["status"] == "received"
    # A denunciation: the denouncer's identity is sealed, the API shows it as null.
    assert body["identity_protected"] is True
    assert body["petitioners"] == [{"name": None, "id_number": None, "address": None,
                                    "phone": None}]
    assert body["processing_due"] == "2025-02-11"
    assert body["transfer_due"] == "2025-02-07"
    assert body["settlement_due"] is None
    assert "art. 24" in body["deadlines"]["processing_due"]["legal_basis"]
    assert body["deadlines"]["processing_due"]["rule"]


def test_create_needs_petitioner_or_anonymous(api, officer):
    r = api(officer).post(URL, {"unit": "nghe_an", "received_on": "2025-01-24",
                                "kind": "complaint", "subject": "x", "content": "y"},
                          format="json")
    assert r.status_code == 400 and "petitioners" in r.json()
    assert create(api, officer, anonymous=True).status_code == 201
    assert Petition.objects.count() == 1


def test_create_for_another_unit_is_refused(api, officer):
    r = create(api, officer, unit="ha_noi")
    assert r.status_code == 400 and "unit" in r.json()


def imported(api, user, **data):
    """A historical record with a past status, as `oversight import` brings it in (the API's
    serializer with the import's context); then read through the API."""
    from types import SimpleNamespace

    from oversight.petitions.api.serializers import PetitionSerializer

    data.setdefault("unit", "nghe_an")
    data.setdefault("received_on", "2025-01-24")
    data.setdefault("kind", "denunciation")
    data.setdefault("subject", "Tố cáo chủ tịch xã")
    data.setdefault("content", "Chủ tịch xã nhận tiền của dân khi cấp sổ đỏ.")
    data.setdefault("petitioner", HUNG)
    serializer = PetitionSerializer(data=data, context={
        "request": SimpleNamespace(user=user), "imported": True})
    serializer.is_valid(raise_exception=True)
    return api(user).get(f"{URL}{serializer.save().pk}/")


def test_historical_import_computes_deadlines(api, officer):
    r = imported(api, officer, kind="complaint", status="accepted", accepted_on="2025-03-03",
                 complaint_round=2, complexity="complex", remote_area=True,
                 received_on="2025-02-24")
    assert r.status_code == 200, r.json()
    assert r.json()["settlement_due"] == "2025-05-12"  # 3/3 + 70 = 12/5 (a Monday)
    events = api(officer).get(f"{URL}{r.json()['id']}/events/").json()["results"]
    assert any(e["kind"] == "received" and e["changes"] == {"imported": True} for e in events)
    with pytest.raises(RuleError) as refused:
        imported(api, officer, kind="complaint", status="accepted")
    assert refused.value.field == "accepted_on"


@pytest.mark.parametrize("history", [
    {"status": "settled", "accepted_on": "2025-01-25", "settled_on": "2025-01-28",
     "outcome": "upheld"},
    {"status": "accepted", "accepted_on": "2025-01-25"},
    {"accepted_on": "2025-01-25"},
])
def test_a_past_status_through_the_api_is_refused(api, officer, history):
    """A petition with a past status comes only through `oversight import`; the API would
    otherwise skip the whole workflow. Nothing is written."""
    r = create(api, officer, kind="complaint", **history)
    assert r.status_code == 400 and "status" in r.json(), r.json()
    assert Petition.objects.count() == 0
    assert create(api, officer, kind="complaint", status="received").status_code == 201
    r = create(api, officer, complaint_round=3, kind="complaint")
    assert r.status_code == 400 and "complaint_round" in r.json()


def test_full_flow_and_events(api, officer):
    pk = create(api, officer).json()["id"]
    c = api(officer)
    r = c.post(f"{URL}{pk}/accept/", {}, format="json")
    assert r.status_code == 400 and "status" in r.json()
    r = c.post(f"{URL}{pk}/classify/", {"checklist": checks("denunciation"), "on": "2025-02-03"},
               format="json")
    assert r.status_code == 200 and r.json()["classification"] == "eligible"
    r = c.post(f"{URL}{pk}/accept/", {"on": "2025-02-04"}, format="json")
    body = r.json()
    assert body["status"] == "accepted"
    assert body["notice_due"] == "2025-02-11"
    assert body["settlement_due"] == "2025-03-06"
    r = c.post(f"{URL}{pk}/settle/", {"outcome": "bogus"}, format="json")
    assert r.status_code == 400 and "outcome" in r.json()
    r = c.post(f"{URL}{pk}/settle/", {"outcome": "partly_upheld", "on": "2025-03-01"},
               format="json")
    assert r.json()["status"] == "settled"
    r = c.post(f"{URL}{pk}/classify/", {"checklist": {}}, format="json")
    assert r.status_code == 400 and "status" in r.json()
    events = c.get(f"{URL}{pk}/events/").json()["results"]
    kinds = [e["kind"] for e in events]
    assert kinds.count("status_changed") == 3 and "classified" in kinds and "received" in kinds
    assert all(e["by"] == "nghean" for e in events)


def test_ineligible_cannot_be_accepted_and_reason_is_recorded(api, officer):
    pk = create(api, officer, kind="complaint").json()["id"]
    c = api(officer)
    partial = checks("complaint") | {"signature": False}
    r = c.post(f"{URL}{pk}/classify/", {"checklist": partial}, format="json")
    assert r.json()["classification"] == "not_eligible"
    assert "Signature" in r.json()["ineligibility_reason"] or r.json()["ineligibility_reason"]
    r = c.post(f"{URL}{pk}/accept/", {}, format="json")
    assert r.status_code == 400 and "classification" in r.json()
    r = c.post(f"{URL}{pk}/not-accept/", {"reason": ""}, format="json")
    assert r.status_code == 400 and "reason" in r.json()
    r = c.post(f"{URL}{pk}/not-accept/", {"reason": "Không có chữ ký"}, format="json")
    assert r.json()["status"] == "not_accepted"


def test_anonymous_denunciation(api, officer):
    pk = create(api, officer, anonymous=True).json()["id"]
    c = api(officer)
    r = c.post(f"{URL}{pk}/classify/", {"checklist": checks("denunciation"),
                                        "verify_as_information": True}, format="json")
    assert r.json()["classification"] == "verify_as_information"
    r = c.post(f"{URL}{pk}/accept/", {}, format="json")
    assert r.status_code == 400 and "classification" in r.json()
    r = c.post(f"{URL}{pk}/file/", {}, format="json")
    assert r.json()["status"] == "filed"
    pk2 = create(api, officer, anonymous=True).json()["id"]
    r = c.post(f"{URL}{pk2}/classify/", {"checklist": checks("denunciation")}, format="json")
    assert r.json()["classification"] == "not_eligible"


def test_repeat_without_new_evidence_is_filed(api, officer):
    pk = create(api, officer, kind="complaint").json()["id"]
    c = api(officer)
    r = c.post(f"{URL}{pk}/classify/", {"checklist": checks("complaint"),
                                        "repeat_of_settled": True}, format="json")
    assert r.json()["classification"] == "repeat"
    assert c.post(f"{URL}{pk}/accept/", {}, format="json").status_code == 400
    r = c.post(f"{URL}{pk}/file/", {}, format="json")
    assert r.json()["status"] == "filed" and r.json()["classification"] == "repeat"
    assert r.json()["decision_reason"]  # the reason is recorded (in the language of the day)


def test_guide_needs_where(api, officer):
    pk = create(api, officer, kind="reflection").json()["id"]
    c = api(officer)
    c.post(f"{URL}{pk}/classify/", {"checklist": checks("reflection")}, format="json")
    r = c.post(f"{URL}{pk}/guide/", {}, format="json")
    assert r.status_code == 400 and "guided_to" in r.json()
    r = c.post(f"{URL}{pk}/guide/", {"guided_to": "Tòa án nhân dân tỉnh"}, format="json")
    assert r.json()["status"] == "guided"


@pytest.mark.parametrize("complexity,allowed", [
    ("normal", []), ("complex", [30]), ("especially_complex", [30, 30]),
])
def test_extension_allowance(api, officer, complexity, allowed):
    r = imported(api, officer, status="accepted", accepted_on="2025-03-03",
                 complexity=complexity, received_on="2025-02-24")
    pk = r.json()["id"]
    due = r.json()["settlement_due"]
    c = api(officer)
    assert c.post(f"{URL}{pk}/extend/", {"days": 31, "reason": "x", "on": "2025-03-20"},
                  format="json").status_code == 400
    for days in allowed:
        r = c.post(f"{URL}{pk}/extend/", {"days": days, "reason": "Phức tạp",
                                          "on": "2025-03-20"}, format="json")
        assert r.status_code == 200, r.json()
        assert r.json()["settlement_due"] > due
        due = r.json()["settlement_due"]
    r = c.post(f"{URL}{pk}/extend/", {"days": 10, "reason": "Lần nữa", "on": "2025-03-20"},
               format="json")
    assert r.status_code == 400 and "days" in r.json()
    assert PetitionEvent.objects.filter(petition_id=pk, kind="extended").count() == len(allowed)


def test_extension_moves_settlement_due(api, officer):
    r = imported(api, officer, status="accepted", accepted_on="2025-03-03",
                 complexity="complex", received_on="2025-02-24")
    pk = r.json()["id"]
    assert r.json()["settlement_due"] == "2025-04-02"
    r = api(officer).post(f"{URL}{pk}/extend/", {"days": 30, "reason": "Phức tạp",
                                                 "on": "2025-04-01"}, format="json")
    # One period from acceptance: 3/3 + 60 = 2/5, a day off (swapped for Saturday 26/4), then
    # a weekend: the deadline is Monday 5/5.
    assert r.json()["settlement_due"] == "2025-05-05"


def test_extension_without_reason_refused(api, officer):
    pk = imported(api, officer, status="accepted", accepted_on="2025-03-03",
                  complexity="complex", received_on="2025-02-24").json()["id"]
    r = api(officer).post(f"{URL}{pk}/extend/", {"days": 5}, format="json")
    assert r.status_code == 400 and "reason" in r.json()


def test_transfer_creates_linked_record_and_sender_sees_progress(api, officer, hanoi):
    pk = create(api, officer).json()["id"]
    c = api(officer)
    c.post(f"{URL}{pk}/classify/", {"checklist": checks("denunciation")}, format="json")
    r = c.post(f"{URL}{pk}/transfer/", {"to_unit": "nghe_an"}, format="json")
    assert r.status_code == 400 and "to_unit" in r.json()
    r = c.post(f"{URL}{pk}/transfer/", {"to_unit": "ha_noi", "reason": "Thuộc thẩm quyền HN"},
               format="json")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "transferred"
    assert body["transfers"][0]["unit"] == "ha_noi"
    assert body["transfers"][0]["status"] == "received"
    assert "content" not in body["transfers"][0]
    # The receiver sees it in its queue, linked to the original.
    queue = api(hanoi).get(URL).json()["results"]
    assert len(queue) == 1
    new = queue[0]
    assert new["channel"] == "transferred"
    assert new["transferred_from"] == {"id": pk, "unit": "nghe_an"}
    # The receiver progresses; the sender sees the new status, not the record.
    h = api(hanoi)
    h.post(f"{URL}{new['id']}/classify/", {"checklist": checks("denunciation")}, format="json")
    h.post(f"{URL}{new['id']}/accept/", {}, format="json")
    body = c.get(f"{URL}{pk}/").json()
    assert body["transfers"][0]["status"] == "accepted"
    assert c.get(f"{URL}{new['id']}/").status_code == 404


def test_filters(api, officer):
    create(api, officer, kind="complaint", received_on="2025-01-02")
    create(api, officer, kind="denunciation", received_on="2025-03-02")
    c = api(officer)
    assert c.get(URL, {"kind": "complaint"}).json()["count"] == 1
    assert c.get(URL, {"received_after": "2025-02-01"}).json()["count"] == 1
    assert c.get(URL, {"received_before": "2025-02-01"}).json()["count"] == 1
    assert c.get(URL, {"status": "received"}).json()["count"] == 2
    assert c.get(URL, {"overdue": "true"}).json()["count"] == 2  # long past, still open
    assert c.get(URL, {"overdue": "false"}).json()["count"] == 0
    assert c.get(URL, {"unit": "nghe_an"}).json()["count"] == 2
    assert c.get(URL, {"unit": "ha_noi"}).json()["count"] == 0


def test_receptions_and_hotspots_api(api, officer):
    c = api(officer)
    h = c.post("/api/hotspots/", {"unit": "nghe_an", "name": "Khiếu kiện đất đai xã Nghi Sơn",
                                  "started_on": "2024-05-01"}, format="json")
    assert h.status_code == 201, h.json()
    pk = create(api, officer, kind="complaint").json()["id"]
    r = c.post("/api/receptions/", {"unit": "nghe_an", "held_on": "2025-03-15",
                                    "host": "Bí thư Tỉnh ủy", "dialogue": True,
                                    "citizen_count": 12, "group_size": 12,
                                    "hotspot": h.json()["id"], "petitions": [pk]},
               format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["petitions"] == [pk]
    detail = c.get(f"/api/hotspots/{h.json()['id']}/").json()
    assert detail["reception_count"] == 1
    r = c.patch(f"/api/hotspots/{h.json()['id']}/", {"status": "resolved"}, format="json")
    assert r.json()["status"] == "resolved"
    r = c.post("/api/receptions/", {"unit": "nghe_an", "held_on": "2025-03-15"}, format="json")
    assert r.status_code == 400 and "host" in r.json()


def test_urge_a_transferred_petition(api, nghean, make_petition, checklist, unit):
    from oversight.petitions import actions
    from oversight.petitions.models import PetitionEvent

    p = make_petition(kind="recommendation")
    p = actions.classify(p, by=None, checklist=checklist("recommendation"))
    url = f"/api/petitions/{p.pk}/urge/"
    refused = api(nghean).post(url, {"reason": "x"}, format="json")
    assert refused.status_code == 400 and "status" in refused.json()
    actions.transfer(p, by=None, to_unit=unit("ha_tinh"))
    ok = api(nghean).post(url, {"reason": "Đề nghị báo cáo kết quả"}, format="json")
    assert ok.status_code == 200
    assert PetitionEvent.objects.filter(petition=p, kind="urged").count() == 1


def test_classify_refuses_unknown_checklist_items(api, officer):
    pk = create(api, officer).json()["id"]
    c = api(officer)
    r = c.post(f"{URL}{pk}/classify/", {"checklist": {**checks("denunciation"), "bogus": True}},
               format="json")
    assert r.status_code == 400 and "bogus" in r.json()["checklist"][0]
    assert Petition.objects.get(pk=pk).status == "received"
    # Control: the known items alone are accepted.
    r = c.post(f"{URL}{pk}/classify/", {"checklist": checks("denunciation")}, format="json")
    assert r.status_code == 200 and r.json()["classification"] == "eligible"
