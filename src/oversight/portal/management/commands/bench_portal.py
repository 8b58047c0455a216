"""`oversight bench_portal`: the public portal's costs, printed (part of `make bench`).

Receipt-code hashing at the production cost, a code lookup, the proof of work as a script
pays it (the browser's figure is in docs/portal.md), and reports filed per second with one
photo each (checked, stripped, encrypted, sealed, petition and deadlines). The reports are
written to the current database inside a transaction that is rolled back.
"""

from __future__ import annotations

import io
import statistics
import time

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings

from oversight.identity import keys
from oversight.portal import actions, pow, receipts
from oversight.portal.lookup import find
from oversight.units.models import Unit

PRODUCTION_ARGON2 = {"time_cost": 2, "memory_cost": 19456, "parallelism": 1}


def _median_ms(func, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x013B] = "Nguyễn Văn Chụp"
    Image.new("RGB", (1600, 1200), (90, 120, 150)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure the public portal's hashing, proof of work and filing throughput."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=50)

    def handle(self, *args, reports: int, **options):
        unit = Unit.objects.filter(code="nghe_an").first()
        if unit is None:
            raise CommandError("No units: run `oversight migrate` first.")
        with override_settings(PORTAL_RECEIPT_ARGON2=PRODUCTION_ARGON2):
            digest = _median_ms(lambda: receipts.digest(receipts.new_code()), 20)
            lookup = _median_ms(lambda: find(receipts.new_code()), 20)
        self.stdout.write(f"receipt code hash (Argon2id 19 MiB, 2 passes): median "
                          f"{digest:.1f} ms; lookup of a code: median {lookup:.1f} ms")
        bits = settings.PORTAL_POW_BITS
        solve = _median_ms(lambda: pow.solve(pow.issue()), 9)
        self.stdout.write(f"proof of work, {bits} bits, solved by a Python script: median "
                          f"{solve:.0f} ms")
        photo = _photo()
        try:
            with transaction.atomic(), override_settings(
                    PORTAL_HOLD_AFTER=10**9, PORTAL_REPORTS_PER_ADDRESS=10**9,
                    PORTAL_FILES_PER_ADDRESS=10**9, PORTAL_FILE_BYTES_PER_DAY=10**15):

                if keys.active_escrow() is None:  # sealing needs a key; rolled back below
                    keys.escrow_init()
                started = time.perf_counter()
                for index in range(reports):
                    actions.file_report(
                        unit=unit, kind="denunciation", subject=f"Đo hiệu năng {index}",
                        content="Nội dung đo hiệu năng của cổng tiếp nhận.",
                        people=[{"name": f"Người Gửi {index}", "phone": "0900000000"}],
                        files=[SimpleUploadedFile("anh.jpg", photo, "image/jpeg")],
                        key=f"bench-{index % 7}")
                elapsed = time.perf_counter() - started
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(f"reports filed with a 1600×1200 photo each (named, sealed, stripped, "
                          f"encrypted): {reports / elapsed:.1f} reports/s "
                          f"({elapsed / reports * 1000:.0f} ms each)")
