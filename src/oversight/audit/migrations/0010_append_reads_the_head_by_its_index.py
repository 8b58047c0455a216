"""`audit_append` reads the chain's head through the primary key's index whatever the
statistics say (issue 17).

PL/pgSQL plans a function's statements once per connection and keeps the plan until the
table's statistics change. A connection that first appended when the trail was nearly empty
kept a plan that reads the head by scanning the whole table and sorting it, and with
autovacuum off (or before it analyses the table) it never planned again: the bench's seed,
one connection for the whole of it, spent 0.1–0.2 s of PostgreSQL's CPU on each entry once the
trail held 300,000 (measured with `perf` on the backend: `heap_getnextslot` under the
function; a new connection planned the backward index scan and read the head in 0.05 ms).
The seed slowed as the trail grew, and so would any long-lived connection of a young
installation.

The function's own `SET enable_seqscan = off` prices the scan out of every plan made inside it
(the head's statement has only the one index to use; the insert reads `generate_series`); the
setting is restored when the function returns. Otherwise the function is 0006's.
"""

import importlib

from django.db import migrations

_0006 = importlib.import_module("oversight.audit.migrations.0006_append_in_database")
FUNCTION_0006, _on_postgresql = _0006.FUNCTION, _0006._on_postgresql
_HEADER = "LANGUAGE plpgsql VOLATILE AS $$"
assert _HEADER in FUNCTION_0006
FUNCTION = FUNCTION_0006.replace(_HEADER, "LANGUAGE plpgsql VOLATILE SET enable_seqscan = off "
                                          "AS $$")


class Migration(migrations.Migration):
    dependencies = [("audit", "0009_username_index_not_user_id")]

    operations = [migrations.RunPython(_on_postgresql(FUNCTION), _on_postgresql(FUNCTION_0006))]
