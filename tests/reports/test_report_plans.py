"""The report's grouped queries on SQLite read each table once, not through a MULTI-INDEX OR.

SQLite keeps no statistics here, so a WHERE that ORs ranges of several indexed date columns
(the rows some figure of the table counts) always becomes one index walk per range and a
fetch of every row by rowid: on a national report that is most of the table, 3-4x slower
than reading it (`reports.indicators._rows_counted`). The figures themselves are pinned by
test_indicators.py and test_overdue_at_end.py, which run through the same queries.
"""

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from oversight.matters.models import Defendant
from oversight.ops.management.commands.bench import FLOOR_QUERIES, floor_statements
from oversight.reports import indicators
from oversight.reports.indicators import CATALOGUE, compute
from oversight.reports.periods import parse

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite",
                                reason="PostgreSQL's planner chooses with statistics")


def _plan(sql: str, params=()) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(row[-1] for row in cursor.fetchall())


def _grouped_queries(records) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        compute(None, parse("2024"))
    return [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"]]


def test_no_grouped_report_query_walks_several_indexes(records):
    queries = _grouped_queries(records)
    assert any('FROM "matters_defendant"' in sql for sql in queries)
    for sql in queries:
        assert "MULTI-INDEX OR" not in _plan(sql), sql[:300]


def test_control_the_plain_or_of_the_defendants_ranges_walks_several_indexes(records):
    """The same ranges as a plain WHERE: the plan the test above would catch."""
    period = parse("2024")
    relevant = Q()
    for ind in CATALOGUE.values():
        if ind.model == "matters.Defendant" and not ind.apart:
            relevant |= ind.condition(period.start, period.end)
    query = (Defendant.objects.filter(relevant).values("matter__responsible_unit")
             .annotate(n=Count("id")).order_by())
    sql, params = query.query.sql_with_params()
    assert "MULTI-INDEX OR" in _plan(sql, params), _plan(sql, params)


def test_the_defendants_query_keeps_its_prefilter_as_a_case(records):
    """The rows outside both years are still left out before the aggregates, by a CASE that no
    index drives (that they reach no figure is pinned by test_indicators.py)."""
    queries = [sql for sql in _grouped_queries(records) if 'FROM "matters_defendant"' in sql
               and "CASE WHEN" in sql]
    assert queries, "the defendants' query lost its prefilter"


def _petitions_plan(records) -> str:
    sql = next(sql for sql in _grouped_queries(records)
               if sql.startswith('SELECT ("petitions_petition"."unit_id"')
               or sql.startswith('SELECT "petitions_petition"."unit_id" AS "_unit"'))
    return _plan(sql)


def test_the_petitions_are_read_in_table_order(records):
    plan = _petitions_plan(records)
    assert "SCAN petitions_petition" in plan and "USING INDEX" not in plan, plan


def test_control_without_table_order_the_unit_index_drives_the_petitions(records, monkeypatch):
    monkeypatch.setattr(indicators, "READ_IN_TABLE_ORDER", set())
    assert "USING INDEX" in _petitions_plan(records)


def test_the_floor_keeps_each_statement_or_its_not_indexed_form(records):
    chosen = floor_statements("sqlite", repeat=1)
    assert len(chosen) == len(FLOOR_QUERIES)
    for written, kept in zip(FLOOR_QUERIES, chosen, strict=True):
        assert kept == written or (kept.replace(" NOT INDEXED", "", 1) == written), kept
