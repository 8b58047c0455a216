"""`oversight bench`: seed a scale and time the national annual report against its floor.

The floor is one raw SQL GROUP BY pass per unit over the same tables and the same columns
the indicators read (the dates that put a record in a period, the amounts): the least any
report over those data can cost. The report computes every indicator for the year and the
previous year, split per province.
"""

import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from oversight.base import aims
from oversight.matters.models import Matter
from oversight.ops.management.commands.bench_load import bench_user
from oversight.petitions.models import Petition
from oversight.reports import service
from oversight.reports.periods import parse
from oversight.reports.places import national
from oversight.seeding.plan import SCALES, ensure_escrow, run

FLOOR_QUERIES = [
    "SELECT responsible_unit_id, COUNT(*), MAX(monitored_from), MAX(completed_on), "
    "MAX(closed_on), MAX(prosecuted_on), SUM(loss_amount), SUM(recovered_amount) "
    "FROM matters_matter GROUP BY 1",
    "SELECT m.responsible_unit_id, COUNT(*), MAX(d.prosecuted_on), MAX(d.first_instance_on), "
    "MAX(d.appeal_on) FROM matters_defendant d JOIN matters_matter m ON m.id = d.matter_id "
    "GROUP BY 1",
    "SELECT m.responsible_unit_id, COUNT(*), MAX(e.\"on\") FROM matters_matterevent e "
    "JOIN matters_matter m ON m.id = e.matter_id GROUP BY 1",
    "SELECT unit_id, COUNT(*), MAX(issued_on), MAX(due_on) FROM matters_direction GROUP BY 1",
    "SELECT unit_id, COUNT(*), MAX(received_on), MAX(decided_on), MAX(next_due) "
    "FROM petitions_petition GROUP BY 1",
    "SELECT unit_id, COUNT(*), MAX(held_on) FROM petitions_reception GROUP BY 1",
    "SELECT unit_id, COUNT(*), MAX(resolved_on) FROM petitions_hotspot GROUP BY 1",
]


def floor_statements(vendor: str, repeat: int = 3) -> list[str]:
    """The floor's statements, each in its faster plan on SQLite.

    SQLite (no statistics) walks a table in unit order through the unit index, fetching each
    row by rowid, for any GROUP BY unit; the report reads the petitions in table order and
    groups them after (`reports.indicators.READ_IN_TABLE_ORDER`), which is faster on a large
    table. The floor must be the best the database can do, so each statement is timed as
    written and with its first table NOT INDEXED (same rows, same answer), and the faster kept.
    """
    if vendor != "sqlite":
        return list(FLOOR_QUERIES)
    chosen = []
    with connection.cursor() as cursor:
        for sql in FLOOR_QUERIES:
            table = sql.split(" FROM ", 1)[1].split(" JOIN ", 1)[0].split(" GROUP BY ", 1)[0]
            forms = [sql, sql.replace(f" FROM {table}", f" FROM {table} NOT INDEXED", 1)]
            timings = []
            for form in forms:
                cursor.execute(form)
                answer = sorted(cursor.fetchall())
                timings.append((_timed(lambda f=form: cursor.execute(f).fetchall(), repeat)[0],
                                form, answer))
            assert timings[0][2] == timings[1][2], "NOT INDEXED changed the floor's answer"
            chosen.append(min(timings, key=lambda timing: timing[0])[1])
    return chosen


def _timed(func, repeat: int = 3) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


