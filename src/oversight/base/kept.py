"""What the process keeps of the database for itself, told to whoever records a build's reads.

`core.listplans` records every statement a list's build sends, and before it hands out a kept
plan it sends them again to see that the rows are the same. Some reads belong to a cache the
process keeps with its own rule for reading again — the working calendar (`core.calendar`),
the content types (Django's own cache). Recording them went wrong both ways (issue 17):

- when the cache was cold during the build, its reads were recorded and then sent again on
  every later request (the calendar's table read in full, the content type, the list of
  tables), though the cache itself would not have read them;
- when the cache was warm, nothing was recorded at all, though the build used what it holds:
  a plan built before a day off was announced kept the old overdue cutoff for the day.

So a cache reads inside `kept_reads()` (nothing recorded) and says what a caller got with
`used(check, value)`: a plan built with it holds while `check()` still returns that very
object (`is`). The calendar passes its exceptions, which it replaces whenever it reads them
again; content types never change while the process runs and are used without a check.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextvars import ContextVar

_kept: ContextVar[bool] = ContextVar("oversight_kept_reads", default=False)
_listener: ContextVar[Callable[[Callable[[], object], object], None] | None] = ContextVar(
    "oversight_kept_listener", default=None)


@contextlib.contextmanager
def kept_reads():
    """Statements sent inside are a process cache's own: a recorder of reads skips them."""
    token = _kept.set(True)
    try:
        yield
    finally:
        _kept.reset(token)


def reading_kept() -> bool:
    return _kept.get()


def used(check: Callable[[], object], value) -> None:
    """A build used `value`, which `check()` returns for as long as it holds."""
    listener = _listener.get()
    if listener is not None:
        listener(check, value)


@contextlib.contextmanager
def listening(listener: Callable[[Callable[[], object], object], None]):
    """Calls `listener(check, value)` for each `used()` inside (`core.listplans`)."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
