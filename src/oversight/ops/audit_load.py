"""The audit trail's writers under contention, for `oversight bench_load`.

Every list page of protected records appends its entries under the trail's one lock, and in a
threaded server the thread that holds it shares the interpreter with requests busy on the CPU.
Here: 4 processes, each with 2 threads appending 50 entries at a time and 2 threads busy
computing (the other requests), for a few seconds; appends per second, with the entries chained
by the database (`audit_append`, PostgreSQL) and chained in Python (`writer._append_here`,
the only way on SQLite), in the same run."""

from __future__ import annotations

import multiprocessing
import threading
import time

from django.db import connection, connections
from django.utils import timezone

from oversight.audit import writer
from oversight.audit.models import AuditEntry
from oversight.units.models import Unit

PROCESSES, WRITERS, BUSY, ENTRIES = 4, 2, 2, 50


def _process(seconds: float, in_database: bool, results) -> None:
    units = list(Unit.objects.order_by("id")[:ENTRIES])
    connection.close()
    append = writer._append if in_database else writer._append_here
    stop = time.monotonic() + seconds
    counts = []

    def write():
        done = 0
        while time.monotonic() < stop:
            append([AuditEntry(at=timezone.now(), action="view_sensitive",
                               object_type="units.unit", object_id=str(unit.pk),
                               object_repr=str(unit), changes={}, detail={"bench": True})
                    for unit in units])
            done += 1
        counts.append(done)
        connection.close()

    def busy():
        x = 0
        while time.monotonic() < stop:
            for i in range(10_000):
                x += i * i

    threads = [threading.Thread(target=write) for _ in range(WRITERS)] + [
        threading.Thread(target=busy) for _ in range(BUSY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(sum(counts))


def appends_per_second(seconds: float, in_database: bool) -> float:
    """Appends of `ENTRIES` entries per second across all the writers."""
    connections.close_all()  # each process opens its own
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [context.Process(target=_process, args=(seconds, in_database, results))
                 for _ in range(PROCESSES)]
    for process in processes:
        process.start()
    total = sum(results.get(timeout=seconds + 120) for _ in processes)
    for process in processes:
        process.join()
    return total / seconds
