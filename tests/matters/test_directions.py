import datetime as dt

from oversight.matters.models import Direction, MatterEvent, Reminder


def test_issue_direction_through_the_api(api, nghean, make_matter, unit):
    matter = make_matter("nghe_an")
    response = api(nghean).post("/api/directions/", {
        "matter": matter.pk, "addressee": "nghe_an", "text": "Khẩn trương điều tra",
        "issued_on": "2024-04-01", "due_on": "2024-05-01"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["unit"] == "nghe_an"
    assert response.json()["status"] == "overdue"  # open and past its deadline
    assert MatterEvent.objects.filter(matter=matter, kind="direction_issued").exists()


def test_deadline_before_issue_refused(api, nghean, make_matter):
    matter = make_matter("nghe_an")
    response = api(nghean).post("/api/directions/", {
        "matter": matter.pk, "addressee": "nghe_an", "text": "x",
        "issued_on": "2024-04-01", "due_on": "2024-03-01"}, format="json")
    assert response.status_code == 400 and "due_on" in response.json()
    assert Direction.objects.count() == 0


def test_cannot_direct_about_another_units_matter(api, nghean, make_matter):
    matter = make_matter("ha_noi")
    response = api(nghean).post("/api/directions/", {
        "matter": matter.pk, "addressee": "ha_noi", "text": "x",
        "issued_on": "2024-04-01", "due_on": "2024-05-01"}, format="json")
    assert response.status_code == 400 and "matter" in response.json()


def test_status_open_done_overdue(make_direction):
    today = dt.date(2024, 6, 1)
    open_one = make_direction(due_on=dt.date(2024, 6, 30))
    late = make_direction(due_on=dt.date(2024, 5, 31))
    assert open_one.current_status(today) == "open"
    assert late.current_status(today) == "overdue"
    statuses = dict(Direction.objects.with_status(today).values_list("pk", "status_now"))
    assert statuses == {open_one.pk: "open", late.pk: "overdue"}
    assert list(Direction.objects.overdue(today)) == [late]


def test_urge_and_answer(api, nghean, make_direction):
    direction = make_direction()
    url = f"/api/directions/{direction.pk}/"
    response = api(nghean).post(url + "urge/", {"note": "Đề nghị báo cáo",
                                                "new_due_on": "2030-01-01"}, format="json")
    assert response.status_code == 201
    assert Reminder.objects.filter(direction=direction).count() == 1
    assert MatterEvent.objects.filter(kind="direction_urged").count() == 1
    assert api(nghean).get(url).json()["status"] == "open"  # the new deadline is ahead
    done = api(nghean).patch(url, {"reply": "Đã hoàn thành", "done_on": "2024-06-10"},
                             format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    again = api(nghean).post(url + "urge/", {}, format="json")
    assert again.status_code == 400 and "status" in again.json()


def test_status_filter(api, nghean, make_direction):
    make_direction(due_on=dt.date(2024, 5, 1))
    make_direction(due_on=dt.date.today() + dt.timedelta(days=30))
    assert api(nghean).get("/api/directions/?status=overdue").json()["count"] == 1
    assert api(nghean).get("/api/directions/?status=open").json()["count"] == 1
    assert api(nghean).get("/api/directions/?status=done").json()["count"] == 0


def test_overdue_cannot_be_set(api, nghean, make_direction):
    direction = make_direction()
    response = api(nghean).patch(f"/api/directions/{direction.pk}/", {"status": "overdue"},
                                 format="json")
    assert response.status_code == 400 and "status" in response.json()


def _agency(unit, code, kind="police"):
    from oversight.units.models import Unit

    province = unit(code.rsplit("_", 1)[0])
    return Unit.objects.create(code=code, kind=kind, parent=province, name_vi=code,
                               name_en=code)


def test_addressees_are_the_issuing_province_s_bodies(api, web, nghean, make_matter, make_user,
                                                      unit):
    """A provincial officer names only their own province's bodies (and those of the
    provinces it succeeded); the central level may address anyone."""
    _agency(unit, "nghe_an_police")
    _agency(unit, "ha_tinh_police")
    _agency(unit, "quang_binh_police")
    matter = make_matter("nghe_an")

    def issue(user, addressee, **extra):
        return api(user).post("/api/directions/", {
            "matter": matter.pk, "addressee": addressee, "text": "Khẩn trương",
            "issued_on": "2024-04-01", "due_on": "2024-05-01", **extra}, format="json")

    for other in ("ha_tinh_police", "ha_tinh", "central"):
        response = issue(nghean, other)
        assert response.status_code == 400 and "addressee" in response.json(), other
    assert Direction.objects.count() == 0
    for own in ("nghe_an_police", "nghe_an"):
        assert issue(nghean, own).status_code == 201, own
    # A merged province addresses the bodies of the province it absorbed.
    quangtri = make_user("qt", "quang_tri")
    qt_matter = make_matter("quang_tri")
    response = api(quangtri).post("/api/directions/", {
        "matter": qt_matter.pk, "addressee": "quang_binh_police", "text": "x",
        "issued_on": "2024-04-01", "due_on": "2024-05-01"}, format="json")
    assert response.status_code == 201, response.json()
    # The central level addresses any unit.
    central = make_user("central_officer", "central")
    response = api(central).post("/api/directions/", {
        "unit": "central", "addressee": "ha_tinh_police", "text": "x",
        "issued_on": "2024-04-01", "due_on": "2024-05-01"}, format="json")
    assert response.status_code == 201, response.json()
    # A PATCH cannot move a direction to another province's body either.
    direction = Direction.objects.filter(unit=unit("nghe_an")).first()
    response = api(nghean).patch(f"/api/directions/{direction.pk}/",
                                 {"addressee": "ha_tinh_police"}, format="json")
    assert response.status_code == 400 and "addressee" in response.json()
    # The form offers only what the rule allows.
    body = web(nghean).get("/directions/new/").content.decode()
    assert "nghe_an_police" in body or unit("nghe_an_police").name in body
    assert unit("ha_tinh_police").name not in body
