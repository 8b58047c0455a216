"""`oversight bench_load`: the API under load from a second process, on the seeded data.

Starts gunicorn with the deploy configuration (deploy/gunicorn.conf.py) on a loopback port,
then drives it with `wrk` (32 connections, 30 s each, Lua scripts in scripts/wrk/):

- the floor: `/api/me/`, the smallest authenticated JSON endpoint of the same server;
- petitions filtered by unit and period, matters by stage: requests/s, p50/p95/p99 and the
  ratio to the floor;
- petition intake: 32 clients POSTing petitions for 30 s; created per second, and the rows in
  the database against the 201 responses;
- search: p95 of 200 diacritic-free queries (in-process, through the search backend);
- the audit trail's writers under contention (`ops.audit_load`).

Workers: what deploy/gunicorn.conf.py runs by default, one gthread process per core with two
threads, on both databases (its docstring has the measurements: more processes and threads
than cores made every list slower under load). On SQLite, WAL lets readers in several
processes run beside the one writer (IMMEDIATE transactions queue on the busy timeout), and
separate processes are the only way past the GIL onto both cores.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.accounts.tokens import issue
from oversight.base import aims
from oversight.ops import audit_load
from oversight.people import names
from oversight.petitions.models import Petition
from oversight.search.backends import fold
from oversight.search.index import search
from oversight.search.models import SearchEntry
from oversight.seeding.bulk_petitions import SUBJECTS
from oversight.units.models import Unit

ROOT = Path(__file__).resolve().parents[5]
WRK_DIR = ROOT / "scripts" / "wrk"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_user(unit_code: str):
    user, _ = User.objects.get_or_create(username=f"bench_{unit_code}",
                                         defaults={"unit": Unit.objects.get(code=unit_code)})
    user.set_roles([Role.OFFICER])

    key, _token = issue(user)
    return user, key


class Server:
    def __init__(self, workers: int, threads: int):
        self.port = _free_port()
        self.workers, self.threads = workers, threads
        self.process = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        # Each worker its own socket (deploy/gunicorn.conf.py): wrk keeps its connections
        # open, and on one shared socket a run could leave them all on one worker. No worker
        # replaced during the runs (`max_requests`, unless OVERSIGHT_MAX_REQUESTS is set): a
        # worker answers its 20,000 requests in hours in production and in half a minute
        # here, and with one process per core each replacement took half the server out
        # while the new one started (a run of the petitions page 83% busy), and reset the
        # connections queued on its socket.
        env = {"OVERSIGHT_MAX_REQUESTS": "0", **os.environ,
               "OVERSIGHT_BIND": f"127.0.0.1:{self.port}",
               "OVERSIGHT_WORKERS": str(self.workers), "OVERSIGHT_THREADS": str(self.threads),
               "OVERSIGHT_DATA_DIR": str(settings.DATA_DIR), "OVERSIGHT_REUSE_PORT": "1"}
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.log = open(Path(settings.DATA_DIR) / "bench-gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "--access-logfile", "/dev/null", "oversight.wsgi"], env=env, cwd=ROOT,
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/login/", timeout=5).read()
                return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise CommandError("gunicorn did not start; see bench-gunicorn.log") from None
                time.sleep(0.3)

    def worker_cpu(self) -> dict[int, float]:
        """{pid: CPU seconds so far} of the worker processes running now (Linux `/proc`;
        empty elsewhere)."""
        return children_cpu(self.process.pid)

    def all_workers_cpu(self) -> float | None:
        """CPU seconds of every worker so far, those already replaced included
        (`all_workers_cpu`)."""
        return all_workers_cpu(self.process.pid)

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def process_cpu(pid: int, *, reaped: bool = False) -> float:
    """User + system CPU seconds of process `pid` so far (Linux); `reaped`: of its children
    that have ended and been waited for, instead."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    first = 13 if reaped else 11  # cutime, cstime; utime, stime
    return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")


