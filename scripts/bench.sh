#!/usr/bin/env bash
# `make bench`: seed the national data set on SQLite and on PostgreSQL and print the figures.
# SCALE=province for a quick run. The PostgreSQL run needs OVERSIGHT_BENCH_DATABASE_URL or a
# local server reachable as postgresql://postgres@127.0.0.1:5432 (it creates oversight_bench).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
SCALE=${SCALE:-national}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; scale: $SCALE"

echo "== SQLite =="
rm -f var/bench.sqlite3*
export OVERSIGHT_DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3
$BIN/oversight migrate -v0
$BIN/oversight bench --scale "$SCALE" --load
echo "== Public portal (SQLite) =="
$BIN/oversight bench_portal

PG=${OVERSIGHT_BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/oversight_bench}
if $BIN/python - "$PG" <<'PY'
import sys, psycopg
url = sys.argv[1]
admin, name = url.rsplit("/", 1)
try:
    with psycopg.connect(admin + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
except psycopg.OperationalError as error:
    print(f"PostgreSQL not reachable ({error}); skipping", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "== PostgreSQL =="
  export OVERSIGHT_DATABASE_URL=$PG
  $BIN/oversight migrate -v0
  $BIN/oversight bench --scale "$SCALE" --load
fi

echo "== Person linking (Splink) =="
# Synthetic Vietnamese person records with known truth at 10,000 and 400,000 records, then the
# FEBRL 4 linkage task. LINK_SIZES=10000 for a quick run.
$BIN/oversight bench_linking --sizes "${LINK_SIZES:-10000,400000}"
