"""`oversight backup [--output FILE]`: a consistent copy of the whole database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

from oversight import audit
from oversight.audit.choices import Action
from oversight.base.commands import RecordedCommand
from oversight.ops.backup import BackupError, backup


class Command(RecordedCommand):
    help = "Back up the database (SQLite online backup, or pg_dump -Fc on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="", help="file to write (default "
                            "DATA_DIR/backups/oversight-YYYYmmdd-HHMMSS.{sqlite3,dump})")

    def handle(self, *args, output, **options):
        from django.db import connection


        if not output:
            ext = "sqlite3" if connection.vendor == "sqlite" else "dump"
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = settings.DATA_DIR / "backups" / f"oversight-{stamp}.{ext}"
        audit.record(Action.BACKUP, object_type_="database", detail={
            "operation": "backup", "file": Path(output).name})
        try:
            path = backup(Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
