#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL when OVERSIGHT_TEST_DATABASE_URL is set.
# pytest exits 5 when it collected no test; that is a failure for us, never a silent pass.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# One pytest worker per core (pytest-xdist); OVERSIGHT_TEST_WORKERS=0 runs in one process.
WORKERS=(-n "${OVERSIGHT_TEST_WORKERS:-auto}")

run() {
  local label=$1; shift
  echo "== tests on $label =="
  "$@"
  local rc=$?
  if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests on $label" >&2
    exit 1
  fi
  [ "$rc" -eq 0 ] || exit "$rc"
}

$BIN/ruff check . || exit 1
run sqlite env -u OVERSIGHT_DATABASE_URL OVERSIGHT_DATABASE_URL=sqlite:///:memory: $BIN/pytest -q "${WORKERS[@]}" "$@"
if [ -n "${OVERSIGHT_TEST_DATABASE_URL:-}" ]; then
  run postgresql env OVERSIGHT_DATABASE_URL="$OVERSIGHT_TEST_DATABASE_URL" $BIN/pytest -q "${WORKERS[@]}" "$@"
fi
