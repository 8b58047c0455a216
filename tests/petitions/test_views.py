"""Web pages: intake, action forms with errors beside the field, lists and filters."""

import datetime as dt

from oversight.petitions import actions
from oversight.petitions.models import Petition, Reception
from oversight.units.models import Unit


def intake(**extra):
    data = {"unit": Unit.objects.get(code="nghe_an").pk, "received_on": "2025-03-03",
            "channel": "post", "kind": "complaint", "subject": "Khiếu nại bồi thường",
            "content": "Khiếu nại quyết định thu hồi đất", "complexity": "normal",
            "complaint_round": "1", "signatory_count": "1",
            "petitioner_name": "Nguyễn Văn Hùng", "petitioner_id_number": "0400",
            "respondents_text": "UBND huyện Nghi Lộc; ; Nghệ An"}
    data.update(extra)
    return data


def test_intake_creates_and_redirects(web, nghean):
    r = web(nghean).post("/petitions/new/", intake(
        other_petitioners="Trần Thị Lan; 0401; Nghi Lộc; 0912"))
    p = Petition.objects.get()
    assert r.status_code == 302 and r.url == f"/petitions/{p.pk}/"
    assert [x["name"] for x in p.petitioners] == ["Nguyễn Văn Hùng", "Trần Thị Lan"]
    assert p.signatory_count == 2 and p.respondents[0]["name"] == "UBND huyện Nghi Lộc"
    page = web(nghean).get(r.url).content.decode()
    assert "Luật Khiếu nại" in page and p.acceptance_due.strftime("%d/%m/%Y") in page


def test_intake_errors_beside_field_and_nothing_created(web, nghean):
    r = web(nghean).post("/petitions/new/", intake(petitioner_name="", received_on="bad"))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="id_petitioner_name"' in html and "is-invalid" in html
    assert "anonymous" in html.lower()
    assert Petition.objects.count() == 0


def test_intake_future_date_is_refused_beside_the_field(web, nghean):
    future = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    r = web(nghean).post("/petitions/new/", intake(received_on=future))
    assert r.status_code == 200 and Petition.objects.count() == 0
    html = r.content.decode()
    assert 'class="form-control is-invalid" id="id_received_on"' in html or \
        "is-invalid" in html.split('id="id_received_on"')[0][-200:]


def test_intake_for_other_unit_is_refused(web, nghean):
    r = web(nghean).post("/petitions/new/", intake(unit=Unit.objects.get(code="ha_noi").pk))
    assert r.status_code == 200 and Petition.objects.count() == 0


def test_duplicates_partial(web, nghean, make_petition):
    make_petition(content="Khiếu nại quyết định thu hồi đất")
    r = web(nghean).post("/petitions/duplicates/", intake(), HTTP_HX_REQUEST="true")
    assert "same petitioner" in r.content.decode() or "cùng" in r.content.decode() or \
        "#1" in r.content.decode()


def test_classify_and_accept_through_pages(web, nghean, make_petition, checklist):
    p = make_petition()
    c = web(nghean)
    data = {f"check_{k}": "on" for k in checklist(p.kind)} | {"on": "2025-03-04"}
    assert c.post(f"/petitions/{p.pk}/classify/", data).status_code == 302
    assert c.post(f"/petitions/{p.pk}/accept/", {"on": "2025-03-05"}).status_code == 302
    p.refresh_from_db()
    assert p.status == "accepted" and p.settlement_due is not None


