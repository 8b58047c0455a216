"""My work (/my/, GET /api/my-work/): what is assigned to me or awaits my decision, with the
next deadline and working days left, most urgent first, through restrict(); a head's workload
per officer with bulk reassignment; the daily digest of deadlines 3 working days away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from oversight.accounts.roles import Role
from oversight.core import calendar
from oversight.core.models import Notification
from oversight.matters import actions as matter_actions
from oversight.petitions import actions
from oversight.units.models import Unit
from oversight.web.mywork import items_for as _items_for
from oversight.web.mywork import send_deadline_digests


def items_for(user):
    """The items with their actions in English (the tests compare the words)."""
    from django.utils.translation import override

    with override("en"):
        return _items_for(user)


@pytest.fixture
def an(make_user):
    return make_user("an", "nghe_an", display_name="Nguyễn Văn An")


@pytest.fixture
def head(make_user):
    return make_user("truong", "nghe_an", roles=(Role.HEAD,), display_name="Trần Thị Bình")


def _fresh_petition(make_petition, days_ago=2, **fields):
    return make_petition(received_on=timezone.localdate() - dt.timedelta(days=days_ago),
                         imported=False, **fields)


def test_my_work_lists_my_records_with_days_left_most_urgent_first(make_petition, make_matter,
                                                                  make_direction, an, head):
    today = timezone.localdate()
    recent = _fresh_petition(make_petition, days_ago=1)
    older = _fresh_petition(make_petition, days_ago=8, subject="Đơn cũ hơn")
    late = make_petition(subject="Đơn đã quá hạn")  # received 2025: long overdue
    for p in (recent, older, late):
        actions.assign(p, by=head, assignee=an)
    matter = make_matter()
    matter_actions.assign_matter(matter, by=head, assignee=an)
    direction = make_direction(matter=matter, issued_on=today - dt.timedelta(days=3),
                               due_on=today + dt.timedelta(days=20))
    matter_actions.assign_direction(direction, by=head, assignee=an)
    mine = items_for(an)
    kinds = [(i.type, i.id) for i in mine]
    assert ("petition", late.pk) == kinds[0]  # overdue first
    assert mine[0].overdue and mine[0].days_left < 0
    assert kinds.index(("petition", older.pk)) < kinds.index(("petition", recent.pk))
    assert ("matter", matter.pk) in kinds and ("direction", direction.pk) in kinds
    item = next(i for i in mine if i.id == recent.pk and i.type == "petition")
    assert item.days_left == calendar.working_days_between(today, recent.next_due)
    assert item.action == "Classify the petition" and item.assigned
    days = [i.days_left for i in mine if i.days_left is not None]
    assert days == sorted(days)  # the control: urgency order
    # another officer sees none of it; the head sees nothing assigned to an as his own work
    assert all(i.assigned is False for i in items_for(head))


def test_a_head_sees_unassigned_work_of_the_unit_to_assign(make_petition, head, an):
    p = _fresh_petition(make_petition)
    found = {(i.type, i.id): i for i in items_for(head)}
    assert found[("petition", p.pk)].action == "Assign an officer"
    assert ("petition", p.pk) not in {(i.type, i.id) for i in items_for(an)}


def test_my_work_stays_within_need_to_know(make_petition, make_user, hanoi):
    p = _fresh_petition(make_petition)
    officer = make_user("can_bo", "nghe_an")
    actions.assign(p, by=None, assignee=officer)
    officer.unit = Unit.objects.get(code="ha_noi")  # moved to another unit: no longer sees it
    officer.save()
    assert items_for(officer) == []
    assert items_for(hanoi) == []


def test_directions_addressed_to_my_unit_await_an_answer(make_direction, make_user):
    today = timezone.localdate()
    police = Unit.objects.create(code="nghe_an_police", kind="police", name_vi="Công an tỉnh",
                                 name_en="Provincial police",
                                 parent=Unit.objects.get(code="nghe_an"))
    officer = make_user("cong_an", police.code)
    direction = make_direction(addressee=police, issued_on=today - dt.timedelta(days=1),
                               due_on=today + dt.timedelta(days=10))
    found = {(i.type, i.id): i for i in items_for(officer)}
    assert found[("direction", direction.pk)].action == "Answer the direction"


def test_api_my_work(make_petition, api, an, head, hanoi):
    p = _fresh_petition(make_petition)
    actions.assign(p, by=head, assignee=an)
    data = api(an).get("/api/my-work/").json()
    assert data["count"] == 1
    row = data["results"][0]
    assert {k: row[k] for k in ("type", "id", "title")} == {
        "type": "petition", "id": p.pk, "title": p.subject}
    assert row["due"] == p.next_due.isoformat() and isinstance(row["days_left"], int)
    assert row["action"]
    assert api(hanoi).get("/api/my-work/").json()["count"] == 0
    assert api(None).get("/api/my-work/").status_code in (401, 403)


def test_page_and_landing_after_sign_in(make_petition, web, client, an, head):
    p = _fresh_petition(make_petition)
    actions.assign(p, by=head, assignee=an)
    page = web(an).get("/my/")
    assert page.status_code == 200
    assert p.subject in page.content.decode()
    client.logout()
    response = client.post("/login/", {"username": "an", "password": "pw-an"})
    assert response.status_code == 302 and response["Location"] == "/my/"


def test_head_workload_and_bulk_reassignment(make_petition, make_user, web, head, an, hanoi):
    binh = make_user("binh", "nghe_an", display_name="Lê Văn Bình")
    petitions = [_fresh_petition(make_petition, subject=f"Đơn {n}") for n in range(3)]
    late = make_petition(subject="Đơn quá hạn")
    for p in [*petitions, late]:
        actions.assign(p, by=head, assignee=an)
    page = web(head).get("/my/", {"officer": "an"})
    html = page.content.decode()
    loads = {str(load.user): load for load in page.context["loads"]}
    assert loads["Nguyễn Văn An"].open == 4 and loads["Nguyễn Văn An"].overdue == 1
    assert "Lê Văn Bình" in html and len(page.context["officer_items"]) == 4
    chosen = [f"petition:{petitions[0].pk}", f"petition:{late.pk}"]
    done = web(head).post("/my/reassign/", {"selected": chosen, "assignee": "binh",
                                            "next": "/my/?officer=an"})
    assert done.status_code == 302
    assert {p.pk for p in binh.assigned_petitions.all()} == {petitions[0].pk, late.pk}
    # all or nothing: an assignee outside the unit changes nothing
    web(head).post("/my/reassign/", {"selected": [f"petition:{petitions[1].pk}"],
                                     "assignee": "hanoi"})
    petitions[1].refresh_from_db()
    assert petitions[1].assignee == an
    # an officer (not a head) has no workload view
    assert "loads" not in web(an).get("/my/").context


def test_one_daily_digest_per_user_of_deadlines_within_3_working_days(make_petition, an, head):
    today = timezone.localdate()
    for n in range(4):
        p = _fresh_petition(make_petition, days_ago=8, subject=f"Đơn sắp hạn {n}")
        actions.assign(p, by=head, assignee=an)
    soon = [i for i in _items_for(an) if i.days_left is not None and 0 <= i.days_left <= 3]
    Notification.objects.all().delete()
    told = send_deadline_digests(today)
    mine = Notification.objects.filter(user=an, kind="deadline_soon")
    if soon:
        assert mine.count() == 1 and str(len(soon)) in mine.get().text
    else:
        assert not mine.exists()
    assert send_deadline_digests(today) == 0  # the same day again: nobody told twice
    assert told == Notification.objects.filter(kind="deadline_soon").count()


def test_digest_counts_only_what_is_due_within_3_days(make_petition, an, head, monkeypatch):
    from oversight.web import mywork

    p = _fresh_petition(make_petition)
    actions.assign(p, by=head, assignee=an)
    today = timezone.localdate()
    near = mywork.Item("petition", 1, "Gần hạn", today, 2, "x", "/", overdue=False)
    far = mywork.Item("petition", 2, "Còn xa", today, 9, "x", "/", overdue=False)
    monkeypatch.setattr(mywork, "items_for", lambda user, today=None: [near, far]
                        if user.pk == an.pk else [])
    assert send_deadline_digests(today) == 1
    note = Notification.objects.get(kind="deadline_soon")
    assert note.user == an and "Gần hạn" in note.text and "Còn xa" not in note.text
    assert note.link == "/my/"
