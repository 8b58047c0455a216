"""`deploy/gunicorn.conf.py` with `OVERSIGHT_REUSE_PORT=1` on a TCP bind: each worker listens
on its own socket, and connections kept open by their clients are spread over the workers by
the kernel (issue 17: on one shared socket a load run could leave all 32 of `wrk`'s kept
connections on one worker of four, one core of two busy). `oversight bench_load` runs so.

The server runs a WSGI app of a few lines that answers with its worker's pid, under the
project's own configuration file; no database. Last, `bench_load`'s CPU of a run counts the
workers gunicorn replaces during it."""

from __future__ import annotations

import http.client
import os
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oversight.ops.management.commands.bench_load import all_workers_cpu, children_cpu

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "gunicorn.conf.py"
APP = """
import os
import time

def app(environ, start_response):
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(body)))])
    return [body]

def busy(environ, start_response):
    end = time.process_time() + 0.02  # 20 ms of CPU, then the pid
    while time.process_time() < end:
        pass
    return app(environ, start_response)
"""

pytestmark = pytest.mark.skipif(not Path("/proc/net/tcp").exists(),
                                reason="reads the listening sockets from Linux's /proc")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> int:
    """How many sockets listen on 127.0.0.1:`port` (state 0A in /proc/net/tcp)."""
    wanted = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as fh:
        rows = [line.split() for line in fh.readlines()[1:]]
    return sum(1 for row in rows if row[1] == wanted and row[3] == "0A")


def _serve(tmp_path: Path, port: int, reuse: str, workers: int = 2, app: str = "app",
           **env_extra):
    (tmp_path / "pidapp.py").write_text(APP)
    env = {**os.environ, "OVERSIGHT_BIND": f"127.0.0.1:{port}",
           "OVERSIGHT_WORKERS": str(workers), "OVERSIGHT_THREADS": "2",
           "OVERSIGHT_REUSE_PORT": reuse, **env_extra}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(CONF),
         "--chdir", str(tmp_path), "--access-logfile", "/dev/null", f"pidapp:{app}"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    # every worker booted: with its own socket each, until then the kernel sends no
    # connection to the workers still starting
    while _listening(port) < (workers if reuse == "1" else 1) or not _answers(port):
        assert process.poll() is None, "gunicorn exited"
        assert time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.2)
    return process


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _pids_of_kept_connections(port: int, n: int) -> list[str]:
    """The worker that answered each of `n` connections, all held open (kept alive) until
    every one has answered, as `wrk` holds them."""
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(n)]
    try:
        pids = []
        for connection in connections:
            connection.request("GET", "/")
            pids.append(connection.getresponse().read().decode())
        return pids
    finally:
        for connection in connections:
            connection.close()


@pytest.mark.parametrize("reuse", ["1", "0"])
def test_each_worker_its_own_socket_with_reuse_port(tmp_path, reuse):
    """With it, two workers listen on two sockets and 24 kept connections reach both (the
    kernel hashes each connection to a socket: all 24 on one worker is a chance of one in
    eight million). Control: without it, one socket for both."""
    port = _free_port()
    process = _serve(tmp_path, port, reuse)
    try:
        if reuse == "1":
            assert _listening(port) == 2
            assert len(set(_pids_of_kept_connections(port, 24))) == 2
        else:
            assert _listening(port) == 1
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_never_on_a_unix_socket(monkeypatch):
    """A Unix socket has no spreading; with the flag each worker would bind the same path
    anew. The configuration leaves it off there, and takes it on a TCP bind."""
    monkeypatch.setenv("OVERSIGHT_REUSE_PORT", "1")
    monkeypatch.setenv("OVERSIGHT_BIND", "unix:/run/oversight/gunicorn.sock")
    assert runpy.run_path(str(CONF))["reuse_port"] is False
    monkeypatch.setenv("OVERSIGHT_BIND", "127.0.0.1:8000")
    assert runpy.run_path(str(CONF))["reuse_port"] is True
    monkeypatch.delenv("OVERSIGHT_REUSE_PORT")
    assert runpy.run_path(str(CONF))["reuse_port"] is False


def test_a_runs_cpu_keeps_the_workers_replaced_during_it(tmp_path):
    """`bench_load` takes a run's CPU as `all_workers_cpu` before and after it: a worker that
    gunicorn replaces after `max_requests` (here 20) is counted all the same — 60 requests of
    20 ms of CPU each, at least 1.2 s, through three workers in turn. Control: the sum over
    the workers running before and still after (what the bench summed until a worker
    answered 20,000 requests of a 30 s run) misses what the replaced ones spent."""
    port = _free_port()
    process = _serve(tmp_path, port, "0", workers=1, app="busy",
                     OVERSIGHT_MAX_REQUESTS="20")
    try:
        all_before, running_before = (all_workers_cpu(process.pid),
                                      children_cpu(process.pid))
        assert all(_answers(port) for _ in range(60))
        time.sleep(1)  # the master waits for the worker that ended last
        all_after, running_after = (all_workers_cpu(process.pid),
                                    children_cpu(process.pid))
        spent = 60 * 0.02
        assert all_after - all_before >= 0.9 * spent
        kept = sum(running_after[pid] - running_before[pid] for pid in running_before
                   if pid in running_after)
        assert kept < 0.5 * spent
    finally:
        process.terminate()
        process.wait(timeout=30)
