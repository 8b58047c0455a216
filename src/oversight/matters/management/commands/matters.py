"""`oversight matters close --unit CODE --before DATE`: bulk status change through the actions.

Every matter of the unit (and its predecessors) put under monitoring before DATE and not yet
completely handled is recorded as completed (`matters.actions.complete`, with its timeline
event) — all in ONE transaction: if any matter is refused, none is changed.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.db import transaction

from oversight.base.commands import RecordedCommand
from oversight.core.errors import RuleError
from oversight.matters import actions
from oversight.matters.models import Matter
from oversight.units.models import Unit


class Command(RecordedCommand):
    help = "Bulk changes to matters, through the actions, in one transaction."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        close = sub.add_parser("close", help="record matters as completely handled")
        close.add_argument("--unit", required=True)
        close.add_argument("--before", required=True, type=dt.date.fromisoformat,
                           help="monitored before this date (YYYY-MM-DD)")
        close.add_argument("--on", type=dt.date.fromisoformat,
                           help="completion date (default: today)")
        close.add_argument("--note", default="")
        close.add_argument("--dry-run", action="store_true")

    def handle(self, *args, action, unit, before, on=None, note="", dry_run=False, **options):
        from django.utils import timezone


        target = Unit.objects.filter(code=unit).first()
        if target is None:
            raise CommandError(f"Unknown unit “{unit}”.")
        on = on or timezone.localdate()
        matters = list(Matter.objects.filter(
            responsible_unit_id__in=Unit.objects.lineage_ids(target.pk),
            monitored_from__lt=before, completed_on__isnull=True).order_by("pk"))
        self.stdout.write(f"{len(matters)} matters of {target.code} monitored before {before}")
        if dry_run:
            return
        try:
            with transaction.atomic():
                for index, matter in enumerate(matters, 1):
                    actions.complete(matter, on=on, by=self.acting_user, note=note)
                    if index % 100 == 0:
                        self.stdout.write(f"closed {index}/{len(matters)}")
        except RuleError as error:
            raise CommandError(f"matter {matter.pk}: {error.message}; nothing was changed."
                               ) from error
        self.stdout.write(self.style.SUCCESS(f"closed {len(matters)} matters"))
