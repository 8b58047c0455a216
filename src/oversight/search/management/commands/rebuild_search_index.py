from django.core.management.base import BaseCommand

from oversight.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index of petitions, matters and hot spots."

    def handle(self, *args, **options):
        self.stdout.write(f"Indexed {rebuild()} objects.")
