"""A direction belongs to its issuing unit and to its addressee (core.parties): the addressee
and its successors after the 2025 merger see it, a third unit does not; the addressee sees
the direction's text, never a matter it may not see."""

import datetime as dt

import pytest

from oversight.core.classification import SecurityClassification
from oversight.core.scoping import CHANGE, VIEW, can
from oversight.matters import actions
from oversight.matters.models import Direction, Reminder
from oversight.units.models import Unit

SECRET_TITLE = "Vụ án MẬT-TITLE-7731"


@pytest.fixture
def people(make_user):
    return {
        "issuer": make_user("central_officer", "central"),
        "addressee": make_user("qb_officer", "quang_binh"),  # the province as addressed
        "successor": make_user("qt_officer", "quang_tri"),  # Quảng Trị succeeded Quảng Bình
        "third": make_user("hn_officer", "ha_noi"),
    }


@pytest.fixture
def direction(db):
    return actions.issue_direction(
        by=None, unit=Unit.objects.get(code="central"),
        addressee=Unit.objects.get(code="quang_binh"), text="Báo cáo tiến độ CHI-DAO-5521",
        issued_on=dt.date(2024, 4, 1), due_on=dt.date(2030, 6, 30))


@pytest.fixture
def secret_direction(db, make_matter):
    matter = make_matter("central", title=SECRET_TITLE,
                         security_classification=SecurityClassification.SECRET)
    return actions.issue_direction(
        by=None, matter=matter, addressee=Unit.objects.get(code="quang_tri"),
        text="Chỉ đạo về vụ việc MAT-DIR-8842", issued_on=dt.date(2024, 4, 1),
        due_on=dt.date(2030, 6, 30))


@pytest.mark.parametrize("who, sees", [
    ("issuer", True), ("addressee", True), ("successor", True), ("third", False)])
def test_api_and_pages_reach_issuer_addressee_and_successor(who, sees, people, direction, api,
                                                           web, make_user):
    user = people[who]
    detail = api(user).get(f"/api/directions/{direction.pk}/")
    listed = api(user).get("/api/directions/").json()["results"]
    page = web(user).get(f"/directions/{direction.pk}/")
    listing = web(user).get("/directions/").content.decode()
    if sees:
        assert detail.status_code == 200 and detail.json()["text"].endswith("CHI-DAO-5521")
        assert [d["id"] for d in listed] == [direction.pk]
        assert page.status_code == 200 and "CHI-DAO-5521" in page.content.decode()
        assert "CHI-DAO-5521" in listing
    else:
        assert detail.status_code == 404
        assert listed == []
        assert page.status_code == 404
        assert "CHI-DAO-5521" not in listing


def test_only_the_issuer_changes_the_direction(people, direction, api):
    url = f"/api/directions/{direction.pk}/"
    for who in ("addressee", "successor"):
        response = api(people[who]).patch(url, {"text": "Sửa", "due_on": "2031-01-01"},
                                          format="json")
        assert response.status_code == 403, who
        assert api(people[who]).post(url + "urge/", {}, format="json").status_code == 403
    assert api(people["third"]).patch(url, {"text": "Sửa"}, format="json").status_code == 404
    direction.refresh_from_db()
    assert direction.text.endswith("CHI-DAO-5521")
    response = api(people["issuer"]).patch(url, {"due_on": "2031-01-01"}, format="json")
    assert response.status_code == 200 and response.json()["due_on"] == "2031-01-01"
    assert can(people["addressee"], VIEW, direction)
    assert not can(people["addressee"], CHANGE, direction)