class Command(BaseCommand):
    help = "Seed a data set (unless present) and print the report timings against the floor."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="national", choices=sorted(SCALES))
        parser.add_argument("--period", default="2025")
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--unit", default="nghe_an", help="the unit of the list timings")
        parser.add_argument("--load", action="store_true",
                            help="then run bench_load (wrk against gunicorn)")
        parser.add_argument("--seconds", type=int, default=30,
                            help="bench_load: seconds of load per endpoint")
        parser.add_argument("--connections", type=int, default=32,
                            help="bench_load: concurrent connections")
        parser.add_argument("--workers", type=int, default=None,
                            help="bench_load: gunicorn processes (default 2 × cores)")
        parser.add_argument("--queries", type=int, default=200,
                            help="bench_load: search queries timed")

    def handle(self, *args, scale, period, repeat, unit, load, seconds, connections,
               workers, queries=200, **options):

        vendor = connection.vendor
        out = self.stdout.write
        the_period = parse(period)

        def scaling(_n=None):
            count = Petition.objects.count()
            started = time.perf_counter()
            service.build(national(), the_period, with_parts=True)
            report_s = time.perf_counter() - started
            list_ms = self.list_timings(unit)
            out(f"[{vendor}] scaling at {count:,} petitions: national report "
                f"{report_s * 1000:,.0f} ms; GET /api/petitions/ by unit + year: median "
                f"{list_ms[0]:.1f} ms; unfiltered first page (count over all visible): "
                f"median {list_ms[1]:.1f} ms")

        if not Matter.objects.exists():
            start = time.perf_counter()

            if ensure_escrow():  # a fresh database: sealing needs a recipient
                out(f"[{vendor}] escrow key made for this bench database (private half "
                    "discarded)")
            checkpoints = {"national": [100_000, 300_000], "province": [20_000],
                           "tiny": [1_000]}.get(scale, [])
            seeding = [0.0]

            def checkpoint(n):  # measured time is not seed time
                mark = time.perf_counter()
                scaling(n)
                seeding[0] += time.perf_counter() - mark

            run(scale, progress=lambda line: None, checkpoints=checkpoints,
                on_checkpoint=checkpoint)
            out(f"[{vendor}] seed {scale} (with the search index): "
                f"{time.perf_counter() - start - seeding[0]:,.1f} s")
            if vendor == "postgresql":
                # What autovacuum does after a bulk load, done now: without statistics the
                # planner read the hidden records of a petitions list by scanning every
                # petition (40 ms, not 1 ms through the partial index), and without the
                # visibility map the index-only scans visit the table.
                mark = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
                out(f"[{vendor}] VACUUM ANALYZE after the seed: "
                    f"{time.perf_counter() - mark:,.1f} s")
        out(f"[{vendor}] data: {Matter.objects.count():,} matters, "
            f"{Petition.objects.count():,} petitions")
        scaling()

        statements = floor_statements(vendor)

        def floor():
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

        def report():
            service.build(national(), the_period, with_parts=True)

        report()  # warm caches (both get the same chance)
        floor()
        report_median, report_best = _timed(report, repeat)
        floor_median, floor_best = _timed(floor, repeat)
        out(f"[{vendor}] national annual report {period}, all indicators + previous year, "
            f"per province: median {report_median * 1000:,.0f} ms (best "
            f"{report_best * 1000:,.0f} ms)")
        out(f"[{vendor}] floor, one GROUP BY pass over the same tables: median "
            f"{floor_median * 1000:,.0f} ms (best {floor_best * 1000:,.0f} ms)")
        ratio = report_median / floor_median
        out(f"[{vendor}] ratio report/floor: {ratio:.2f}× ({aims.REPORT_RATIO.said(ratio)}"
            + (f"; {aims.REPORT_SQLITE.said(report_median * 1000)}" if vendor == "sqlite"
               else "") + f"; this run: {scale})")
        if load:
            extra = {"workers": workers} if workers else {}
            call_command("bench_load", unit=unit, seconds=seconds, connections=connections,
                         queries=queries, stdout=self.stdout, **extra)

    def list_timings(self, unit: str, repeat: int = 10) -> tuple[float, float]:
        """Median ms of the petitions list API in-process: filtered by unit and year, and the
        unfiltered first page."""
        from django.test import Client


        _user, token = bench_user(unit)
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        results = []
        for path in (f"/api/petitions/?unit={unit}&received_after=2024-01-01"
                     "&received_before=2024-12-31", "/api/petitions/"):
            client.get(path)
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200, response.content[:300]
            results.append(statistics.median(times) * 1000)
        return results[0], results[1]
