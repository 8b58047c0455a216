"""`oversight bench_lists`: one list request of 50 rows at a time, in-process, against the
floor `/api/me/` (the smallest authenticated JSON answer of the same stack).

The requests are interleaved (each round asks every path once) so that the machine's load
falls on all of them alike; the figures are medians of wall time and of this process's CPU
time (user + system), and each list's ratio to the floor's, with the aim beside it (issue 17:
a list of 50 rows at most 3× `/api/me/` on both databases; judged on CPU time, which the
machine's other work inflates less than the wall time). `scripts/bench.sh` (`make bench`) runs
it on each database after `oversight bench`.

On PostgreSQL a last part adds the server backend's CPU (another process, which the figures
above leave out and which shares the cores under load).

The same reader asks for the same list again and again, so the figure judged is a list whose
plan is kept (`core.listplans`: the scoped, filtered queryset built once, its reads checked on
each request); beside it, the same list built anew with plans off — what a reader's first
request costs, or the first after a change the plan depends on.
"""

import json
import os
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.accounts.tokens import issue
from oversight.base import aims
from oversight.base.memory import settle
from oversight.ops.management.commands.bench_load import bench_user, process_cpu
from oversight.units.models import Unit


def list_paths(unit: str, size: int = 50) -> list[tuple[str, str, str]]:
    """(label, who asks, path): petitions as the unit's officer, the national lists as a
    central analyst (the lists that have 50 rows on every scale)."""
    return [
        ("floor /api/me/", "officer", "/api/me/"),
        ("petitions by unit + year", "officer", f"/api/petitions/?unit={unit}"
         f"&received_after=2024-01-01&received_before=2024-12-31&page_size={size}"),
        ("matters", "analyst", f"/api/matters/?page_size={size}"),
        ("matters by stage", "analyst", f"/api/matters/?stage=investigation&page_size={size}"),
        ("directions", "analyst", f"/api/directions/?page_size={size}"),
        ("matters page (HTML)", "analyst, signed in", f"/matters/?page_size={size}"),
        ("directions page (HTML)", "analyst, signed in", f"/directions/?page_size={size}"),
        ("petitions page (HTML)", "officer, signed in", f"/petitions/?unit={unit}"
         f"&received_after=2024-01-01&received_before=2024-12-31&page_size={size}"),
    ]


AIM = aims.LIST_CPU.limit  # issue 17: one list request of 50 rows at most 3× the floor


def analyst_user():
    analyst = User.objects.filter(username="bench_central").first()
    if analyst is None:
        analyst = User.objects.create(username="bench_central",
                                      unit=Unit.objects.get(code="central"))
        analyst.set_roles([Role.CENTRAL_ANALYST])
    return analyst