def test_action_error_rerenders_with_field_error(web, nghean, make_petition, checklist):
    p = make_petition(kind="denunciation", complexity="complex", status="accepted",
                      accepted_on=dt.date(2025, 3, 5))
    c = web(nghean)
    r = c.post(f"/petitions/{p.pk}/extend/", {"days": "45", "reason": "Phức tạp"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "30" in html and "is-invalid" in html
    p.refresh_from_db()
    assert p.extensions == []
    r = c.post(f"/petitions/{p.pk}/settle/", {"outcome": ""})
    assert r.status_code == 400
    p.refresh_from_db()
    assert p.status == "accepted"


def test_refused_move_shows_error(web, nghean, make_petition):
    p = make_petition()
    r = web(nghean).post(f"/petitions/{p.pk}/accept/", {})
    assert r.status_code == 400 and p.events.count() == 1


def test_transfer_page_shows_receiver_progress(web, nghean, make_petition, checklist):
    p = make_petition()
    p = actions.classify(p, by=None, checklist=checklist(p.kind), on=dt.date(2025, 3, 4))
    r = web(nghean).post(f"/petitions/{p.pk}/transfer/",
                         {"to_unit": Unit.objects.get(code="ha_noi").pk})
    assert r.status_code == 302
    page = web(nghean).get(f"/petitions/{p.pk}/").content.decode()
    assert "Progress at the receiving unit" in page or "ha_noi" in page or "Hà Nội" in page


def test_list_filters_and_overdue(web, nghean, make_petition):
    make_petition(kind="reflection", subject="Phản ánh A")
    make_petition(kind="complaint", subject="Khiếu nại B", status="settled",
                  accepted_on=dt.date(2025, 3, 5), settled_on=dt.date(2025, 3, 20),
                  outcome="rejected")
    c = web(nghean)
    html = c.get("/petitions/", {"overdue": "true"}).content.decode()
    assert "Phản ánh A" in html and "Khiếu nại B" not in html
    html = c.get("/petitions/", {"kind": "complaint", "sort": "-next_due"}).content.decode()
    assert "Khiếu nại B" in html and "Phản ánh A" not in html
    assert c.get("/petitions/", HTTP_HX_REQUEST="true").status_code == 200
    # the list opens again with the filters and sort it was left with, until they are cleared
    assert c.get("/petitions/")["Location"] == "/petitions/?kind=complaint&sort=-next_due"
    assert c.get("/petitions/", {"clear": "1"})["Location"] == "/petitions/"
    html = c.get("/petitions/").content.decode()
    assert "Khiếu nại B" in html and "Phản ánh A" in html


def test_dashboard_has_overdue_petitions(web, nghean, make_petition):
    make_petition(kind="reflection", subject="Phản ánh quá hạn")
    assert "Phản ánh quá hạn" in web(nghean).get("/").content.decode()


def test_reception_form_and_missing_months(web, nghean):
    c = web(nghean)
    r = c.post("/receptions/new/", {"unit": Unit.objects.get(code="nghe_an").pk,
                                    "held_on": "", "host": ""})
    assert r.status_code == 200 and Reception.objects.count() == 0
    assert "is-invalid" in r.content.decode()
    today = dt.date.today()
    r = c.post("/receptions/new/", {
        "unit": Unit.objects.get(code="nghe_an").pk, "held_on": today.isoformat(),
        "host": "Bí thư Tỉnh ủy", "host_role": "party_secretary", "kind": "regular",
        "citizen_count": "3", "group_size": "0"})
    assert r.status_code == 302
    r = c.get("/receptions/")
    missing = r.context["missing_months"]
    assert dt.date(today.year, today.month, 1) not in missing
    assert len(missing) == 12  # the other twelve months shown without a reception
    assert "Months without a reception" in r.content.decode() or "tháng" in r.content.decode()


def test_hotspot_pages(web, nghean, make_petition):
    c = web(nghean)
    r = c.post("/hotspots/new/", {"unit": Unit.objects.get(code="nghe_an").pk, "name": "",
                                  "started_on": "2024-01-01", "status": "active"})
    assert r.status_code == 200
    r = c.post("/hotspots/new/", {"unit": Unit.objects.get(code="nghe_an").pk,
                                  "name": "Khiếu kiện xã Nghi Sơn", "started_on": "2024-01-01",
                                  "status": "active"})
    assert r.status_code == 302
    p = make_petition(subject="Đơn tập thể Nghi Sơn", signatory_count=40)
    c.post(f"/petitions/{p.pk}/hotspot/", {"hotspot": p.unit.hotspots.get().pk})
    html = c.get(r.url).content.decode()
    assert "Đơn tập thể Nghi Sơn" in html and "40" in html
    assert "Khiếu kiện xã Nghi Sơn" in c.get("/hotspots/").content.decode()


def test_destruction_page(web, nghean, make_petition, checklist):
    p = make_petition(received_on=dt.date(2024, 3, 1))
    p = actions.classify(p, by=None, checklist=checklist(p.kind), on=dt.date(2024, 3, 2),
                         repeat_of_settled=True)
    actions.file(p, by=None, on=dt.date(2024, 3, 2))
    c = web(nghean)
    assert p.subject in c.get("/petitions/destruction/").content.decode()
    r = c.post("/petitions/destruction/", {"petitions": [p.pk], "decision": "QĐ 7"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.destruction_decision == "QĐ 7"