def children_cpu(parent: int) -> dict[int, float]:
    """{pid: CPU seconds so far} of process `parent`'s children running now (a gunicorn
    master's workers, a PostgreSQL server's processes)."""
    try:
        with open(f"/proc/{parent}/task/{parent}/children") as fh:
            return processes_cpu(int(pid) for pid in fh.read().split())
    except (OSError, ValueError):
        return {}


def descendants_cpu(parent: int) -> float | None:
    """CPU seconds so far of process `parent`'s children: those running, and those that
    have ended and been waited for (then their CPU is the parent's children's). None where
    `/proc` is not there, or no child runs."""
    running = children_cpu(parent)
    if not running:
        return None
    try:
        return sum(running.values()) + process_cpu(parent, reaped=True)
    except (OSError, ValueError, IndexError):
        return None


def all_workers_cpu(master: int) -> float | None:
    """CPU seconds of every worker of gunicorn master `master` so far, those it has replaced
    included (`descendants_cpu`): a worker ends after `max_requests`
    (deploy/gunicorn.conf.py), and with one process per core a worker answers 20,000
    requests of `/api/me/` within a 30 s run — the sum over the workers running at the end
    missed the one that ended."""
    return descendants_cpu(master)


def processes_cpu(pids) -> dict[int, float]:
    """{pid: CPU seconds so far} of those of `pids` still running (Linux `/proc`)."""
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            found[pid] = process_cpu(pid)
    return found


def database_server() -> int | None:
    """The pid of the PostgreSQL server's main process (the parent of this connection's
    server process), if it runs on this machine; None on SQLite, whose work is done in the
    workers' own processes."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    connection.close()
    try:
        with open(f"/proc/{backend}/comm") as comm:
            if comm.read().strip() != "postgres":
                return None  # another machine's server; the pid is some other process here
        with open(f"/proc/{backend}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None  # another machine's server


def database_server_cpu(server: int | None) -> float | None:
    """CPU seconds of the PostgreSQL server so far: its main process and the processes under
    it, running (a connection's, the writers', autovacuum) or ended (`descendants_cpu`) — a
    connection is closed and opened anew after `CONN_MAX_AGE`, and its server process goes
    with it."""
    if server is None:
        return None
    try:
        return process_cpu(server) + (descendants_cpu(server) or 0.0)
    except (OSError, ValueError, IndexError):
        return None


def cpu_per_request(workers_before: float | None, workers_after: float | None,
                    db_before: float | None, db_after: float | None,
                    requests: int) -> tuple[float, float] | None:
    """(milliseconds of the workers' CPU, of the database server's) per request of a run,
    from the CPU before and after it (`all_workers_cpu`, `database_server_cpu`); None where
    `/proc` is not there."""
    if workers_before is None or workers_after is None or not requests:
        return None
    database = (db_after - db_before) if db_before is not None and db_after is not None else 0
    return ((workers_after - workers_before) * 1000 / requests, database * 1000 / requests)


def cpu_said(cpu_ms, floor_ms, is_floor: bool) -> str:
    """"; CPU per request 5.7 ms (+ 1.2 ms in PostgreSQL), 3.8× the floor's": under load
    on a machine whose cores are all busy, throughput is what a request costs, so this
    ratio is the one the throughput's follows (issue 17)."""
    if cpu_ms is None:
        return ""
    here, database = cpu_ms
    text = f"; CPU per request {here:.2f} ms" + (
        f" (+ {database:.2f} ms in PostgreSQL)" if connection.vendor == "postgresql" else "")
    if not is_floor and floor_ms is not None and sum(floor_ms):
        text += f", {sum(cpu_ms) / sum(floor_ms):.1f}× the floor's"
    return text


