"""`make demo` runs the task worker beside the web server: a job requested in the demo is
done while the user waits, and the worker stops with the server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def scenario() -> dict:
    """In a child process with a file database: enqueue a report job, start the worker the
    way the demo does, wait for the job, leave the block; the worker must be gone."""
    import time

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from oversight.core import jobs
    from oversight.core.companion import companion, worker_command

    row = jobs.enqueue("report", None, format="xlsx", period="2024", unit="nghe_an")
    seen = []
    with companion(worker_command(interval=0.5)) as worker:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            row.refresh_from_db()
            seen.append(row.status)
            if row.finished:
                break
            time.sleep(0.5)
        alive_inside = worker.poll() is None
    return {"status": row.status, "result": row.result, "alive_inside": alive_inside,
            "exit": worker.poll(), "seen": sorted(set(seen))}


def main() -> None:
    print(json.dumps(scenario()))


def test_the_worker_beside_the_server_does_a_job_and_stops_with_it(tmp_path):
    env = {**os.environ, "OVERSIGHT_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "OVERSIGHT_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "oversight.settings"}
    child = subprocess.run(
        [sys.executable, "-c", "from tests.core.test_demo_worker import main; main()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert child.returncode == 0, child.stderr[-3000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["status"] == "done", result
    assert result["result"]["name"] == "bao-cao-nghe_an-2024.xlsx"
    assert (tmp_path / result["result"]["file"]).stat().st_size > 1000
    assert result["alive_inside"] and result["exit"] is not None  # stopped with the block


def test_demo_serves_with_the_worker(db, monkeypatch):
    """`oversight demo` (serving) starts the worker, then the server, and stops the worker
    when the server returns."""
    from oversight.core import companion as companion_module
    from oversight.ops.management.commands import demo

    events = []

    class Fake:
        def __init__(self, args):
            self.args = args

        def __enter__(self):
            events.append(("worker started", self.args[-4:]))
            return self

        def __exit__(self, *exc):
            events.append(("worker stopped",))
            return False

    monkeypatch.setattr(companion_module, "companion", Fake)

    def fake_call_command(name, *args, **kwargs):
        events.append((name, args))

    monkeypatch.setattr(demo, "call_command", fake_call_command)
    demo.Command().serve("127.0.0.1:8106")
    assert events == [("worker started", ["db_worker", "--no-reload", "--interval", "2"]),
                      ("runserver", ("127.0.0.1:8106",)), ("worker stopped",)]
