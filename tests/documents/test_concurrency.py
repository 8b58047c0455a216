"""Twenty documents issued at once by twenty threads: twenty distinct, consecutive numbers.

On PostgreSQL the counter row's lock (held by the UPDATE until commit) orders the issues; on
SQLite every write transaction begins IMMEDIATE and holds the database's write lock. Each
thread has its own connection, so the ordering is the database's doing, not Python's.

The suite's SQLite database lives in memory with a shared cache, whose table locks fail at
once instead of waiting; production SQLite is a file in WAL mode. So on SQLite the scenario
runs in a child process against a temporary database file configured as in production.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

N = 20
ROOT = Path(__file__).resolve().parents[2]


def scenario(n: int = N) -> dict:
    """Create n accepted petitions, then issue a notice on each from n threads at once."""
    from oversight.accounts.models import User
    from oversight.documents import actions, templating
    from oversight.documents.models import Document, NumberCounter
    from oversight.petitions import actions as petition_actions
    from oversight.petitions.choices import checklist_for
    from oversight.units.models import Unit

    unit = Unit.objects.get(code="nghe_an")
    user = User.objects.create_user(username="vanthu", password="x", unit=unit)
    petitions = []
    for i in range(n):
        p = petition_actions.create_petition(
            by=user, unit=unit, kind="complaint", received_on=dt.date(2025, 3, 3),
            subject=f"Khiếu nại số {i}", content="Khiếu nại về bồi thường đất.",
            petitioner={"name": f"Người khiếu nại {i}", "address": "Nghệ An"})
        p = petition_actions.classify(p, by=user, checklist={k: True for k in
                                                             checklist_for("complaint")},
                                      on=dt.date(2025, 3, 5))
        petitions.append(petition_actions.accept(p, by=user, on=dt.date(2025, 3, 5)))
    templating.current("acceptance_notice")  # version 1 registered, as after a first issue
    barrier = threading.Barrier(n)
    numbers, errors = [], []

    def issue(p):
        try:
            barrier.wait(timeout=60)
            doc = actions.issue(p, by=user, template="acceptance_notice", make_pdf_now=False)
            numbers.append(doc.number)
        except Exception as error:  # noqa: BLE001 — reported by the caller
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(p,)) for p in petitions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    return {"numbers": sorted(numbers), "errors": errors,
            "stored": sorted(Document.objects.values_list("number", flat=True)),
            "counter": NumberCounter.objects.filter(unit=unit).values_list("last", flat=True)
            .first()}


def main(path: str) -> None:  # the child process (SQLite file database)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    print(json.dumps(scenario()))


def _check(result: dict) -> None:
    assert not result["errors"], result["errors"]
    assert result["numbers"] == list(range(1, N + 1))
    assert result["stored"] == list(range(1, N + 1))
    assert result["counter"] == N


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_audit_triggers_off")
def test_twenty_concurrent_issues_on_postgresql(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (OVERSIGHT_DATABASE_URL=postgresql://…)")
    settings.MEDIA_ROOT = tmp_path
    _check(scenario())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_audit_triggers_off")
def test_control_a_naive_counter_collides_on_postgresql(settings, tmp_path, monkeypatch):
    """The control: numbering by "the highest number so far, plus one" read without a lock
    gives two threads the same number, so the test above can fail."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite serialises whole write transactions")
    from django.db.models import Max

    from oversight.documents import numbering
    from oversight.documents.models import Document

    def naive(unit_id, year, series=""):
        import time

        top = Document.objects.filter(unit_id=unit_id, year=year, series=series).aggregate(
            m=Max("number"))["m"] or 0
        time.sleep(0.05)  # the work between reading and writing that real issues do
        return top + 1

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(numbering, "allocate", naive)
    result = scenario()
    assert result["errors"] or result["numbers"] != list(range(1, N + 1))


def test_twenty_concurrent_issues_on_sqlite(tmp_path):
    """SQLite as in production (a file, WAL, IMMEDIATE transactions), in a child process."""
    if "postgresql" in os.environ.get("OVERSIGHT_DATABASE_URL", ""):
        pytest.skip("the suite runs on PostgreSQL: see the test above")
    env = {**os.environ, "OVERSIGHT_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "OVERSIGHT_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "oversight.settings"}
    child = subprocess.run(
        [sys.executable, "-c", "import sys; from tests.documents.test_concurrency import main;"
         " main(sys.argv[1])", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert child.returncode == 0, child.stderr[-3000:]
    _check(json.loads(child.stdout.strip().splitlines()[-1]))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_audit_triggers_off")
def test_a_failed_issue_leaves_no_gap(petition, nghean, monkeypatch, settings, tmp_path):
    """The number is taken inside the issuing transaction: a failure after it gives it back."""
    from oversight.documents import actions

    settings.MEDIA_ROOT = tmp_path
    first = actions.issue(petition("accepted"), by=nghean, template="acceptance_notice",
                          make_pdf_now=False)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "_timeline", broken)
    with pytest.raises(RuntimeError):
        actions.issue(petition("accepted"), by=nghean, template="acceptance_notice",
                      make_pdf_now=False)
    monkeypatch.undo()
    again = actions.issue(petition("accepted"), by=nghean, template="acceptance_notice",
                          make_pdf_now=False)
    assert (first.number, again.number) == (1, 2)