def test_addressee_sees_the_direction_of_a_secret_matter_not_the_matter(
        people, secret_direction, api, web, make_user):
    addressee = people["successor"]
    detail = api(addressee).get(f"/api/directions/{secret_direction.pk}/")
    assert detail.status_code == 200
    assert detail.json()["text"].endswith("MAT-DIR-8842")
    assert detail.json()["matter"] is None
    page = web(addressee).get(f"/directions/{secret_direction.pk}/").content.decode()
    assert "MAT-DIR-8842" in page and SECRET_TITLE not in page
    listing = web(addressee).get("/directions/").content.decode()
    assert "MAT-DIR-8842" in listing and SECRET_TITLE not in listing
    export = web(addressee).get("/directions/?export=csv").content.decode("utf-8-sig")
    assert "MAT-DIR-8842" in export and SECRET_TITLE not in export
    # A search for the matter's title finds nothing (no oracle through the direction).
    found = api(addressee).get("/api/directions/", {"q": "MẬT-TITLE-7731"}).json()
    assert found["count"] == 0
    assert api(addressee).get(f"/api/matters/{secret_direction.matter_id}/").status_code == 404
    # The issuing unit's officer not on the access list: neither the matter nor its direction.
    outsider = make_user("central_other", "central")
    assert api(outsider).get(f"/api/directions/{secret_direction.pk}/").status_code == 404
    # Control: someone on the access list sees the matter through the direction.
    from oversight.core.models import AccessGrant

    AccessGrant.objects.create(user=outsider, record=secret_direction.matter)
    shown = api(outsider).get(f"/api/directions/{secret_direction.pk}/").json()
    assert shown["matter"] == secret_direction.matter_id
    page = web(outsider).get(f"/directions/{secret_direction.pk}/").content.decode()
    assert SECRET_TITLE in page


def test_reminders_follow_the_direction_s_parties(people, direction):
    actions.urge_direction(direction, by=None, note="Đôn đốc")
    for who, count in (("issuer", 1), ("addressee", 1), ("successor", 1), ("third", 0)):
        assert Reminder.objects.restrict(people[who], VIEW).count() == count, who


def test_scope_unit_paths_start_with_the_owner():
    from django.core.exceptions import ImproperlyConfigured

    from oversight.core.parties import unit_paths

    assert unit_paths(Direction) == ("unit", "addressee")

    class Broken:
        scope_unit_field = "unit"
        scope_unit_paths = ("addressee", "unit")

    with pytest.raises(ImproperlyConfigured):
        unit_paths(Broken)


def test_a_direction_to_the_issuer_s_own_unit_keeps_need_to_know(make_user, make_matter, api):
    """Being the addressee does not lift the classification inside the issuing unit."""
    matter = make_matter("nghe_an", security_classification=SecurityClassification.SECRET)
    own = actions.issue_direction(by=None, matter=matter,
                                  addressee=Unit.objects.get(code="nghe_an"), text="Nội bộ",
                                  issued_on=dt.date(2024, 4, 1), due_on=dt.date(2030, 6, 30))
    officer = make_user("na_officer", "nghe_an")
    assert api(officer).get(f"/api/directions/{own.pk}/").status_code == 404
    from oversight.core.models import AccessGrant

    AccessGrant.objects.create(user=officer, record=matter)
    assert api(officer).get(f"/api/directions/{own.pk}/").status_code == 200


# --- the parties' actions: reply, more time, the issuer's decision, the history -------------

