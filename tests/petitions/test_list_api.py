"""The petitions list: what a list shows, computed in the query, and `?fields=` (issue 17)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_list_shows_the_list_columns_and_the_detail_keeps_everything(api, nghean,
                                                                      make_petition):
    p = make_petition(received_on=dt.date(2020, 1, 6))  # long overdue by now
    row = api(nghean).get("/api/petitions/").json()["results"][0]
    assert row["id"] == p.pk and row["unit"] == "nghe_an" and row["overdue"] is True
    assert "deadlines" not in row and "content" not in row and "transfers" not in row
    assert row["petitioners"][0]["name"] == p.petitioners[0]["name"]
    detail = api(nghean).get(f"/api/petitions/{p.pk}/").json()
    assert "deadlines" in detail and detail["overdue"] is True


def test_overdue_is_computed_in_the_query(api, nghean, make_petition):
    fresh = make_petition(received_on=dt.date.today())
    old = make_petition(received_on=dt.date(2020, 1, 6))
    rows = {r["id"]: r["overdue"] for r in api(nghean).get("/api/petitions/").json()["results"]}
    assert rows == {fresh.pk: False, old.pk: True}


def test_fields_selects_columns_and_names_unknown_ones(api, nghean, make_petition):
    p = make_petition()
    rows = api(nghean).get("/api/petitions/?fields=id,subject").json()["results"]
    assert rows == [{"id": p.pk, "subject": p.subject}]
    detail = api(nghean).get(f"/api/petitions/{p.pk}/?fields=id,deadlines").json()
    assert set(detail) == {"id", "deadlines"}
    bad = api(nghean).get("/api/petitions/?fields=id,secret")
    assert bad.status_code == 400 and "secret" in bad.json()["fields"][0]


def test_list_queries_do_not_grow_with_rows(api, nghean, make_petition):
    make_petition()
    client = api(nghean)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/petitions/")
    for _ in range(5):
        make_petition()
    with CaptureQueriesContext(connection) as six:
        client.get("/api/petitions/")
    assert len(six.captured_queries) <= len(one.captured_queries) + 1


def test_protected_rows_ask_nothing_per_row_without_an_unlocked_key(api, nghean, make_petition):
    """A sealed identity opens only with the reader's private key unlocked in this session:
    without it, a list of protected petitions asks no query per row (it asked three: the
    envelope and the reader's two kinds of key wrap)."""
    make_petition(protection_requested=True)
    client = api(nghean)
    client.get("/api/petitions/")  # warm
    with CaptureQueriesContext(connection) as one:
        rows = client.get("/api/petitions/").json()["results"]
    assert rows[0]["petitioners"] == [{"name": None, "id_number": None, "address": None,
                                       "phone": None}]
    for _ in range(4):
        make_petition(protection_requested=True)
    with CaptureQueriesContext(connection) as five:
        rows = client.get("/api/petitions/").json()["results"]
    assert len(rows) == 5 and all(r["petitioners"][0]["name"] is None for r in rows)
    assert len(five.captured_queries) == len(one.captured_queries), [
        q["sql"][:120] for q in five.captured_queries]
