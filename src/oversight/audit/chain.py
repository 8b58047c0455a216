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


def verify(batch: int = 2000) -> Result:
    prev = GENESIS
    count = 0
    last_id = 0
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
            count += 1
            last_id = entry.pk
    return Result(True, count, prev)


def head() -> tuple[int, str]:
    last = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    return (last[0], last[1]) if last else (0, GENESIS)


def contains(hash_: str) -> bool:
    return hash_ == GENESIS or AuditEntry.objects.filter(hash=hash_).exists()
