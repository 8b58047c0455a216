"""`oversight escalate`: apply the escalation steps (workcalendar/escalation.py) for today.

    oversight escalate --dry-run              # print what would fire, change nothing
    oversight escalate --today 2026-01-06     # fire the steps due on that day

Both fire through the job `escalation` (jobs/definitions.py), the one the daily run starts
after marking overdue petitions (ops/tasks.py): the command runs it here, now, and the jobs page
shows it."""

import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone

from oversight.base.commands import RecordedCommand
from oversight.core import calendar, jobs
from oversight.workcalendar import escalation


class Command(RecordedCommand):
    help = ("Apply the escalation steps to open petitions, directions and recommendations "
            "(each step once per record and deadline); --dry-run prints what it would do.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Print the steps that would fire; notify and record nothing.")
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, dry_run=False, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--today: a date as YYYY-MM-DD.") from exc
        if not calendar.is_working_day(day):
            self.stdout.write(f"{day:%d/%m/%Y} is not a working day: no step fires.")
            return
        if dry_run:
            found = escalation.plan(day)
            for planned in found:
                self.stdout.write("[dry run] " + planned.line())
            self.stdout.write(f"{len(found)} escalation step(s) would fire on {day:%d/%m/%Y}.")
            return
        row = jobs.run("escalation", self.acting_user, today=day.isoformat())
        if row.status != "done":
            raise CommandError(f"Job {row.pk} {row.status}: {row.message}")
        result = row.result or {}
        for line in result.get("lines", []):
            self.stdout.write(line)
        self.stdout.write(f"{result.get('fired', 0)} escalation step(s) fired on "
                          f"{day:%d/%m/%Y} (job {row.pk}, {row.status}).")
