"""On SQLite a connection outlives the request, as on PostgreSQL: one opened and closed per
request spent more than half of `/api/me/`'s CPU under load (issue 17) — the pragmas run on
each open, and the last connection to close checkpoints the WAL and deletes it for the next
to create again. Checked the way a server sees it: a request starts and finishes (Django's
signals, which close connections past `CONN_MAX_AGE`), in a process of its own with the
project's settings on an SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
import django
django.setup()
from django.conf import settings
from django.core import signals
from django.db import connection
from django.db.backends.signals import connection_created
opened = []
connection_created.connect(lambda sender, connection, **kw: opened.append(1), weak=False)
if sys.argv[1] == "control":  # what the settings said before: a connection per request
    connection.settings_dict["CONN_MAX_AGE"] = 0
for _ in range(3):
    signals.request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    signals.request_finished.send(sender=None)
print(connection.vendor, len(opened), connection.connection is not None)
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
    assert _run(tmp_path, "settings") == ["sqlite", "1", "True"]


def test_control_a_connection_per_request_is_seen(tmp_path):
    """Control: with `CONN_MAX_AGE = 0` (the old setting) each request opens its own and the
    last one is closed when the request finishes."""
    assert _run(tmp_path, "control") == ["sqlite", "3", "False"]
