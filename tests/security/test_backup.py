"""Back up, change the data, restore, and the audit trail still verifies."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection

SCRIPT_CREATE = """
from oversight.matters import actions
from oversight.units.models import Unit
actions.create_matter(by=None, responsible_unit=Unit.objects.get(code='nghe_an'), kind='case',
                      title='{title}', monitored_from=__import__('datetime').date(2024, 3, 1))
"""
SCRIPT_COUNT = "from oversight.matters.models import Matter; print(Matter.objects.count())"


def oversight(env, *args):
    result = subprocess.run([sys.executable, "-c", "from oversight.cli import main; main()",
                             *args], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout


def _env(tmp_path, url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OVERSIGHT_")}
    env.update({"OVERSIGHT_DATA_DIR": str(tmp_path), "OVERSIGHT_DATABASE_URL": url})
    return env


def _round_trip(env, backup_file):
    oversight(env, "migrate", "--verbosity", "0")
    oversight(env, "shell", "-c", SCRIPT_CREATE.format(title="Trước sao lưu"))
    oversight(env, "backup", "--output", str(backup_file))
    oversight(env, "shell", "-c", SCRIPT_CREATE.format(title="Sau sao lưu"))
    assert oversight(env, "shell", "-c", SCRIPT_COUNT).split()[-1] == "2"
    out = oversight(env, "restore", "--no-input", str(backup_file))
    assert "audit trail intact" in out
    assert oversight(env, "shell", "-c", SCRIPT_COUNT).split()[-1] == "1"
    assert "intact" in oversight(env, "audit", "verify")


def test_sqlite_backup_and_restore(tmp_path):
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'live.sqlite3'}")
    _round_trip(env, tmp_path / "backup.sqlite3")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass")
def test_postgresql_backup_and_restore(tmp_path, django_db_blocker):
    import shutil

    import psycopg

    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_backup_{os.getpid()}"
    conninfo = {k: v for k, v in {"host": settings_dict.get("HOST"),
                                  "port": settings_dict.get("PORT"),
                                  "user": settings_dict.get("USER"),
                                  "password": settings_dict.get("PASSWORD")}.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        user = settings_dict.get("USER") or ""
        password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        url = f"postgresql://{user}{password}@{host}:{port}/{name}"
        _round_trip(_env(tmp_path, url), tmp_path / "backup.dump")
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