def test_addressee_replies_and_reports_done(people, direction, api):
    url = f"/api/directions/{direction.pk}/reply/"
    # The issuer does not reply in the addressee's place; a third unit does not see it.
    refused = api(people["issuer"]).post(url, {"text": "x"}, format="json")
    assert refused.status_code == 403 and "cơ quan được giao" in refused.json()["detail"]
    assert api(people["third"]).post(url, {"text": "x"}, format="json").status_code == 404
    empty = api(people["addressee"]).post(url, {"text": "  "}, format="json")
    assert empty.status_code == 400 and "text" in empty.json()
    first = api(people["addressee"]).post(url, {"text": "Đang triển khai"}, format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["status"] == "open" and first.json()["done_on"] is None
    done = api(people["successor"]).post(url, {"text": "Đã hoàn thành", "done": True},
                                         format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "done"
    assert done.json()["done_on"] == dt.date.today().isoformat()
    assert done.json()["reply"] == "Đã hoàn thành"
    again = api(people["addressee"]).post(url, {"text": "Nữa"}, format="json")
    assert again.status_code == 400 and "status" in again.json()
    # The issuer reads the replies in the direction's history.
    history = api(people["issuer"]).get(f"/api/directions/{direction.pk}/events/").json()
    kinds = [e["kind"] for e in history["results"]]
    assert kinds == ["issued", "replied", "done"]
    assert history["results"][1]["note"] == "Đang triển khai"
    assert history["results"][2]["by_unit"] == "quang_tri"
    assert api(people["third"]).get(
        f"/api/directions/{direction.pk}/events/").status_code == 404


def test_more_time_asked_by_the_addressee_decided_by_the_issuer(people, direction, api):
    base = f"/api/directions/{direction.pk}/"
    ask = base + "request-extension/"
    decide = base + "decide-extension/"
    addressee, issuer = people["addressee"], people["issuer"]
    assert api(issuer).post(ask, {"until": "2031-01-01", "reason": "x"},
                            format="json").status_code == 403
    assert api(people["third"]).post(ask, {"until": "2031-01-01", "reason": "x"},
                                     format="json").status_code == 404
    early = api(addressee).post(ask, {"until": "2030-06-30", "reason": "Cần thêm thời gian"},
                                format="json")
    assert early.status_code == 400 and "until" in early.json()
    no_reason = api(addressee).post(ask, {"until": "2031-01-01", "reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    # Nothing waits: the issuer has nothing to decide.
    nothing = api(issuer).post(decide, {"grant": True}, format="json")
    assert nothing.status_code == 400 and "grant" in nothing.json()
    asked = api(addressee).post(ask, {"until": "2031-01-01", "reason": "Cần giám định thêm"},
                                format="json")
    assert asked.status_code == 201, asked.json()
    assert asked.json()["status"] == "pending"
    twice = api(people["successor"]).post(ask, {"until": "2031-02-01", "reason": "y"},
                                          format="json")
    assert twice.status_code == 400 and "until" in twice.json()
    # The addressee does not decide its own request, nor move the deadline itself.
    assert api(addressee).post(decide, {"grant": True}, format="json").status_code == 403
    assert api(addressee).patch(base, {"due_on": "2031-01-01"}, format="json").status_code \
        == 403
    seen = api(addressee).get(base).json()
    assert seen["allowed"] == {"reply": True, "request_extension": False,
                               "decide_extension": False, "edit": False}
    assert api(issuer).get(base).json()["allowed"] == {
        "reply": False, "request_extension": False, "decide_extension": True, "edit": True}
    refuse_silently = api(issuer).post(decide, {"grant": False}, format="json")
    assert refuse_silently.status_code == 400 and "note" in refuse_silently.json()
    granted = api(issuer).post(decide, {"grant": True}, format="json")
    assert granted.status_code == 200 and granted.json()["status"] == "granted"
    assert api(addressee).get(base).json()["due_on"] == "2031-01-01"
    # A second request, refused with a reason the addressee reads.
    api(addressee).post(ask, {"until": "2031-06-01", "reason": "Thêm nữa"}, format="json")
    refused = api(issuer).post(decide, {"grant": False, "note": "Không có căn cứ"},
                               format="json")
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    seen = api(addressee).get(base).json()
    assert seen["due_on"] == "2031-01-01"
    assert [r["status"] for r in seen["extension_requests"]] == ["granted", "refused"]
    assert seen["extension_requests"][1]["decision_note"] == "Không có căn cứ"
    kinds = [e["kind"] for e in api(addressee).get(base + "events/").json()["results"]]
    assert kinds == ["issued", "extension_requested", "extension_granted",
                     "extension_requested", "extension_refused"]


def test_the_issuer_s_edit_is_in_the_history(people, direction, api):
    response = api(people["issuer"]).patch(f"/api/directions/{direction.pk}/",
                                           {"text": "Báo cáo trước ngày 15"}, format="json")
    assert response.status_code == 200
    events = api(people["addressee"]).get(f"/api/directions/{direction.pk}/events/").json()
    edited = events["results"][-1]
    assert edited["kind"] == "edited"
    assert edited["changes"]["text"][1] == "Báo cáo trước ngày 15"


# --- the direction's page: each side is offered only what it may do ----------------------

def test_pages_offer_each_side_its_actions(people, direction, web):
    url = f"/directions/{direction.pk}/"
    addressee_page = web(people["addressee"]).get(url).content.decode()
    assert 'id="reply-card"' in addressee_page and 'id="extension-card"' in addressee_page
    assert "direction-urge" not in addressee_page and f"{url}urge/" not in addressee_page
    assert f"{url}answer/" not in addressee_page and 'id="decide-card"' not in addressee_page
    issuer_page = web(people["issuer"]).get(url).content.decode()
    assert 'id="reply-card"' not in issuer_page and 'id="extension-card"' not in issuer_page
    assert f"{url}urge/" in issuer_page and 'id="decide-card"' not in issuer_page
    # The wrong side posting by hand is refused; a third unit gets 404.
    assert web(people["issuer"]).post(url + "reply/", {"text": "x"}).status_code == 403
    assert web(people["addressee"]).post(url + "decide-extension/",
                                         {"grant": "yes"}).status_code == 403
    assert web(people["third"]).post(url + "reply/", {"text": "x"}).status_code == 404
    assert Direction.objects.get(pk=direction.pk).reply == ""


def test_reply_and_extension_through_the_pages(people, direction, web):
    url = f"/directions/{direction.pk}/"
    successor = people["successor"]
    response = web(successor).post(url + "request-extension/",
                                   {"until": "2031-03-31", "reason": "Chờ kết quả giám định"})
    assert response.status_code == 302
    page = web(successor).get(url).content.decode()
    assert 'id="extension-waiting"' in page and 'id="extension-card"' not in page
    issuer_page = web(people["issuer"]).get(url).content.decode()
    assert 'id="decide-card"' in issuer_page and "Chờ kết quả giám định" in issuer_page
    web(people["issuer"]).post(url + "decide-extension/", {"grant": "yes", "note": ""})
    direction.refresh_from_db()
    assert direction.due_on == dt.date(2031, 3, 31)
    web(successor).post(url + "reply/", {"text": "Đã xong BAO-CAO-3310", "done": "on"})
    direction.refresh_from_db()
    assert direction.status == "done" and direction.done_on == dt.date.today()
    issuer_page = web(people["issuer"]).get(url).content.decode()
    assert "BAO-CAO-3310" in issuer_page  # the issuer reads the report in the history
    assert 'id="direction-history"' in issuer_page
    done_page = web(successor).get(url).content.decode()
    assert 'id="reply-card"' not in done_page and 'id="extension-card"' not in done_page


@pytest.mark.parametrize("who, finds", [
    ("issuer", True), ("addressee", True), ("successor", True), ("third", False)])
def test_global_search_finds_the_direction_for_its_parties(who, finds, people, direction, api,
                                                          web):
    """The search entry names the addressee as a party (SearchEntry.party_unit): the
    addressee and its successors find the direction, a third unit does not."""
    found = api(people[who]).get("/api/search/", {"q": "chi dao 5521"}).json()["results"]
    assert [(r["type"], r["id"]) for r in found] == (
        [("direction", direction.pk)] if finds else [])
    page = web(people[who]).get("/search/", {"q": "chi dao 5521"}).content.decode()
    assert (f"/directions/{direction.pk}/" in page) is finds


def test_global_search_finds_a_secret_matter_s_direction_only_for_who_may_open_it(
        people, secret_direction, api, make_user):
    def found(user, q):
        return [(r["type"], r["id"])
                for r in api(user).get("/api/search/", {"q": q}).json()["results"]]

    addressee = people["successor"]  # the direction is addressed to Quảng Trị
    assert found(addressee, "MAT-DIR-8842") == [("direction", secret_direction.pk)]
    assert found(addressee, "MẬT-TITLE-7731") == []  # not the matter, nor through the direction
    outsider = make_user("central_other", "central")  # issuer's unit, not on the access list
    assert found(outsider, "MAT-DIR-8842") == []
    assert found(people["third"], "MAT-DIR-8842") == []
    # Control: on the access list, the issuer's officer finds both.
    from oversight.core.models import AccessGrant

    AccessGrant.objects.create(user=outsider, record=secret_direction.matter)
    assert ("direction", secret_direction.pk) in found(outsider, "MAT-DIR-8842")
    assert ("matter", secret_direction.matter_id) in found(outsider, "MẬT-TITLE-7731")


def test_search_entry_names_the_addressee(direction, analyst):
    from oversight.search import index
    from oversight.search.models import SearchEntry

    # a central analyst reads every unit's entries, parties or not
    assert [r["id"] for r in index.search(analyst, "chi dao 5521")] == [direction.pk]

    entry = SearchEntry.objects.get(object_type="direction", object_id=direction.pk)
    assert (entry.unit.code, entry.party_unit.code) == ("central", "quang_binh")
    direction.addressee = Unit.objects.get(code="ha_noi")
    direction.save()
    entry.refresh_from_db()
    assert entry.party_unit.code == "ha_noi"
