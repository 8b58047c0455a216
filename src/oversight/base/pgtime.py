"""PostgreSQL's `timestamptz` values read by the standard library's C parser.

Django reads every `timestamptz` of a PostgreSQL connection through its own loader, a subclass
of psycopg's pure-Python one (`django.db.backends.postgresql.psycopg_any.BaseTzLoader`): a
regular expression and several calls per value, ~5 µs, where psycopg's own loader would run in
C — but psycopg's C classes cannot be subclassed, so Django's subclass is the Python one. A
list of 50 matters reads 100 such values (created, updated): ~0.4 ms of each request's CPU
(issue 17, 2026-12-06).

`install(connection)` gives a new connection a subclass of Django's loader whose `load` parses
the text with `datetime.fromisoformat` (C, ~1.5 µs) when the text is what a session in UTC
sends in the ISO date style — `2026-12-06 21:00:41.916248+00`, always the case for Django with
`USE_TZ` (it sets the session's time zone to UTC) — and returns what Django's loader returns:
that instant with Django's `timezone.utc` as its zone. Any other text (another time zone or
date style, a date before the common era, `infinity`) goes to Django's loader as before. The
class keeps Django's `timezone` attribute, which Django reads on each cursor to decide whether
to register its own loader again.

tests/core/test_pgtime.py loads random instants both ways from PostgreSQL's own text.
"""

from __future__ import annotations

import datetime as dt
import functools

_UTC = dt.UTC


@functools.cache
def fast_loader_class():
    """The loader class (made on first use: psycopg is imported only on PostgreSQL)."""
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader

    class UtcTimestamptzLoader(BaseTzLoader):
        timezone = _UTC

        def load(self, data):
            text = bytes(data).decode("ascii", "replace")
            if text.endswith("+00"):
                try:
                    return dt.datetime.fromisoformat(text).replace(tzinfo=_UTC)
                except ValueError:
                    pass
            return super().load(data)

    return UtcTimestamptzLoader


def install(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: on a PostgreSQL connection whose values Django reads as
    UTC (`USE_TZ`), the fast loader for text `timestamptz`."""
    if connection.vendor != "postgresql" or connection.timezone != _UTC:
        return
    connection.connection.adapters.register_loader("timestamptz", fast_loader_class())
