"""The matters and directions pages (moved from tests/web/test_pages.py, issue 18)."""


from oversight.matters.models import Direction, Matter, Reminder


def test_matter_list_filters_and_sorts(web, nghean, make_matter):
    make_matter("nghe_an", title="Alpha vụ án", kind="case", stage="investigation")
    make_matter("nghe_an", title="Beta vụ việc", kind="incident")
    page = web(nghean)
    body = page.get("/matters/?kind=incident").content.decode()
    assert "Beta vụ việc" in body and "Alpha vụ án" not in body
    body = page.get("/matters/?sort=title").content.decode()
    assert body.index("Alpha vụ án") < body.index("Beta vụ việc")
    body = page.get("/matters/?sort=-title").content.decode()
    assert body.index("Beta vụ việc") < body.index("Alpha vụ án")
    partial = page.get("/matters/?q=Beta", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Beta vụ việc" in partial


def test_empty_list_says_so(web, nghean):
    body = web(nghean).get("/matters/").content.decode()
    assert "matter-create" in body or "/matters/new/" in body


def test_create_form_shows_errors_beside_fields_and_saves_nothing(web, nghean, unit):
    response = web(nghean).post("/matters/new/", {"title": "", "kind": "case",
                                                  "responsible_unit": unit("ha_noi").pk,
                                                  "monitored_from": "2024-01-01"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "title" in form.errors and "responsible_unit" in form.errors
    assert "is-invalid" in response.content.decode()
    assert Matter.objects.count() == 0


def test_create_then_move_then_complete(web, nghean, unit):
    page = web(nghean)
    response = page.post("/matters/new/", {
        "title": "Vụ án tham ô tại Sở Y tế", "kind": "case", "monitoring_level": "provincial",
        "responsible_unit": unit("nghe_an").pk, "monitored_from": "2024-01-10",
        "stage": "investigation", "prosecuted_on": "2024-01-05", "loss_amount": "1000",
        "recovered_amount": "0", "corruption": "on"})
    assert response.status_code == 302, response.context["form"].errors
    matter = Matter.objects.get()
    assert matter.kind == "case" and matter.stage == "investigation"
    page.post(f"/matters/{matter.pk}/move/", {"stage": "prosecution", "on": "2024-05-01"})
    matter.refresh_from_db()
    assert matter.stage == "prosecution"
    # A move the rules refuse leaves the matter as it was and says why.
    response = page.post(f"/matters/{matter.pk}/move/", {"stage": "appeal"}, follow=True)
    assert matter.stage == Matter.objects.get().stage == "prosecution"
    assert "alert-danger" in response.content.decode()
    page.post(f"/matters/{matter.pk}/complete/", {"on": "2024-09-01"})
    assert Matter.objects.get().stage == "closed"
    detail = page.get(f"/matters/{matter.pk}/").content.decode()
    assert "timeline" in detail


def test_edit_records_the_change(web, nghean, make_matter, unit):
    matter = make_matter("nghe_an", title="Tên cũ")
    response = web(nghean).post(f"/matters/{matter.pk}/edit/", {
        "title": "Tên mới", "kind": "case", "monitoring_level": "provincial",
        "responsible_unit": unit("nghe_an").pk, "monitored_from": "2024-03-01",
        "stage": matter.stage, "loss_amount": "0", "recovered_amount": "0"})
    assert response.status_code == 302, response.context["form"].errors
    assert Matter.objects.get().title == "Tên mới"
    assert matter.events.filter(kind="updated").exists()


def test_defendant_form(web, nghean, make_matter):
    matter = make_matter("nghe_an", kind="case", stage="investigation")
    response = web(nghean).post(f"/matters/{matter.pk}/defendants/new/", {
        "full_name": "Trần Thị Lan", "prosecuted_on": "2024-05-01",
        "first_instance_on": "2024-04-01"})
    assert response.status_code == 200
    assert "first_instance_on" in response.context["form"].errors
    assert matter.defendants.count() == 0


def test_direction_pages(web, nghean, make_matter, unit):
    matter = make_matter("nghe_an")
    page = web(nghean)
    response = page.post("/directions/new/", {
        "matter": matter.pk, "issuing_body": "steering_committee",
        "addressee": unit("nghe_an").pk, "text": "Báo cáo tiến độ",
        "issued_on": "2024-04-01", "due_on": "2024-04-20"})
    assert response.status_code == 302
    direction = Direction.objects.get()
    assert direction.unit == matter.responsible_unit
    page.post(f"/directions/{direction.pk}/urge/", {"note": "Nhắc lần 1"})
    assert Reminder.objects.filter(direction=direction).count() == 1
    page.post(f"/directions/{direction.pk}/answer/", {"reply": "Đã báo cáo", "done": "on"})
    direction.refresh_from_db()
    assert direction.status == "done"
    listing = page.get("/directions/?status=done").content.decode()
    assert "Báo cáo tiến độ" in listing
