#!/usr/bin/env bash
# `make bench`: seed the national data set on SQLite and on PostgreSQL and print the figures.
# Starts from nothing, like `make test`: installs `wrk` (root on Debian, scripts/system-deps.sh),
# migrates empty databases, makes the escrow key the seed's sealed identities need.
#
#   SCALE=province            quick run (3,200 matters, 64,000 petitions); SCALE=tiny: seconds
#   BENCH_DATABASES=sqlite    only one database (sqlite, postgresql; default both)
#   OVERSIGHT_BENCH_DATABASE_URL  the PostgreSQL database to (re)create (default
#                             postgresql://postgres@127.0.0.1:5432/oversight_bench)
#   BENCH_DIR                 where the SQLite file and logs go (default var/)
#   BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WORKERS  load per endpoint (30 s, 32 connections),
#                             gunicorn processes (one per core, as deployed)
#   LINK_SIZES=10000          linking sizes (default 10000,400000), both generators;
#   LINK_COMMAND_SIZES        `oversight link` timed end to end (default 11000); LINK_FEBRL=0
#                             skips FEBRL 4
#   BENCH_LINKING=0, BENCH_OCR=0  skip the linking or the OCR part (they do not touch the
#                             databases: the test runs them once, not once per database)
#   OCR_PAGES, OCR_DPI, OCR_CONDITIONS, OCR_NAMES  letters per condition (3), resolutions
#                             (200,300), conditions (all six), letters for the names test (200)
#   PORTAL_REPORTS            portal filings (50); BENCH_QUERIES  search queries timed (200)
#   LISTS_REPEAT              requests per list in `oversight bench_lists` (15; the median)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
SCALE=${SCALE:-national}
DATABASES=${BENCH_DATABASES:-sqlite postgresql}
BENCH_DIR=$(mkdir -p "${BENCH_DIR:-var}" && cd "${BENCH_DIR:-var}" && pwd)
export OVERSIGHT_DATA_DIR=${OVERSIGHT_DATA_DIR:-$BENCH_DIR}
mkdir -p "$OVERSIGHT_DATA_DIR/static"  # WhiteNoise warns about a missing STATIC_ROOT
part() { echo "== $1 == (at ${SECONDS} s, load average $(cut -d' ' -f1-3 /proc/loadavg))"; }
LOAD=(--load --seconds "${BENCH_SECONDS:-30}" --connections "${BENCH_CONNECTIONS:-32}"
      --queries "${BENCH_QUERIES:-200}")
[ -n "${BENCH_WORKERS:-}" ] && LOAD+=(--workers "$BENCH_WORKERS")
bash scripts/system-deps.sh
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; scale: $SCALE;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ " $DATABASES " == *" sqlite "* ]]; then
  part SQLite
  rm -f "$BENCH_DIR"/bench.sqlite3*
  export OVERSIGHT_DATABASE_URL=sqlite:///$BENCH_DIR/bench.sqlite3
  $BIN/oversight migrate -v0
  $BIN/oversight bench --scale "$SCALE" "${LOAD[@]}"
  part "Lists against the floor (SQLite)"
  $BIN/oversight bench_lists --repeat "${LISTS_REPEAT:-15}"
  part "Public portal (SQLite)"
  $BIN/oversight bench_portal --reports "${PORTAL_REPORTS:-50}"
fi

PG=${OVERSIGHT_BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/oversight_bench}
if [[ " $DATABASES " == *" postgresql "* ]] && $BIN/python - "$PG" <<'PY'
import sys, psycopg
url = sys.argv[1]
admin, name = url.rsplit("/", 1)
try:
    with psycopg.connect(admin + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
except psycopg.OperationalError as error:
    print(f"PostgreSQL not reachable ({error}); skipping", file=sys.stderr)
    sys.exit(1)
PY
then
  part PostgreSQL
  export OVERSIGHT_DATABASE_URL=$PG
  $BIN/oversight migrate -v0
  $BIN/oversight bench --scale "$SCALE" "${LOAD[@]}"
  part "Lists against the floor (PostgreSQL)"
  $BIN/oversight bench_lists --repeat "${LISTS_REPEAT:-15}"
fi

if [ "${BENCH_LINKING:-1}" = 0 ]; then
  part "Person linking: skipped (BENCH_LINKING=0)"
else
  part "Person linking (Splink)"
  # Synthetic Vietnamese person records with known truth at 10,000 and 400,000 records from
  # the project's generator and from an independent one (held-out seed), `oversight link` on
  # 11,000 beside off-the-shelf Splink, then the FEBRL 4 linkage task. LINK_SIZES=10000 for a
  # quick run.
  LINK=(--sizes "${LINK_SIZES:-10000,400000}" --command-sizes "${LINK_COMMAND_SIZES:-11000}")
  [ "${LINK_FEBRL:-1}" = 0 ] && LINK+=(--no-febrl)
  $BIN/oversight bench_linking "${LINK[@]}"
fi

if [ "${BENCH_OCR:-1}" = 0 ]; then
  part "OCR: skipped (BENCH_OCR=0)"
else
  part "OCR of scanned petitions (Tesseract vie via OCRmyPDF)"
  # Generated letters, clean and degraded; OCR_PAGES=1 for a quick run.
  OCR=(--pages "${OCR_PAGES:-3}" --dpi "${OCR_DPI:-200,300}" --names "${OCR_NAMES:-200}")
  [ -n "${OCR_CONDITIONS:-}" ] && OCR+=(--conditions "$OCR_CONDITIONS")
  $BIN/oversight bench_ocr "${OCR[@]}"
fi
part "end"
