"""Record linkage of person mentions with Splink 4 (DuckDB backend)."""
