"""`oversight explain`: the query plans of the list filters and the report queries.

SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN (ANALYZE, BUFFERS). Each query is the one the
API builds (the queryset of the viewset with the filter applied, first page), plus its COUNT
for the paginator. docs/performance.md records what these printed and what was decided.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import connection

from oversight.matters.models import Direction, Matter
from oversight.ops.management.commands.bench import FLOOR_QUERIES
from oversight.petitions.models import Petition
from oversight.search.backends import backend
from oversight.units.models import Unit


def _plan(sql: str, params) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [f"{'  ' * (row[1] and 1)}{row[-1]}" for row in cursor.fetchall()]


def queries(unit_code: str = "nghe_an", today: dt.date = dt.date(2026, 10, 31)):
    unit_ids = list(Unit.objects.lineage_ids(Unit.objects.get(code=unit_code).pk))
    m = Matter.objects.order_by("-monitored_from", "-id")
    p = Petition.objects.order_by("-received_on", "-id")
    d = Direction.objects.order_by("due_on", "id")
    year = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    return {
        "matters by unit + stage": m.filter(responsible_unit_id__in=unit_ids,
                                            stage__in=["investigation"]),
        "matters by stage (analyst)": m.filter(stage__in=["investigation"]),
        "matters by monitored_from range": m.filter(monitored_from__range=year),
        "petitions by unit + received range": p.filter(unit_id__in=unit_ids,
                                                       received_on__range=year),
        "petitions by status (analyst)": p.filter(status__in=["received"]),
        "petitions by unit + status": p.filter(unit_id__in=unit_ids, status__in=["accepted"]),
        "petitions overdue (next_due < today)": p.filter(next_due__lt=today),
        "petitions of a unit overdue": p.filter(unit_id__in=unit_ids, next_due__lt=today),
        "directions overdue": d.filter(status="open", due_on__lt=today),
        "directions of a unit overdue": d.filter(unit_id__in=unit_ids, status="open",
                                                 due_on__lt=today),
    }


class Command(BaseCommand):
    help = "Print the query plans of the list filters, search and report queries."

    def add_arguments(self, parser):
        parser.add_argument("--unit", default="nghe_an")

    def handle(self, *args, unit, **options):
        out = self.stdout.write
        out(f"# {connection.vendor}")
        for label, qs in queries(unit).items():
            for suffix, query in (("first page", qs[:50]), ("count", None)):
                if query is None:
                    sql, params = qs.order_by().values("pk").query.sql_with_params()
                    sql = f"SELECT COUNT(*) FROM ({sql}) c"
                else:
                    sql, params = query.query.sql_with_params()
                out(f"\n## {label} — {suffix}")
                for line in _plan(sql, params):
                    out(f"    {line}")
        out("\n## search 'nguyen khieu nai' (analyst)")
        sql, params = backend().ranked_sql(["nguyen", "khieu", "nai"], None, 50)
        for line in _plan(sql, params):
            out(f"    {line}")
        for sql in FLOOR_QUERIES[:5]:
            out(f"\n## report floor: {sql[:70]}…")
            for line in _plan(sql, []):
                out(f"    {line}")
