"""`oversight import`: every bad row reported, nothing written unless every row is good, one
transaction through the actions; an import killed with SIGKILL leaves the database as before."""

from __future__ import annotations

import csv
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from oversight.matters.models import Matter, MatterEvent
from oversight.petitions.models import Petition

VENV_BIN = Path(sys.executable).parent
MATTER_COLUMNS = ["responsible_unit", "kind", "title", "monitoring_level", "monitored_from",
                  "stage", "prosecuted_on", "completed_on", "loss_amount", "recovered_amount"]


def _matter_row(i, **overrides):
    row = {"responsible_unit": "nghe_an", "kind": "case", "title": f"Vụ án lịch sử {i}",
           "monitoring_level": "provincial", "monitored_from": "2021-03-01",
           "stage": "investigation",
           "prosecuted_on": "2021-04-01", "completed_on": "", "loss_amount": "1000000",
           "recovered_amount": "0"}
    row.update(overrides)
    return row


def _write(path, rows, columns=MATTER_COLUMNS):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_import_matters(db, tmp_path, capsys):
    path = _write(tmp_path / "m.csv", [_matter_row(i) for i in range(3)] + [
        _matter_row(9, stage="", kind="incident", prosecuted_on="", completed_on="2022-01-10")])
    call_command("import", "matters", str(path))
    assert Matter.objects.count() == 4
    closed = Matter.objects.get(title="Vụ án lịch sử 9")
    assert closed.stage == "closed" and closed.completed_on == dt.date(2022, 1, 10)
    assert MatterEvent.objects.filter(matter=closed).count() == 2  # created + completed
    assert "imported 4 matters" in capsys.readouterr().out


def test_bad_rows_are_all_reported_and_nothing_is_written(db, tmp_path):
    path = _write(tmp_path / "m.csv", [
        _matter_row(1),
        _matter_row(2, responsible_unit="atlantis"),
        _matter_row(3, monitored_from="31/02/2021"),
        _matter_row(4),
        _matter_row(5, stage="teleported", loss_amount="lots"),
    ])
    with pytest.raises(CommandError, match="nothing was imported") as caught:
        call_command("import", "matters", str(path), stderr=(err := _Buffer()))
    text = err.text
    assert "row 3, responsible_unit:" in text
    assert "row 4, monitored_from:" in text
    assert "row 6, stage:" in text and "row 6, loss_amount:" in text
    assert "row 2" not in text and "row 5" not in text
    assert "4 error(s) in 3 row(s)" in str(caught.value)
    assert Matter.objects.count() == 0


def test_a_rule_refusing_one_row_rolls_back_all(db, tmp_path):
    path = _write(tmp_path / "m.csv", [
        _matter_row(1), _matter_row(2),
        _matter_row(3, completed_on="2020-01-01"),  # completed before monitored: a rule
    ])
    with pytest.raises(CommandError, match="refused by the rules") as caught:
        call_command("import", "matters", str(path), stderr=(err := _Buffer()))
    assert "row 4, completed_on:" in err.text
    assert "1 error(s)" in str(caught.value)
    assert Matter.objects.count() == 0 and MatterEvent.objects.count() == 0


def test_import_petitions(db, tmp_path):
    columns = ["unit", "kind", "received_on", "subject", "content", "petitioner_name",
               "anonymous", "status", "accepted_on", "settled_on", "outcome"]
    rows = [
        {"unit": "nghe_an", "kind": "complaint", "received_on": "2024-02-01",
         "subject": "Khiếu nại đất", "content": "Nội dung", "petitioner_name": "Lê Văn Tám",
         "anonymous": "false", "status": "", "accepted_on": "", "settled_on": "",
         "outcome": ""},
        {"unit": "ha_noi", "kind": "denunciation", "received_on": "2024-03-01",
         "subject": "Tố cáo", "content": "Nội dung", "petitioner_name": "",
         "anonymous": "true", "status": "", "accepted_on": "", "settled_on": "",
         "outcome": ""},
    ]
    call_command("import", "petitions", str(_write(tmp_path / "p.csv", rows, columns)))
    assert Petition.objects.count() == 2
    bad = [{**rows[0], "petitioner_name": "", "received_on": "2999-01-01"}]
    with pytest.raises(CommandError):
        call_command("import", "petitions", str(_write(tmp_path / "b.csv", bad, columns)),
                     stderr=_Buffer())
    assert Petition.objects.count() == 2


