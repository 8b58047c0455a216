"""`make bench` runs from nothing at the smallest scale, so that it cannot break silently.

It runs scripts/bench.sh itself (as `make bench` does) on the database the suite runs on: a
fresh SQLite file, or a PostgreSQL database named after the test database with `_bench`
(created and dropped by the script's own set-up). Figures are not checked, only that every
part printed its line and that the load and intake answered as they should.

The parts that never touch the database (linking, OCR) run once, on the SQLite run of the
suite, and are skipped on the PostgreSQL run (BENCH_LINKING=0, BENCH_OCR=0), which checks that
they said so; every part runs at its smallest size. The whole test takes about a minute and a
half on SQLite and under a minute on PostgreSQL (2 loaded cores); it used to take 10–25.
"""

from __future__ import annotations

import os
import re
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
                "OVERSIGHT_BENCH_DATABASE_URL": f"{server}/test_{name}_bench",
                # the same on both databases: once is enough (the SQLite run)
                "BENCH_LINKING": "0", "BENCH_OCR": "0"}
    return {"BENCH_DATABASES": "sqlite"}


# What each part prints when it ran (the SQLite run) and when it was skipped (PostgreSQL).
ONCE = {
    "linking": (["[project generator, seed 5] linking 200 records",
                 "[faker generator, seed 90017] linking 200 records",
                 "recall per error class", "`oversight link` on 200 independent records",
                 "off-the-shelf Splink in-process on the same records"],
                "== Person linking: skipped (BENCH_LINKING=0) =="),
    "ocr": (["names, rules (intake.names): recall"],
            "== OCR: skipped (BENCH_OCR=0) =="),
}


# Every list `oversight bench_lists` times, as it prints them.
LISTS = [("floor /api/me/", "officer"), ("petitions by unit + year", "officer"),
         ("matters", "analyst"), ("directions", "analyst"),
         ("matters page (HTML)", "analyst, signed in"),
         ("directions page (HTML)", "analyst, signed in"),
         ("petitions page (HTML)", "officer, signed in")]


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "oversight").exists(),
                    reason="the bench runs the project's .venv (make install)")
def test_make_bench_runs_from_nothing_at_tiny_scale(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OVERSIGHT_", "DJANGO_"))}
    # 5 s: a 1 s run can end before the first answer on a loaded machine
    env.update(_database_env(), SCALE="tiny", BENCH_DIR=str(tmp_path), BENCH_SECONDS="5",
               BENCH_CONNECTIONS="4", BENCH_WORKERS="1", LINK_SIZES="200",
               LINK_COMMAND_SIZES="200", LINK_FEBRL="0", OCR_PAGES="1", OCR_DPI="200",
               OCR_CONDITIONS="clean,fax", OCR_NAMES="5", PORTAL_REPORTS="3",
               BENCH_QUERIES="20", LISTS_REPEAT="2")
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
    expected = [f"[{vendor}] escrow key made", f"[{vendor}] ratio report/floor",
                f"[{vendor}] floor /api/me/", f"[{vendor}] petitions by unit + period",
                f"[{vendor}] matters by stage", f"[{vendor}] search over", "== end ==",
                f"[{vendor}] audit appends of 50 entries"]
    if vendor == "postgresql":  # both ways of chaining, in the same run; the server's CPU
        expected += ["× the Python chaining)", f"[{vendor}] with the database's CPU, directions: "]
    # the lists against the floor (oversight bench_lists), each with the aim beside it
    expected += [f"[{vendor}] lists: one request at a time"] + [
        f"[{vendor}] {label} ({who}): " for label, who in LISTS]
    if vendor == "sqlite":
        expected += ["receipt code hash", "reports filed with a 1600×1200 photo"]
    for part, (ran, skipped) in ONCE.items():
        if env.get(f"BENCH_{part.upper()}") == "0":
            expected.append(skipped)
            assert not any(line in out for line in ran), f"{part} ran, though skipped:\n{out}"
        else:
            expected += ran
            assert skipped not in out
    if vendor == "sqlite" and "OCR tools missing" not in out:
        expected += ["200 clean", "200 fax"]  # a clean and a degraded page read
    for line in expected:
        assert line in out, f"{line!r} missing from:\n{out}"
    lists = [line for line in out.splitlines()
             if line.startswith(f"[{vendor}] ") and "the floor (CPU" in line]
    assert len(lists) >= len(LISTS) - 1 and all("aim CPU ≤ 3× the floor: " in line
                                                for line in lists), lists
    intake = next(line for line in out.splitlines() if "intake," in line)
    assert ": match" in intake, intake
    # every figure the issue sets an aim for is printed with its verdict (base/aims.py)
    judged = [f"[{vendor}] ratio report/floor", f"[{vendor}] petitions by unit + period",
              f"[{vendor}] matters by stage", f"[{vendor}] intake,", f"[{vendor}] search over"]
    if env.get("BENCH_LINKING") != "0":
        judged += ["[project generator, seed 5] linking", "[faker generator, seed 90017] linking",
                   "`oversight link` on 200"]
    for start in judged:
        line = next(line for line in out.splitlines() if line.startswith(start))
        assert re.search(r"aim [^:]+: (met|missed)", line), line
    # under load, each run's CPU per request (the workers', PostgreSQL's), lists against the
    # floor's: what the throughput's ratio follows when the cores are busy
    for start in (f"[{vendor}] floor /api/me/", f"[{vendor}] petitions by unit + period",
                  f"[{vendor}] matters by stage"):
        line = next(line for line in out.splitlines() if line.startswith(start))
        assert re.search(r"CPU per request \d+\.\d\d ms", line), line
        assert ("ms in PostgreSQL" in line) == (vendor == "postgresql"), line
        assert ("× the floor's;" in line) == ("floor" not in start), line
    assert f"{vendor}] search over" in out and "20 diacritic-free queries" in out
    print("\n".join(line for line in out.splitlines() if line.startswith("== ")))  # times


@pytest.fixture(autouse=True)
def _drop_bench_database():
    yield
    url = _database_env().get("OVERSIGHT_BENCH_DATABASE_URL")
    if url:
        import psycopg

        server, name = url.rsplit("/", 1)
        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
