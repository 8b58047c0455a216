"""The performance aims of issue 17, as the benches print them beside their figures.

Each aim is its bound and where the issue sets it (most at national scale: the bench prints
the verdict at any scale, with the scale named, so a province run says how far it is).
`make bench` output can then be read, or searched for "missed", aim by aim.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

_COMPARE = {"<": operator.lt, "≤": operator.le, "≥": operator.ge}


@dataclass(frozen=True)
class Aim:
    what: str   # the figure: "throughput", "p95", "F1"
    op: str     # "<", "≤", "≥"
    limit: float
    unit: str = ""   # written after the limit: " ms", "× the floor"
    where: str = ""  # where the issue sets it: "at national scale"

    def met(self, value: float) -> bool:
        return _COMPARE[self.op](value, self.limit)

    def said(self, value: float) -> str:
        """"aim p95 < 150 ms at national scale: met" — the verdict for `value`."""
        where = f" {self.where}" if self.where else ""
        return (f"aim {self.what} {self.op} {self.limit:g}{self.unit}{where}: "
                f"{'met' if self.met(value) else 'missed'}")


NATIONAL = "at national scale"

LIST_CPU = Aim("CPU", "≤", 3, "× the floor")
LOAD_THROUGHPUT = Aim("throughput", "≥", 0.5, "× the floor", NATIONAL)
LOAD_P95 = Aim("p95", "<", 150, " ms", NATIONAL)
SEARCH_P95 = Aim("p95", "<", 150, " ms", "over 1M entries")
REPORT_SQLITE = Aim("time", "<", 2000, " ms on SQLite", NATIONAL)
REPORT_RATIO = Aim("ratio", "≤", 1.5, "× the floor", NATIONAL)
INTAKE_LOST = Aim("lost writes", "≤", 0)
LINK_F1 = Aim("F1", "≥", 0.99)
LINK_400K_SECONDS = Aim("time", "<", 120, " s at 400,000 records")
LINK_11K_SECONDS = Aim("time", "<", 10, " s at 11,000 records")
LINK_MEMORY_MB = Aim("peak memory", "<", 4096, " MB")
