from django.core.management.base import CommandError

from oversight import audit
from oversight.audit.choices import Action
from oversight.base.acting import suspended
from oversight.base.commands import RecordedCommand
from oversight.matters.models import Matter
from oversight.seeding.plan import SCALES, ensure_escrow, run


class Command(RecordedCommand):
    help = "Generate a deterministic, realistic data set (demo, province or national scale)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
        parser.add_argument("--force", action="store_true",
                            help="add the data even if the database already holds matters")

    def handle(self, *args, scale, seed, force, **options):
        if Matter.objects.exists() and not force:
            raise CommandError("The database already holds matters; use --force to add more.")

        made = ensure_escrow()  # denunciations are sealed: they need a recipient
        if made:
            self.stdout.write(self.style.WARNING(
                f"Created the escrow key {made[0].fingerprint}; its private key, shown once: "
                f"{made[1]}"))
        # Generated data is recorded as one import entry, not one entry per generated row.
        with suspended():
            summary = run(scale, seed=seed, progress=lambda line: self.stdout.write(line))
        audit.record(Action.IMPORT, object_type_="seed", object_id=scale,
                     detail={"scale": scale, "seed": seed, **summary})
        self.stdout.write(self.style.SUCCESS(
            "Seeded: " + ", ".join(f"{v} {k}" for k, v in summary.items())
        ))
