from oversight.base.commands import RecordedCommand
from oversight.ops.tasks import mark_overdue_petitions


class Command(RecordedCommand):
    help = ("Mark petitions that became overdue and notify their assignees. Runs now by "
            "default; --enqueue hands it to the task worker (db_worker) instead.")

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true")
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, enqueue=False, today=None, **options):
        if enqueue:
            result = mark_overdue_petitions.enqueue(today)
            self.stdout.write(f"Enqueued task {result.id}.")
        else:
            n = mark_overdue_petitions.call(today)
            self.stdout.write(f"Marked {n} petitions overdue.")
