"""`make bench` runs from nothing at the smallest scale, so that it cannot break silently.

It runs scripts/bench.sh itself (as `make bench` does) on the database the suite runs on: a
fresh SQLite file, or a PostgreSQL database named after the test database with `_bench`
(created and dropped by the script's own set-up). Figures are not checked, only that every
part printed its line and that the load and intake answered as they should.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _database_env() -> dict:
    url = os.environ.get("OVERSIGHT_DATABASE_URL", "")
    if url.startswith("postgres"):
        server, name = url.rsplit("/", 1)
        return {"BENCH_DATABASES": "postgresql",
                "OVERSIGHT_BENCH_DATABASE_URL": f"{server}/test_{name}_bench"}
    return {"BENCH_DATABASES": "sqlite"}


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "oversight").exists(),
                    reason="the bench runs the project's .venv (make install)")
def test_make_bench_runs_from_nothing_at_tiny_scale(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OVERSIGHT_", "DJANGO_"))}
    # 5 s: a 1 s run can end before the first answer on a loaded machine
    env.update(_database_env(), SCALE="tiny", BENCH_DIR=str(tmp_path), BENCH_SECONDS="5",
               BENCH_CONNECTIONS="4", BENCH_WORKERS="1", LINK_SIZES="200",
               LINK_COMMAND_SIZES="200", LINK_FEBRL="0")
    env.setdefault("OCR_PAGES", "1")
    process = subprocess.Popen(["bash", "scripts/bench.sh"], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=1500)  # minutes on a loaded shared machine
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the bench's children too
        raise
    assert process.returncode == 0, out[-3000:] + err[-3000:]
    vendor = "sqlite" if env["BENCH_DATABASES"] == "sqlite" else "postgresql"
    for expected in (f"[{vendor}] escrow key made", f"[{vendor}] ratio report/floor",
                     f"[{vendor}] floor /api/me/", f"[{vendor}] petitions by unit + period",
                     f"[{vendor}] matters by stage", f"[{vendor}] search over",
                     "[project generator, seed 5] linking 200 records",
                     "[faker generator, seed 90017] linking 200 records",
                     "recall per error class", "`oversight link` on 200 independent records"):
        assert expected in out, f"{expected!r} missing from:\n{out}"
    intake = next(line for line in out.splitlines() if "intake," in line)
    assert ": match" in intake, intake


@pytest.fixture(autouse=True)
def _drop_bench_database():
    yield
    url = _database_env().get("OVERSIGHT_BENCH_DATABASE_URL")
    if url:
        import psycopg

        server, name = url.rsplit("/", 1)
        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
