from oversight.base.commands import RecordedCommand
from oversight.units.loading import load_units
from oversight.units.models import Cluster, Unit


class Command(RecordedCommand):
    help = "Create or refresh the central commission, the 63 provincial units and the clusters."

    def handle(self, *args, **options):
        count = load_units(Unit, Cluster)
        self.stdout.write(f"{count} units loaded.")
