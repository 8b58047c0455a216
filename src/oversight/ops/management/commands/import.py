"""`oversight import matters|petitions FILE.csv`: historical records, all or nothing.

The columns are the API's (`/api/matters/`, `/api/petitions/`): units by code
(`responsible_unit`, `unit`), dates as YYYY-MM-DD, choices by value (`stage`, `status`…).
List columns (`criteria`, `agencies`) separate values with `;`; a petitioner is given as
`petitioner_name`, `petitioner_id_number`, `petitioner_address`, `petitioner_phone`.

1. Every row is validated by the API's serializer; every error is printed with its row
   number (the header is row 1) and field, and nothing is written if any row is bad.
2. Then all rows are written in ONE transaction through the actions
   (`matters.actions.create_matter`, `petitions.actions.create_petition`), which apply the
   business rules; a rule refusing any row rolls the whole import back, again listing every
   refused row. An import killed midway (SIGKILL, power cut) leaves the database as it was.

`--throttle-ms N` sleeps N ms after each row: pacing, so a large import on a busy server
leaves room for the users (on SQLite the transaction holds the write lock throughout).
"""

from __future__ import annotations

import csv
import sys
import time
from types import SimpleNamespace

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management.base import CommandError
from django.db import transaction

from oversight.accounts.models import User
from oversight.base.commands import RecordedCommand
from oversight.core.errors import RuleError
from oversight.matters.api.serializers import MatterSerializer
from oversight.petitions.api.serializers import PetitionSerializer

LIST_COLUMNS = {"criteria", "agencies"}
PETITIONER = ("name", "id_number", "address", "phone")


class _Rollback(Exception):
    pass


def _serializer(kind):
    if kind == "matters":
        class ImportMatter(MatterSerializer):
            def validate_responsible_unit(self, unit):  # the administrator imports any unit
                return unit

        return ImportMatter

    class ImportPetition(PetitionSerializer):
        def validate_unit(self, unit):
            return unit

    return ImportPetition


def _row_data(row: dict) -> dict:
    data, petitioner = {}, {}
    for key, value in row.items():
        if key is None:
            continue
        key, value = key.strip(), (value or "").strip()
        if value == "":
            continue
        if key.startswith("petitioner_") and key[11:] in PETITIONER:
            petitioner[key[11:]] = value
        elif key in LIST_COLUMNS:
            data[key] = [v.strip() for v in value.split(";") if v.strip()]
        else:
            data[key] = value
    if petitioner:
        data["petitioner"] = petitioner
    return data


def _flatten(errors, prefix=""):
    if isinstance(errors, dict):
        for field, value in errors.items():
            yield from _flatten(value, f"{prefix}{field}" if not prefix else f"{prefix}.{field}")
    elif isinstance(errors, list):
        for item in errors:
            yield from _flatten(item, prefix)
    else:
        yield prefix or "non_field_errors", str(errors)


class Command(RecordedCommand):
    help = "Import historical matters or petitions from a CSV file: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["matters", "petitions"])
        parser.add_argument("file")
        parser.add_argument("--user", help="the same as --as (kept for older scripts)")
        parser.add_argument("--throttle-ms", type=int, default=0,
                            help="pause after each row (pacing on a busy server)")
        parser.add_argument("--delimiter", default=",")

    def handle(self, *args, kind, file, user=None, throttle_ms=0, delimiter=",", **options):
        by = self.acting_user
        if user and by is None:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user “{user}”.")
        with open(file, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh, delimiter=delimiter))
        out = self.stdout
        out.write(f"{len(rows)} rows in {file}")
        serializer_class = _serializer(kind)
        # `imported`: petitions may come with a past status (refused anywhere else).
        context = {"request": SimpleNamespace(user=by), "imported": True}

        # 1. validate every row, write nothing
        valid, errors = [], []
        for number, row in enumerate(rows, start=2):
            serializer = serializer_class(data=_row_data(row), context=context)
            if serializer.is_valid():
                valid.append((number, serializer))
            else:
                errors += [(number, field, message)
                           for field, message in _flatten(serializer.errors)]
        if errors:
            self._fail(errors, "validation")
        out.write(f"validated {len(rows)} rows")

        # 2. write every row through the actions, in one transaction
        errors = []
        try:
            with transaction.atomic():
                for index, (number, serializer) in enumerate(valid, start=1):
                    try:
                        with transaction.atomic():  # a savepoint: keep checking the others
                            serializer.save()
                    except RuleError as error:
                        errors.append((number, error.field or "non_field_errors",
                                       str(error.message)))
                    except DjangoValidationError as error:
                        errors += [(number, f, m) for f, m in _flatten(
                            getattr(error, "message_dict", None) or error.messages)]
                    if index % 100 == 0 or index == len(valid):
                        out.write(f"written {index}/{len(valid)}")
                        out.flush()
                    if throttle_ms:
                        time.sleep(throttle_ms / 1000)
                if errors:
                    raise _Rollback
        except _Rollback:
            self._fail(errors, "the rules")
        out.write(self.style.SUCCESS(f"imported {len(valid)} {kind}"))

    def _fail(self, errors, stage):
        for number, field, message in errors:
            self.stderr.write(f"row {number}, {field}: {message}")
        rows = len({e[0] for e in errors})
        raise CommandError(f"{len(errors)} error(s) in {rows} row(s) refused by {stage}; "
                           "nothing was imported.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run as: oversight import matters|petitions FILE.csv")
