"""GET /api/notifications/ (the caller's, unread first), mark one or all read; the web list
marks one read when it is opened."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from oversight.core.models import Notification
from oversight.core.notify import notify


def test_the_callers_notifications_unread_first(make_petition, api, nghean, hanoi):
    a, b, c = (make_petition(subject=f"Đơn {n}") for n in "abc")
    notify(nghean, "assigned", a, "first")
    notify(nghean, "assigned", b, "second")
    notify(nghean, "assigned", c, "third")
    notify(hanoi, "general", None, "not yours")
    Notification.objects.filter(text="third").update(read=True)
    Notification.objects.filter(text="first").update(
        created_at=timezone.now() - dt.timedelta(hours=1))
    data = api(nghean).get("/api/notifications/").json()
    assert [n["text"] for n in data["results"]] == ["second", "first", "third"]
    assert data["unread"] == 2 and data["count"] == 3
    assert data["results"][0]["record_type"] == "petitions.petition"
    assert [n["text"] for n in api(nghean).get("/api/notifications/", {"unread": 1}).json()[
        "results"]] == ["second", "first"]
    first = Notification.objects.get(text="first")
    assert api(nghean).post(f"/api/notifications/{first.pk}/read/").json()["read"] is True
    other = Notification.objects.get(user=hanoi)
    assert api(nghean).post(f"/api/notifications/{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read is False
    assert api(nghean).post("/api/notifications/read-all/").json() == {"marked": 1}
    assert api(None).get("/api/notifications/").status_code in (401, 403)


def test_opening_a_notice_marks_it_read_and_goes_to_the_record(make_petition, web, nghean,
                                                               hanoi):
    petition = make_petition()
    notify(nghean, "assigned", petition, "Đơn được giao")
    note = Notification.objects.get()
    page = web(nghean).get("/petitions/notifications/")
    assert "Đơn được giao" in page.content.decode()
    response = web(nghean).post(f"/petitions/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == f"/petitions/{petition.pk}/"
    note.refresh_from_db()
    assert note.read
    mine = Notification.objects.create(user=hanoi, text="x", link="https://example.org/")
    assert web(nghean).post(f"/petitions/notifications/{mine.pk}/open/").status_code == 404


def test_a_notice_about_a_record_made_secret_is_not_counted(make_petition, api, web, nghean):
    """The bell and `unread` count only notices the user may still open; the control: before
    the petition is made secret both say 2."""
    from tests.test_scope import _classify

    kept, hidden = make_petition(subject="Đơn thường"), make_petition(subject="Đơn sẽ mật")
    notify(nghean, "assigned", kept, "kept")
    notify(nghean, "assigned", hidden, "hidden")

    def bell() -> str:
        page = web(nghean).get("/petitions/notifications/").content.decode()
        return page.split('class="badge text-bg-danger">', 1)[1].split("<", 1)[0]

    assert api(nghean).get("/api/notifications/").json()["unread"] == 2 and bell() == "2"
    _classify(hidden, "secret")
    assert api(nghean).get("/api/notifications/").json()["unread"] == 1 and bell() == "1"
