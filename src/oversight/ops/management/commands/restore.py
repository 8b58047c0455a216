"""`oversight restore FILE`: replace the database with a backup, then check the audit trail."""

from pathlib import Path

from django.core.management.base import CommandError

from oversight import audit
from oversight.audit import chain
from oversight.audit.choices import Action
from oversight.base.commands import RecordedCommand
from oversight.ops.backup import BackupError, restore


class Command(RecordedCommand):
    help = "Restore the database from a backup made by `oversight backup` (replaces all data)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--no-input", action="store_true", dest="no_input",
                            help="do not ask for confirmation")

    def handle(self, *args, file, no_input, **options):
        if not no_input and options.get("interactive", True):
            answer = input(f"Replace ALL data with the backup {file}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore(Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        result = chain.verify()
        if not result.ok:
            raise CommandError(f"Restored, but the audit trail is BROKEN at entry "
                               f"#{result.broken_id}: {result.reason}", returncode=1)
        audit.record(Action.BACKUP, object_type_="database",
                     detail={"operation": "restore", "file": Path(file).name})
        self.stdout.write(self.style.SUCCESS(
            f"Restored from {file}; audit trail intact ({result.count} entries)."))
