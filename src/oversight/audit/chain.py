"""Checking the chain: recompute every hash in order and name the first entry that breaks."""

from __future__ import annotations

from dataclasses import dataclass

from oversight.audit.models import GENESIS, AuditEntry


@dataclass
class Result:
    ok: bool
    count: int
    head: str
    broken_id: int | None = None
    reason: str = ""
    found: bool = False  # whether the hash asked for (`verify(find=…)`) was met on the way


def verify(batch: int = 2000, *, find: str | None = None) -> Result:
    """Recompute every hash in order. `find`: a hash kept earlier (a head), noted if an entry
    of the chain has it — read on the way, as the hash column has no index (see `contains`)."""
    prev = GENESIS
    count = 0
    last_id = 0
    found = find == GENESIS
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for entry in rows:
            if entry.prev_hash != prev:
                return Result(False, count, prev, entry.pk,
                              "its previous-hash does not match the entry before it "
                              "(an entry was deleted, inserted or moved)")
            if entry.compute_hash() != entry.hash:
                return Result(False, count, prev, entry.pk,
                              "its content does not match its hash (the entry was edited)")
            prev = entry.hash
            found = found or prev == find
            count += 1
            last_id = entry.pk
    return Result(True, count, prev, found=found)


def head() -> tuple[int, str]:
    last = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    return (last[0], last[1]) if last else (0, GENESIS)


def contains(position: int, hash_: str) -> bool:
    """Whether entry #`position` of the chain still has the hash `hash_` (a proof names both;
    position 0 is the chain before its first entry). Read by the id: the hash column has no
    index, which every append would write at a random place among millions of entries
    (issue 17; migration audit.0008)."""
    if position == 0:
        return hash_ == GENESIS
    return AuditEntry.objects.filter(pk=position, hash=hash_).exists()
