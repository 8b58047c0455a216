"""Backups of the whole database: SQLite's online backup API, or pg_dump/pg_restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections


class BackupError(Exception):
    pass


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def backup(output: Path) -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(output)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        os.chmod(output, 0o600)
        return output
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        args, env = _pg_env(db)
        result = subprocess.run([_tool("pg_dump"), "-Fc", "--no-owner", *args, "-f", str(output),
                                 db["NAME"]], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(result.stderr.strip())
        os.chmod(output, 0o600)
        return output
    raise BackupError(f"Backups are not supported on {connection.vendor}.")


def restore(source: Path) -> None:
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No such file: {source}")
    if connection.vendor == "sqlite":
        try:
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            ok = src.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not an SQLite backup: {error}") from error
        if ok != "ok":
            raise BackupError(f"{source} is damaged: {ok}")
        try:
            connection.ensure_connection()
            src.backup(connection.connection)
        finally:
            src.close()
        return
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        args, env = _pg_env(db)
        connections.close_all()
        result = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                                 "--single-transaction", *args, "-d", db["NAME"], str(source)],
                                env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(result.stderr.strip())
        return
    raise BackupError(f"Restores are not supported on {connection.vendor}.")