def _cpu_ticks() -> tuple[int, int] | None:
    """(all, idle) ticks of the machine's cores so far (Linux `/proc/stat`), else None."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(x) for x in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return sum(ticks), ticks[3] + ticks[4]  # idle and waiting on I/O


def wrk(url: str, token: str, script: str, seconds: int, connections: int,
        extra_env: dict | None = None) -> dict:
    """wrk's figures, with `busy`: the share of the machine's CPU in use during the run (a run
    at ~100% is bound by the CPU a request costs; well below, by waiting: a lock, the disk)."""
    env = {**os.environ, "OVERSIGHT_TOKEN": token, **(extra_env or {})}
    before = _cpu_ticks()
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s",
         str(WRK_DIR / script), url], env=env, capture_output=True, text=True,
        timeout=seconds + 120)
    for line in result.stdout.splitlines():
        if line.startswith("WRK "):
            figures = json.loads(line[4:])
            figures["rps"] = figures["requests"] / figures["seconds"]
            after = _cpu_ticks()
            figures["busy"] = (1 - (after[1] - before[1]) / max(after[0] - before[0], 1)
                               if before and after else None)
            return figures
    raise CommandError(f"wrk gave no figures: {result.stdout}\n{result.stderr}")


def search_queries(n: int = 200, seed: int = 7) -> list[str]:
    """Diacritic-free queries made of words that occur in the data (names, subjects)."""
    rng = random.Random(seed)
    words = set()
    for pool in (getattr(names, a) for a in dir(names) if a.isupper()):
        if isinstance(pool, list | tuple):
            words.update(fold(str(w[0] if isinstance(w, tuple) else w)) for w in pool)

    subject_words = sorted({w for s in SUBJECTS.values() for x in s for w in fold(x).split()
                            if len(w) > 2})
    words = sorted(w for w in words if w)
    queries = []
    for _ in range(n):
        picked = rng.sample(subject_words, 1) + (rng.sample(words, 1) if words else [])
        queries.append(" ".join(picked))
    return queries


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Load-test the API with wrk against gunicorn (needs the `wrk` program)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=30)
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--unit", default="nghe_an")
        # deploy/gunicorn.conf.py's defaults: one process per core, two threads each
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--queries", type=int, default=200,
                            help="search queries timed (in-process)")

    def handle(self, *args, seconds, connections, unit, workers, threads, queries=200,
               **options):

        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed: `make bench` installs it as root on "
                               "Debian (scripts/system-deps.sh), else apt-get install wrk")
        vendor = connection.vendor
        out = self.stdout.write
        user, token = bench_user(unit)
        database = database_server()
        connection.close()  # gunicorn's processes open their own
        lists = [
            ("floor /api/me/", "/api/me/"),
            ("petitions by unit + period", f"/api/petitions/?unit={unit}"
             "&received_after=2024-01-01&received_before=2024-12-31"),
            ("matters by stage", "/api/matters/?stage=investigation"),
        ]
        out(f"[{vendor}] gunicorn: {workers} processes × {threads} threads; wrk: "
            f"{connections} connections, {seconds} s each")
        figures = {}
        with Server(workers, threads) as server:
            for label, path in lists:
                wrk(server.base + path, token, "get.lua", min(3, seconds),
                    connections)  # warm up
                cpu_before, all_before = server.worker_cpu(), server.all_workers_cpu()
                db_before = database_server_cpu(database)
                f = figures[label] = wrk(server.base + path, token, "get.lua", seconds,
                                         connections)
                cpu_after, all_after = server.worker_cpu(), server.all_workers_cpu()
                db_after = database_server_cpu(database)
                # How the run's CPU fell on the workers: one worker doing it all is a run
                # bound by one core, not by what a request costs.
                spread = "/".join(f"{cpu_after[pid] - cpu_before[pid]:.1f}"
                                  for pid in cpu_before if pid in cpu_after)
                f["cpu_ms"] = cpu_per_request(all_before, all_after, db_before, db_after,
                                              f["requests"])
                floor = figures[lists[0][0]]
                ok = f["statuses"].get("200", 0)
                if not f["requests"] or ok != f["requests"]:
                    raise CommandError(f"{label}: {ok} of {f['requests']} requests answered "
                                       f"200 ({f['statuses']}); see bench-gunicorn.log")
                out(f"[{vendor}] {label}: {f['rps']:,.0f} req/s, p50 {f['p50_ms']:.1f} ms, "
                    f"p95 {f['p95_ms']:.1f} ms, p99 {f['p99_ms']:.1f} ms, "
                    f"{ok}/{f['requests']} × 200"
                    + (f", CPU {f['busy']:.0%} busy" if f["busy"] is not None else "")
                    + (f" (workers' CPU {spread} s)" if spread else "")
                    + cpu_said(f["cpu_ms"], floor["cpu_ms"], f is floor)
                    + ("" if f is floor else
                       f"; throughput {f['rps'] / floor['rps']:.2f}× the floor, p95 "
                       f"{f['p95_ms'] / max(floor['p95_ms'], 0.01):.1f}× the floor's ("
                       f"{aims.LOAD_THROUGHPUT.said(f['rps'] / floor['rps'])}; "
                       f"{aims.LOAD_P95.said(f['p95_ms'])})"))
            before = Petition.objects.count()
            connection.close()
            # POSTs for `seconds`, then GETs for a few seconds so no POST is in flight when
            # wrk stops (see post_petition.lua); latencies include those GETs.
            drain = min(8, seconds + 2)
            f = wrk(server.base + "/api/petitions/", token, "post_petition.lua", seconds + drain,
                    connections, {"OVERSIGHT_UNIT": unit, "OVERSIGHT_POST_SECONDS": str(seconds)})
            f["seconds"] = seconds
            created = Petition.objects.count() - before
            connection.close()
            answered = f["statuses"].get("201", 0)
            other = {k: v for k, v in f["statuses"].items() if k != "201"}
            out(f"[{vendor}] intake, {connections} clients POSTing for {seconds} s: "
                f"{answered / f['seconds']:,.1f} created/s, p50 {f['p50_ms']:.0f} ms, "
                f"p95 {f['p95_ms']:.0f} ms; 201 responses {answered:,}, new rows "
                f"{created:,}: {'match' if answered == created else 'MISMATCH'}"
                + (f"; other statuses {other}" if other else "")
                + (f"; socket errors {f['errors']}" if f["errors"] else "")
                + f" ({aims.INTAKE_LOST.said(max(answered - created, 0))})")
            if created < answered or not answered:
                raise CommandError(f"intake lost writes: {answered} answered 201, {created} "
                                   "rows written")
        self.search(vendor, user, queries)
        self.audit(vendor, min(seconds, 5))

    def audit(self, vendor, seconds):
        """Appends to the audit trail under contention (`ops.audit_load`): chained by the
        database against chained in Python, the same run."""
        here = audit_load.appends_per_second(seconds, in_database=False)
        line = (f"[{vendor}] audit appends of {audit_load.ENTRIES} entries, "
                f"{audit_load.PROCESSES} processes × {audit_load.WRITERS} writers beside "
                f"{audit_load.BUSY} busy threads, {seconds} s: chained in Python {here:,.1f}/s")
        if vendor == "postgresql":
            there = audit_load.appends_per_second(seconds, in_database=True)
            line += (f"; chained by the database {there:,.1f}/s "
                     f"({there / max(here, 0.01):.1f}× the Python chaining)")
        self.stdout.write(line)

    def search(self, vendor, user, count=200):
        analyst = User.objects.filter(username="bench_central").first()
        if analyst is None:
            analyst = User.objects.create(username="bench_central",
                                          unit=Unit.objects.get(code="central"))
            analyst.set_roles([Role.CENTRAL_ANALYST])
        queries = search_queries(count)
        for q in queries[:5]:
            search(analyst, q)  # warm
        times, hits = [], 0
        for q in queries:
            start = time.perf_counter()
            hits += bool(search(analyst, q, 50))
            times.append(time.perf_counter() - start)
        p95 = percentile(times, 95) * 1000
        self.stdout.write(
            f"[{vendor}] search over {SearchEntry.objects.count():,} entries, "
            f"{len(queries)} diacritic-free queries (central analyst, 50 results): p50 "
            f"{statistics.median(times) * 1000:.1f} ms, p95 {p95:.1f} "
            f"ms, max {max(times) * 1000:.1f} ms; {hits} with results "
            f"({aims.SEARCH_P95.said(p95)})")
