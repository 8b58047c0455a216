"""`oversight intake`: bring paper and email in from the command line.

    oversight intake mail FILE.eml|FILE.msg|DIR --unit nghe_an   # one draft per message
    oversight intake scan FILE.pdf --unit nghe_an [--split]      # one draft (per petition)
    oversight intake poll                                         # the OVERSIGHT_IMAP_* mailbox

The drafts are read by the worker (or `oversight jobs --run-queued`); nothing is registered
until an officer confirms it on the desk or through the API.
"""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError

from oversight.base.commands import RecordedCommand
from oversight.core.errors import RuleError
from oversight.intake import actions, imap, mail
from oversight.units.models import Unit


class Command(RecordedCommand):
    help = "Import email messages or scans as draft petitions, or poll the mailbox."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["mail", "scan", "poll"])
        parser.add_argument("path", nargs="?")
        parser.add_argument("--unit", help="Code of the receiving unit (default: "
                                           "OVERSIGHT_IMAP_UNIT).")
        parser.add_argument("--split", action="store_true",
                            help="Scans: one petition per group of pages between blank pages.")

    def handle(self, what, path=None, unit=None, split=False, **options):
        from django.conf import settings


        if what == "poll":
            result = imap.poll()
            self.stdout.write(f"{result['created']} new draft(s), {result['known']} message(s) "
                              "already imported.")
            return
        if not path or not Path(path).exists():
            raise CommandError("Give a file or a directory that exists.")
        target = Unit.objects.filter(code=unit or settings.IMAP_UNIT).first()
        if target is None:
            raise CommandError("Give the receiving unit with --unit CODE.")
        try:
            if what == "mail":
                found = mail.import_path(Path(path), by=self.acting_user, unit=target)
                for file, draft, created in found:
                    state = "new draft" if created else "already imported as draft"
                    self.stdout.write(f"{file}: {state} {draft.pk}")
            else:
                data = Path(path).read_bytes()
                drafts = actions.receive_scan(by=self.acting_user, unit=target, split=split,
                                              upload=SimpleUploadedFile(Path(path).name, data))
                self.stdout.write(f"{path}: draft(s) {', '.join(str(d.pk) for d in drafts)}")
        except RuleError as error:
            raise CommandError(f"{error.field or ''}: {error.message}") from error
