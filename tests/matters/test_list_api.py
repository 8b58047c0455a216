"""The matters and directions lists: what a list shows, computed in the query, and `?fields=`
(issue 17). The detail keeps every field."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from oversight.matters import actions


def test_matter_list_shows_the_list_columns_and_the_detail_keeps_everything(
        api, nghean, make_matter):
    matter = make_matter(summary="Tóm tắt dài", loss_amount=1_000, recovered_amount=250)
    actions.add_defendant(matter, by=None, full_name="Bị can A")
    actions.add_defendant(matter, by=None, full_name="Bị can B")
    row = api(nghean).get("/api/matters/").json()["results"][0]
    assert row["id"] == matter.pk and row["responsible_unit"] == "nghe_an"
    assert row["defendant_count"] == 2 and row["recovery_rate"] == 0.25
    assert "summary" not in row and "criteria" not in row and "agencies" not in row
    detail = api(nghean).get(f"/api/matters/{matter.pk}/").json()
    assert detail["summary"] == "Tóm tắt dài" and detail["defendant_count"] == 2
    assert "criteria" in detail and "agencies" in detail


def test_a_matter_without_defendants_counts_zero(api, nghean, make_matter):
    make_matter()
    assert api(nghean).get("/api/matters/").json()["results"][0]["defendant_count"] == 0


def test_direction_status_and_reminders_are_computed_in_the_query(api, nghean,
                                                                   make_direction):
    long_ago = {"issued_on": dt.date(2020, 1, 2), "due_on": dt.date(2020, 1, 6)}
    late = make_direction(**long_ago)
    ahead = make_direction(due_on=dt.date.today() + dt.timedelta(days=400))
    done = make_direction(**long_ago)
    actions.answer_direction(done, by=None, reply="Đã xong", done=True)
    actions.urge_direction(late, by=None, note="Đôn đốc")
    actions.urge_direction(late, by=None, note="Đôn đốc lần 2")
    rows = {r["id"]: r for r in api(nghean).get("/api/directions/").json()["results"]}
    assert {pk: r["status"] for pk, r in rows.items()} == {
        late.pk: "overdue", ahead.pk: "open", done.pk: "done"}
    assert rows[late.pk]["reminder_count"] == 2 and rows[ahead.pk]["reminder_count"] == 0
    assert rows[late.pk]["matter"] == late.matter_id
    assert "reply" not in rows[done.pk] and "reminders" not in rows[late.pk]
    # the detail agrees (computed in Python there) and keeps the nested records
    for pk, row in rows.items():
        detail = api(nghean).get(f"/api/directions/{pk}/").json()
        assert detail["status"] == row["status"]
    detail = api(nghean).get(f"/api/directions/{late.pk}/").json()
    assert len(detail["reminders"]) == 2 and "extension_requests" in detail


def test_fields_selects_columns_and_names_unknown_ones(api, nghean, make_direction):
    direction = make_direction()
    matter = direction.matter
    rows = api(nghean).get("/api/matters/?fields=id,title").json()["results"]
    assert rows == [{"id": matter.pk, "title": matter.title}]
    rows = api(nghean).get("/api/directions/?fields=id,status").json()["results"]
    assert rows == [{"id": direction.pk, "status": direction.current_status()}]
    detail = api(nghean).get(f"/api/matters/{matter.pk}/?fields=id,summary").json()
    assert set(detail) == {"id", "summary"}
    for url in ("/api/matters/?fields=id,secret", "/api/directions/?fields=id,secret"):
        bad = api(nghean).get(url)
        assert bad.status_code == 400 and "secret" in bad.json()["fields"][0]


def test_list_queries_do_not_grow_with_rows_or_assignees(api, web, nghean, make_direction,
                                                         settings):
    """With assignees set (the HTML lists show them), a page still reads them in its query.
    Each list built anew (no kept plan, core/listplans.py): a kept plan's statements are the
    build's reads sent again, whatever the rows, and a new direction may or may not change
    them (the calendar's, say), so the counts would compare a plan with a build."""
    settings.LIST_PLANS = False
    def counts():
        out = []
        for client, url in ((api(nghean), "/api/matters/"), (api(nghean), "/api/directions/"),
                            (web(nghean), "/matters/"), (web(nghean), "/directions/")):
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    def add():
        direction = make_direction()
        actions.assign_direction(direction, by=None, assignee=nghean)
        actions.assign_matter(direction.matter, by=None, assignee=nghean)

    add()
    one = counts()
    for _ in range(4):
        add()
    assert counts() == one
