from oversight.base.commands import RecordedCommand
from oversight.search.index import rebuild


class Command(RecordedCommand):
    help = "Rebuild the full-text search index of petitions, matters and hot spots."

    def handle(self, *args, **options):
        self.stdout.write(f"Indexed {rebuild()} objects.")
