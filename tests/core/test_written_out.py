"""A kept list's count and page are sent to PostgreSQL with their values written into the
statement (`core.listplans.written_out`), so that the prepared statement has no parameters and
PostgreSQL plans it once for those values instead of on every request (issue 17).

Checked: the kept statements go without parameters and answer as a list built from nothing,
for values that a careless writing would break (a quote, a percent sign, accents); PostgreSQL
made no plan of its own for each execution; on SQLite, or with prepared statements off, the
statements are sent as before. Control: the capture sees the parameters of a statement kept
as compiled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from oversight.core import listplans
from tests.core.test_listplans import answers, reader
from tests.petitions.conftest import make_petition  # noqa: F401 (fixture)

PATHS = ["/api/petitions/?unit=nghe_an&received_after=2024-01-01",
         "/api/petitions/?q=50%25%20o%27clock%20%C4%91%E1%BA%A5t",  # 50% o'clock đất
         "/api/matters/?stage=investigation",
         # a value the statement holds as it was given: `unit__code = '…'`
         "/api/documents/?unit=50%25%20o%27clock%20%C4%91%E1%BA%A5t"]
TABLES = ("petitions_petition", "matters_matter", "documents_document")
PREPARED = (connection.vendor == "postgresql"
            and connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"))


@pytest.fixture
def petitions(make_petition):  # noqa: F811
    for day in (1, 2, 3):
        make_petition(received_on=dt.date(2025, 3, day), subject="Đơn về đất ở 50% o'clock")


def _sent(client, path) -> list[tuple[str, object]]:
    """(statement, parameters) of each statement that reads the rows of a list (`TABLES`),
    for one request."""
    sent = []

    def capture(execute, sql, params, many, context):
        if any(f'FROM "{table}"' in sql for table in TABLES) and "audit_append" not in sql:
            sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return sent


def _kept(client, path) -> list[tuple[str, object]]:
    client.get(path)  # the plan is kept
    client.get(path)  # its count and page are compiled and kept
    return _sent(client, path)


@pytest.mark.skipif(not PREPARED, reason="PostgreSQL with prepared statements")
def test_kept_statements_are_sent_with_their_values(petitions, nghean, api, settings):
    client = reader(api, nghean)
    for path in PATHS:
        sent = _kept(client, path)
        assert sent, path
        assert all(params is None for _sql, params in sent), (path, sent)
        planned, fresh = answers(client, path, settings)
        assert planned == fresh, path
    # a value given is in the statement as psycopg writes it, quote doubled, % as it is
    sent = _kept(client, PATHS[3])
    assert any("'50% o''clock đất'" in sql for sql, _params in sent), sent


@pytest.mark.skipif(not PREPARED, reason="PostgreSQL with prepared statements")
def test_postgresql_plans_the_kept_page_once(petitions, nghean, api):
    client = reader(api, nghean)
    path = PATHS[0]
    sent = _kept(client, path)
    page = next(sql for sql, _params in sent if "COUNT(*)" not in sql)
    threshold = connection.settings_dict["OPTIONS"].get("prepare_threshold", 5)
    for _ in range(threshold + 3):
        client.get(path)
    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                       "WHERE statement = %s", [page])
        plans = cursor.fetchall()
    assert plans, "the page was not prepared"
    generic, custom = plans[0]
    assert generic >= 1 and custom == 0


def test_the_answers_are_those_of_a_fresh_build(petitions, nghean, analyst, api, settings):
    for user in (nghean, analyst):
        client = reader(api, user)
        for path in PATHS:
            _kept(client, path)
            planned, fresh = answers(client, path, settings)
            assert planned == fresh, (user.username, path)


@pytest.mark.skipif(PREPARED, reason="written out with prepared statements on")
def test_elsewhere_the_statements_keep_their_parameters(petitions, nghean, api):
    sent = _kept(reader(api, nghean), PATHS[0])
    assert sent and all(params for _sql, params in sent)


def test_control_a_statement_kept_as_compiled_is_seen_with_its_parameters(
        petitions, nghean, api, monkeypatch):
    monkeypatch.setattr(listplans, "written_out", lambda sql, params: (sql, params))
    sent = _kept(reader(api, nghean), PATHS[0])
    assert sent and all(params for _sql, params in sent)
