"""What each scale contains, and the run that writes it."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from oversight.committees.seeding import seed_committees
from oversight.identity import keys
from oversight.people.seeding import seed_people
from oversight.people.signals import paused
from oversight.petitions.seeding import seed_petitions
from oversight.portal.seeding import seed_portal
from oversight.search.index import rebuild
from oversight.seeding import bulk_petitions
from oversight.seeding import matters as matter_seed
from oversight.units.models import Unit

# The data are anchored to fixed dates so that the same seed gives the same records on any day.
SINCE = dt.date(2020, 1, 1)
UNTIL = dt.date(2026, 10, 31)


@dataclass(frozen=True)
class Scale:
    name: str
    matters: dict[str, int]  # province code -> number of matters; "*" = every other province
    bulk_petitions: int = 0  # > 0: petitions written in bulk (no histories) instead of actions

    def allocation(self) -> dict[str, int]:
        if "*" not in self.matters:
            return dict(self.matters)
        provinces = Unit.objects.provinces().values_list("code", flat=True)
        per_province = self.matters["*"]
        alloc = {code: per_province for code in provinces}
        alloc.update({k: v for k, v in self.matters.items() if k != "*"})
        return alloc


SCALES = {
    # The smallest bulk data set: the bench's own test runs `make bench` on it (seconds);
    # 60 matters, so that the lists of 50 rows are full (`oversight bench_lists`).
    "tiny": Scale("tiny", {"nghe_an": 45, "ha_noi": 15}, bulk_petitions=2_000),
    "demo": Scale("demo", {"nghe_an": 40, "quang_tri": 18, "quang_binh": 14, "ha_noi": 30,
                           "ha_tinh": 10, "thanh_hoa": 10, "hai_duong": 8, "hai_phong": 10}),
    "province": Scale("province", {"nghe_an": 3000, "ha_noi": 200}, bulk_petitions=60_000),
    # about 50,000 matters (63 provinces × ~790) and 1,000,000 petitions
    "national": Scale("national", {"*": 790}, bulk_petitions=950_000),
}

# Petitions per unit for each scale (see petitions.seeding.PER_UNIT).
PETITION_SCALE = {"tiny": "small", "demo": "small", "province": "large", "national": "medium"}


def ensure_escrow():
    """Generated denunciations are sealed, which needs a custodian or the escrow public key:
    make the escrow key pair when there is none (the seed and the bench start from empty
    databases). Returns (key, private key text) when one was made, else None."""
    return keys.escrow_init() if keys.active_escrow() is None else None


def run(scale_name: str, seed: int = 2024, progress: Callable[[str], None] = print,
        checkpoints=(), on_checkpoint=None) -> dict:
    with paused():  # records are linked once, at the end, not on every save
        return _run(scale_name, seed, progress, checkpoints, on_checkpoint)


def _run(scale_name: str, seed: int, progress: Callable[[str], None], checkpoints=(),
         on_checkpoint=None) -> dict:
    scale = SCALES[scale_name]
    rng = random.Random(seed)
    alloc = scale.allocation()
    provinces = list(Unit.objects.filter(code__in=alloc).order_by("code"))
    agencies = matter_seed.ensure_agencies(provinces)
    generator = matter_seed.MatterGenerator(rng, until=UNTIL, since=SINCE)
    total = 0
    for index, province in enumerate(provinces, 1):
        # Records of a province absorbed in 2025 end before the merger.
        generator.until = min(UNTIL, province.valid_to or UNTIL)
        items = [generator.build(province, agencies[province.code])
                 for _ in range(alloc[province.code])]
        total += matter_seed.write(items, until=generator.until)
        progress(f"[{index}/{len(provinces)}] {province.code}: {alloc[province.code]} matters")
    summary = {"matters": total}

    # Petitions go to today's units (the absorbed provinces ended before the seed's window).
    current = [p for p in provinces if p.valid_to is None]
    if scale.bulk_petitions:

        summary.update(bulk_petitions.seed(rng, current, scale.bulk_petitions,
                                           since=dt.date(2017, 1, 1), until=UNTIL,
                                           progress=progress, checkpoints=checkpoints,
                                           on_checkpoint=on_checkpoint))
        # Bulk inserts send no signals: build the search index in bulk (chunked upserts).

        started = time.perf_counter()
        summary["search_entries"] = rebuild(chunk=5000)
        progress(f"search index: {summary['search_entries']:,} entries in "
                 f"{time.perf_counter() - started:,.1f} s")
    else:
        progress(f"petitions, receptions and hot spots for {len(current)} units…")
        summary.update(seed_petitions(rng, current, {}, PETITION_SCALE[scale_name],
                                      today=UNTIL))
    if scale_name in ("demo", "province"):

        progress(f"meetings, inspections, targets, documents for {len(current)} units…")
        summary.update(seed_committees(rng, current, until=UNTIL))
    if scale_name == "demo":

        progress("people, links and personnel appraisals…")
        summary.update(seed_people(rng, today=UNTIL))

        progress("reports through the public portal…")
        summary.update(seed_portal(seed))
    return summary