def test_bulk_close(make_matter):
    old = [make_matter("nghe_an", monitored_from=dt.date(2021, 1, 1)) for _ in range(3)]
    recent = make_matter("nghe_an", monitored_from=dt.date(2024, 6, 1))
    other = make_matter("ha_noi", monitored_from=dt.date(2021, 1, 1))
    call_command("matters", "close", "--unit", "nghe_an", "--before", "2022-01-01",
                 "--on", "2024-12-31", stdout=_Buffer())
    assert {m.pk for m in Matter.objects.filter(stage="closed")} == {m.pk for m in old}
    assert Matter.objects.get(pk=recent.pk).completed_on is None
    assert Matter.objects.get(pk=other.pk).completed_on is None
    # one refusal (completion before monitoring) changes nothing
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("matters", "close", "--unit", "nghe_an", "--before", "2025-01-01",
                     "--on", "2024-01-01", stdout=_Buffer())
    assert Matter.objects.get(pk=recent.pk).completed_on is None


class _Buffer:
    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    @property
    def text(self):
        return "".join(self.parts)


# --- SIGKILL midway --------------------------------------------------------------------------

def _kill_midway(env, csv_path):
    """Start an import paced to take a while, SIGKILL it once it reports progress."""
    process = subprocess.Popen(
        [str(VENV_BIN / "oversight"), "import", "matters", str(csv_path), "--throttle-ms",
         "15"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    deadline = time.monotonic() + 120
    try:
        for line in process.stdout:
            seen.append(line)
            if line.startswith("written 100/"):
                break
            assert time.monotonic() < deadline, "".join(seen)
        else:
            pytest.fail("the import ended before it could be killed: " + "".join(seen))
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return seen


def _rows(tmp_path, n=400):
    return _write(tmp_path / "big.csv", [_matter_row(i) for i in range(n)])


def _env(tmp_path, url):
    return {**os.environ, "OVERSIGHT_DATABASE_URL": url, "OVERSIGHT_DATA_DIR": str(tmp_path),
            "OVERSIGHT_SECRET_KEY": "import-kill-test"}


def test_sigkill_midway_leaves_sqlite_as_before(tmp_path):
    db_path = tmp_path / "kill.sqlite3"
    env = _env(tmp_path, f"sqlite:///{db_path}")
    subprocess.run([str(VENV_BIN / "oversight"), "migrate", "-v0"], env=env, check=True,
                   timeout=300)
    before = _count_sqlite(db_path)
    _kill_midway(env, _rows(tmp_path))
    assert _count_sqlite(db_path) == before == (0, 0)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # and the database is usable afterwards: the same import runs to the end
    subprocess.run([str(VENV_BIN / "oversight"), "import", "matters",
                    str(tmp_path / "big.csv")], env=env, check=True, timeout=300,
                   capture_output=True)
    assert _count_sqlite(db_path)[0] == 400


def _count_sqlite(path):
    with sqlite3.connect(path) as conn:
        return (conn.execute("SELECT COUNT(*) FROM matters_matter").fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM matters_matterevent").fetchone()[0])


@pytest.mark.skipif(not os.environ.get("OVERSIGHT_TEST_DATABASE_URL", "").startswith(
    "postgres"), reason="needs OVERSIGHT_TEST_DATABASE_URL pointing at PostgreSQL")
def test_sigkill_midway_leaves_postgresql_as_before(tmp_path):
    import psycopg

    base = os.environ["OVERSIGHT_TEST_DATABASE_URL"].rsplit("/", 1)[0]
    name = f"oversight_scale_import_{os.getpid()}"
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        env = _env(tmp_path, f"{base}/{name}")
        subprocess.run([str(VENV_BIN / "oversight"), "migrate", "-v0"], env=env, check=True,
                       timeout=300)

        def count():
            with psycopg.connect(f"{base}/{name}") as conn:
                return (conn.execute("SELECT COUNT(*) FROM matters_matter").fetchone()[0],
                        conn.execute("SELECT COUNT(*) FROM matters_matterevent").fetchone()[0])

        before = count()
        _kill_midway(env, _rows(tmp_path))
        time.sleep(0.5)  # the server notices the dropped connection and rolls back
        assert count() == before == (0, 0)
    finally:
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
