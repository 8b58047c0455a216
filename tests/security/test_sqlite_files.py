"""The SQLite database is readable by its own account only: the data directory 0700 when the
application creates it, the database and its -wal/-shm files 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

SCRIPT = """
import os
os.umask(0o022)  # a usual login umask: files would be world-readable by default
import django
django.setup()
from django.db import connection
with connection.cursor() as c:
    c.execute("CREATE TABLE t (x integer)")
    c.execute("INSERT INTO t VALUES (1)")
name = connection.settings_dict["NAME"]
# While the connection is open the -wal and -shm files exist (SQLite removes them at close).
for path in (name, name + "-wal", name + "-shm"):
    print(path, oct(os.stat(path).st_mode & 0o777) if os.path.exists(path) else "missing")
print(name)
"""


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _run(data_dir, database_url=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OVERSIGHT_")}
    env.update(OVERSIGHT_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="oversight.settings",
               OVERSIGHT_SECRET_KEY="x" * 50)
    if database_url:
        env["OVERSIGHT_DATABASE_URL"] = database_url
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    *files, name = out.stdout.strip().splitlines()
    return name, dict(line.rsplit(" ", 1) for line in files)


def test_new_data_directory_and_database_are_private(tmp_path):
    data_dir = tmp_path / "var"
    name, modes = _run(data_dir)
    assert name == str(data_dir / "oversight.sqlite3")
    assert _mode(data_dir) == 0o700
    assert modes == {name: "0o600", name + "-wal": "0o600", name + "-shm": "0o600"}
    assert _mode(name) == 0o600


def test_a_world_readable_database_is_made_private_at_connection(tmp_path):
    """Control: a file copied in with mode 0644 (and an existing 0755 directory, which keeps
    its mode) — the connection makes the file 0600."""
    tmp_path.chmod(0o755)
    path = tmp_path / "copied.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    assert _mode(path) == 0o644
    _run(tmp_path / "var", f"sqlite:///{path}")
    assert _mode(path) == 0o600
    assert _mode(tmp_path) == 0o755
