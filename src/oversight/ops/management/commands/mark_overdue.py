from django.core.management.base import CommandError

from oversight.base.commands import RecordedCommand
from oversight.ops.tasks import daily


class Command(RecordedCommand):
    help = ("The daily run, as jobs: housekeeping, marking petitions that became overdue (and "
            "notifying their assignees), escalation. Runs them now by default; --enqueue hands "
            "them to the task worker (db_worker) instead.")

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true")
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, enqueue=False, today=None, **options):
        rows = daily(by=self.acting_user, today=today, now=not enqueue)
        for row in rows:
            if enqueue:
                self.stdout.write(f"Enqueued job {row.pk} ({row.name}).")
            else:
                self.stdout.write(f"Job {row.pk} ({row.name}): {row.status} {row.result or ''}")
        if not enqueue:
            failed = [row for row in rows if row.status != "done"]
            if failed:
                raise CommandError("; ".join(f"job {r.pk} ({r.name}) {r.status}: {r.message}"
                                             for r in failed))
            marked = (rows[1].result or {}).get("marked", 0)
            self.stdout.write(f"Marked {marked} petitions overdue.")
