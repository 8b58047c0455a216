"""What a statement's plan reads, for the tests that hold a search to an index."""

from __future__ import annotations

from django.db import connection


def reads_whole_table(queryset, table: str) -> bool:
    """Whether `queryset`'s statement reads the whole of `table` rather than an index's
    range: SQLite's plan `SCAN`s the table (or a whole index) where a `SEARCH` reads a range;
    PostgreSQL's, with sequential scans priced out, has no index condition (`Index Cond`) —
    its scan of the table, or of an index in order, filters every row. Call inside a
    transaction (PostgreSQL's setting is `SET LOCAL`)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "Index Cond" not in "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return any(row[-1].startswith(f"SCAN {table}") for row in cursor.fetchall())