class Command(BaseCommand):
    help = "Time one list request of 50 rows in-process against /api/me/ (wall and CPU)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", default="nghe_an")
        parser.add_argument("--repeat", type=int, default=15)
        parser.add_argument("--size", type=int, default=50, help="rows per list")

    def handle(self, *args, unit, repeat, size, **options):
        vendor = connection.vendor
        officer, officer_key = bench_user(unit)
        analyst = analyst_user()
        analyst_key, _token = issue(analyst)
        clients = {"officer": Client(HTTP_AUTHORIZATION=f"Token {officer_key}"),
                   "analyst": Client(HTTP_AUTHORIZATION=f"Token {analyst_key}"),
                   "analyst, signed in": Client(), "officer, signed in": Client()}
        clients["analyst, signed in"].force_login(analyst)  # the HTML pages use the session
        clients["officer, signed in"].force_login(officer)
        with override_settings(REQUIRE_2FA=False):  # the pages are timed, not the sign-in
            self.measure(vendor, unit, repeat, size, clients)

    def measure(self, vendor, unit, repeat, size, clients):
        paths = list_paths(unit, size)
        wall = {label: [] for label, _who, _path in paths}
        cpu = {label: [] for label, _who, _path in paths}
        anew = {label: [] for label, _who, _path in paths}
        sizes, rows = {}, {}
        for label, who, path in paths:  # warm: imports, templates, caches
            response = clients[who].get(path)
            assert response.status_code == 200, (path, response.status_code)
            sizes[label] = len(response.content)
            if path.startswith("/api/") and "results" in response.content[:200].decode(
                    errors="replace"):
                rows[label] = len(json.loads(response.content)["results"])
        settle()  # as the server does once loaded (oversight.wsgi)
        for _ in range(repeat):
            for label, who, path in paths:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = clients[who].get(path)
                wall[label].append(time.perf_counter() - start)
                cpu[label].append(time.process_time() - start_cpu)
                assert response.status_code == 200, (path, response.status_code)
                if label != paths[0][0]:  # the same list built anew (core.listplans off)
                    with override_settings(LIST_PLANS=False):
                        start_cpu = time.process_time()
                        response = clients[who].get(path)
                        anew[label].append(time.process_time() - start_cpu)
        floor_label = paths[0][0]
        floor_wall = statistics.median(wall[floor_label])
        floor_cpu = statistics.median(cpu[floor_label])
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        self.stdout.write(f"[{vendor}] lists: one request at a time, in-process, median of "
                          f"{repeat} (load average {load}); aim ≤ {AIM:g}× the floor, judged on "
                          f"CPU time:")
        for label, who, _path in paths:
            w, c = statistics.median(wall[label]), statistics.median(cpu[label])
            line = (f"[{vendor}] {label} ({who}): {w * 1000:.1f} ms wall, {c * 1000:.1f} ms "
                    f"CPU, {sizes[label] / 1024:.1f} KB")
            if label in rows:
                line += f", {rows[label]} rows"
            if label != floor_label:
                ratio = c / max(floor_cpu, 1e-6)
                line += (f"; {w / floor_wall:.1f}× the floor (CPU {ratio:.1f}×; "
                         f"{aims.LIST_CPU.said(ratio)})")
                first = statistics.median(anew[label])
                line += (f"; built anew (a reader's first request, or after a change its "
                         f"plan depends on): {first * 1000:.1f} ms CPU, "
                         f"{first / max(floor_cpu, 1e-6):.1f}×")
            self.stdout.write(line)
        if vendor == "postgresql":
            self.with_database(vendor, paths, clients)

    def with_database(self, vendor, paths, clients, requests: int = 60,
                      seconds: float = 1.5):
        """On PostgreSQL the database's work is another process's CPU, which the figures above
        leave out and which shares the cores under load: each list asked in a row at least
        `requests` times and for at least `seconds` (the backend's CPU is read in clock ticks
        of 10 ms: over 60 requests of the floor a tick was a fifth of its figure), with this
        process's CPU and the server backend's (`/proc/<pid>/stat` of `pg_backend_pid()`: a
        server on this machine), per request, and together against the floor's together."""
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            process_cpu(pid)
        except (OSError, IndexError, ValueError):
            self.stdout.write(f"[{vendor}] the database's CPU: not readable (a server on "
                              "another machine)")
            return
        together = {}
        for label, who, path in paths:
            clients[who].get(path)
            start, start_backend = time.process_time(), process_cpu(pid)
            asked, begun = 0, time.perf_counter()
            while asked < requests or time.perf_counter() - begun < seconds:
                clients[who].get(path)
                asked += 1
            own = (time.process_time() - start) / asked
            database = (process_cpu(pid) - start_backend) / asked
            together[label] = own + database
            floor = together[paths[0][0]]
            line = (f"[{vendor}] with the database's CPU, {label}: {own * 1000:.1f} ms here + "
                    f"{database * 1000:.1f} ms in PostgreSQL")
            if label != paths[0][0]:
                line += f" = {together[label] / max(floor, 1e-6):.1f}× the floor's together"
            self.stdout.write(line)
