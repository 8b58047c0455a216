"""Nothing leaves the machine: the few libraries that would reach the internet on their own,
opened here in a mode that cannot.

- DuckDB (Splink's engine) downloads an extension from extensions.duckdb.org the first time a
  query needs one that is not built in (`autoinstall_known_extensions`, on by default), and
  reads `http(s)://` paths given to its file functions. `duckdb_connection()` is a connection
  with both off: only the extensions statically linked into the wheel (core functions, ICU,
  JSON, Parquet) are available, and no file or URL is read — Splink's data comes in as
  registered DataFrames. Every DuckDB connection in the project comes from here.
- Address conversion (`vietnamadminunits`, which geocodes online): `units/addresses.py`.

`tests/security/test_offline.py` checks both, and the test suite runs with outbound sockets
blocked (pytest-socket; SECURITY.md, "Nothing leaves the machine").
"""

from __future__ import annotations

OFFLINE_DUCKDB = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "enable_external_access": False,
}


def duckdb_connection():
    """An in-memory DuckDB connection that installs, loads and reads nothing from outside."""
    import duckdb

    return duckdb.connect(database=":memory:", config=dict(OFFLINE_DUCKDB))
