"""Reads announced: every record that `restrict(user, VIEW)` hands out is announced here.

`ScopedQuerySet` calls `announce` when a restricted queryset is evaluated into model instances
(lists, details, exports, nested lists, search results); the audit trail, which neither `core`
nor `base` imports, listens and writes a "viewed a protected record" entry for the
confidential, secret and identity-protected ones (`oversight.audit.sensitive`). So a new page
that shows records reads them through `restrict()` and is audited without asking.

Code that scans restricted rows without showing them (e.g. the duplicate check, which compares
2,000 petitions to show ten) evaluates the queryset inside `unannounced()` and announces what
it shows.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.dispatch import Signal

# sender: the model; user: who reads; objects: the instances read.
records_read = Signal()

_quiet: ContextVar[bool] = ContextVar("oversight_reads_quiet", default=False)


def announce(model, user, objects) -> None:
    if objects and user is not None and not _quiet.get():
        records_read.send(sender=model, user=user, objects=list(objects))


@contextlib.contextmanager
def unannounced():
    """Evaluate restricted querysets without announcing them (a scan, not a display)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)
