"""A child process that lives and dies with the command that started it: the demo's task
worker beside its web server (`oversight demo`), so that one command runs both and both stop
together — on Ctrl-C (the terminal signals the whole process group, and the parent then
terminates the child it started), when the server stops, or when the parent fails.

In production the worker is a service of its own (deploy/systemd/oversight-worker.service),
started and restarted by systemd independently of the web server.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys


def worker_command(interval: float = 2) -> list[str]:
    """The task worker (django-tasks' database backend), as `oversight db_worker` runs it."""
    return [sys.executable, "-m", "oversight.cli", "db_worker", "--no-reload",
            "--interval", str(interval)]


@contextlib.contextmanager
def companion(args: list[str], *, stop_timeout: float = 15, **popen):
    """Run `args` for the duration of the block; stop it (SIGTERM, then SIGKILL) at the end."""
    process = subprocess.Popen(args, **popen)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
