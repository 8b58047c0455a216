"""On SQLite a connection outlives the request, as on PostgreSQL: one opened and closed per
request spent more than half of `/api/me/`'s CPU under load (issue 17) — the pragmas run on
each open, and the last connection to close checkpoints the WAL and deletes it for the next
to create again. A kept connection must hold no read snapshot between requests, or the WAL
could never be checkpointed to its end. Checked the way a server sees it: a request starts
and finishes (Django's signals, which close connections past `CONN_MAX_AGE`), in a process
of its own with the project's settings on an SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
import django
django.setup()
from django.core import signals
from django.db import connection
from django.db.backends.signals import connection_created
opened = []
connection_created.connect(lambda sender, connection, **kw: opened.append(1), weak=False)
if sys.argv[1] == "control":  # what the settings said before: a connection per request
    connection.settings_dict["CONN_MAX_AGE"] = 0
for n in range(3):
    signals.request_started.send(sender=None)
    with connection.cursor() as cursor:
        if n == 0:
            cursor.execute("CREATE TABLE t (x integer)")
        cursor.execute("INSERT INTO t VALUES (%s)", [n])
        cursor.execute("SELECT x FROM t")
        cursor.fetchone()  # a statement left with rows unread, closed with its cursor
    signals.request_finished.send(sender=None)
if sys.argv[1] == "left open":  # control: a statement left running pins the WAL
    left = connection.connection.execute("SELECT x FROM t")
    left.fetchone()
# Between requests the kept connection holds no read snapshot: a full checkpoint from another
# connection copies the whole WAL back and empties it (a snapshot held would pin the WAL,
# which then grows for as long as the server runs).
import sqlite3
other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0.5)
busy, frames, copied = other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
print(connection.vendor, len(opened), connection.connection is not None, busy, frames, copied)
"""


def _run(tmp_path, mode: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OVERSIGHT_")}
    env.update(OVERSIGHT_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="oversight.settings",
               OVERSIGHT_SECRET_KEY="x" * 50,
               OVERSIGHT_DATABASE_URL=f"sqlite:///{tmp_path / 'kept.sqlite3'}")
    out = subprocess.run([sys.executable, "-c", SCRIPT, mode], env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    return out.stdout.split()


def test_one_sqlite_connection_serves_request_after_request(tmp_path):
    assert _run(tmp_path, "settings") == ["sqlite", "1", "True", "0", "0", "0"]


def test_control_a_connection_per_request_is_seen(tmp_path):
    """Control: with `CONN_MAX_AGE = 0` (the old setting) each request opens its own and the
    last one is closed when the request finishes."""
    assert _run(tmp_path, "control")[:3] == ["sqlite", "3", "False"]


def test_control_a_statement_left_open_is_seen(tmp_path):
    """Control of the checkpoint: a statement left with rows unread on the kept connection
    holds its snapshot, and the checkpoint reports itself blocked."""
    assert _run(tmp_path, "left open")[3] == "1"
