"""Copy a seeded PostgreSQL database into a freshly migrated SQLite file: the same rows on
both databases for the bench, without seeding twice (the national seed takes 45–60 minutes
per database on a 2-core machine; the copy about 14).

    OVERSIGHT_DATABASE_URL=sqlite:///var/copy.sqlite3 .venv/bin/oversight migrate
    .venv/bin/python scripts/copy_pg_to_sqlite.py postgresql://…/oversight_bench var/copy.sqlite3

Every table the two schemas share is emptied and refilled (`django_migrations` excepted),
with the triggers dropped while it runs (the audit trail refuses deletes; the FTS5 index is
rebuilt at the end). Values are written as Django's SQLite backend writes them: aware times as
naive UTC text, JSON as text, UUIDs as hex. Checked on the tiny seed: the national report's
JSON is byte for byte the same on the PostgreSQL database and on its copy
(docs/performance.md). A bench aid, not a migration tool: no attachment files are copied.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sqlite3
import sys
import time
import uuid

import psycopg

SKIP = {"django_migrations"}


def sqlite_value(value):
    if value is None or isinstance(value, int | float | str | bytes):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return str(value)
    if isinstance(value, dt.date | dt.time):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dt.timedelta):
        return value // dt.timedelta(microseconds=1)
    raise TypeError(f"no SQLite form for {type(value).__name__}")


def copy(pg_url: str, path: str, out=print) -> None:
    pg = psycopg.connect(pg_url)
    lite = sqlite3.connect(path, isolation_level=None)
    lite.execute("PRAGMA journal_mode=WAL")
    lite.execute("PRAGMA synchronous=OFF")
    lite.execute("PRAGMA foreign_keys=OFF")
    triggers = lite.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'").fetchall()
    for name, _sql in triggers:
        lite.execute(f'DROP TRIGGER "{name}"')
    ours = {row[0] for row in lite.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'search_fts%'")}
    theirs = [row[0] for row in pg.execute(
        "SELECT relname FROM pg_stat_user_tables ORDER BY relname")]
    for table in theirs:
        if table in SKIP or table not in ours:
            continue
        started = time.time()
        pg_columns = {row[0] for row in pg.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND table_schema = 'public'", [table])}
        columns = [row[1] for row in lite.execute(f'PRAGMA table_info("{table}")')
                   if row[1] in pg_columns]
        names = ", ".join(f'"{c}"' for c in columns)
        insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
        lite.execute("BEGIN")
        lite.execute(f'DELETE FROM "{table}"')
        count = 0
        with pg.cursor(name=f"copy_{table}") as cursor:
            cursor.itersize = 20000
            cursor.execute(f'SELECT {names} FROM "{table}"')
            while rows := cursor.fetchmany(20000):
                lite.executemany(insert, [[sqlite_value(v) for v in row] for row in rows])
                count += len(rows)
        lite.execute("COMMIT")
        pg.commit()
        out(f"{table}: {count:,} rows, {time.time() - started:.1f} s")
    for _name, sql in triggers:
        lite.execute(sql)
    if "search_searchentry" in ours:
        lite.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        out("search_fts rebuilt")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    copy(sys.argv[1], sys.argv[2])
