"""`oversight link INPUT.csv --output OUT.csv [--against-registry]`: deduplicate a list of
persons (record_id,full_name,date_of_birth,id_number,address,phone) and write
record_id,cluster_id (and the matched person_id)."""

import logging

from django.core.management.base import CommandError

from oversight.base.commands import RecordedCommand


class Command(RecordedCommand):
    help = "Deduplicate an external CSV list of persons with the linking model."
    # The system checks import every URL module and view (a fifth of a run on 11,000
    # records); linking a file needs none of them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("input")
        parser.add_argument("--output", required=True)
        parser.add_argument("--against-registry", action="store_true",
                            help="also give each record the registry's matching person_id")

    def handle(self, *args, input, output, against_registry, **options):
        # Late: pandas and Splink load when a file is linked, not for `--help` or a wrong
        # argument.
        from oversight.people import external

        logging.getLogger("splink").setLevel(logging.WARNING)
        try:
            with open(input, encoding="utf-8-sig", newline="") as fh:
                rows = external.read(fh)
        except (OSError, external.InputError) as error:
            raise CommandError(str(error)) from error
        result = external.link(rows, against_registry=against_registry)
        with open(output, "w", encoding="utf-8", newline="") as fh:
            external.write(result, fh, against_registry)
        clusters = len({r["cluster_id"] for r in result})
        self.stdout.write(f"{len(result)} records, {clusters} clusters → {output}")
