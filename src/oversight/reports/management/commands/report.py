"""oversight report --unit nghe_an --period 2024 --format json|xlsx|docx|pdf --output FILE"""

import json

from django.core.management.base import CommandError

from oversight.base.commands import RecordedCommand
from oversight.reports import documents, service
from oversight.reports.periods import CALENDARS, PeriodError, parse
from oversight.reports.places import PlaceError, resolve

FORMATS = ("json", "xlsx", "docx", "pdf")


class Command(RecordedCommand):
    help = "Write a report for a unit, a cluster or the nation over a period."

    def add_arguments(self, parser):
        place = parser.add_mutually_exclusive_group(required=True)
        place.add_argument("--unit", help="unit code, e.g. nghe_an")
        place.add_argument("--cluster", help="cluster id or code, e.g. cluster_ii")
        place.add_argument("--national", action="store_true")
        parser.add_argument("--period", required=True,
                            help="2024, 2024-H1, 2024-Q3, 2024-9M, 2024-05, 2021-2025, "
                                 "or 2024-01-01..2024-03-31")
        parser.add_argument("--calendar", choices=CALENDARS, default="calendar")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", help="file to write (default: standard output for json)")

    def handle(self, *args, unit, cluster, national, period, calendar, format, output,
               **options):
        try:
            place = resolve(unit=unit, cluster=cluster, scope="national" if national else None)
            the_period = parse(period, calendar)
        except (PlaceError, PeriodError) as error:
            raise CommandError(str(error)) from error
        if format == "json":
            data = service.build(place, the_period, with_parts=place.kind != "unit")
            text = json.dumps(data, ensure_ascii=False, indent=2)
            if output:
                with open(output, "w", encoding="utf-8") as fh:
                    fh.write(text)
            else:
                self.stdout.write(text)
            return
        if not output:
            raise CommandError("--output is required for xlsx, docx and pdf.")

        writer = getattr(documents, f"write_{format}")
        writer(place, the_period, output)
        self.stdout.write(f"Wrote {output}")
