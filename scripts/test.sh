#!/usr/bin/env bash
# Runs the whole test suite: unit tests, in-process API tests, tests over a socket and of
# the binary, and the browser tests. Backend: SQLite by default; PostgreSQL when
# TEST_DATABASE_URL=postgres://… is set (each test gets its own schema there).
# Ends with one line of totals.
set -uo pipefail
cd "$(dirname "$0")/.."

backend=sqlite
if [ -n "${TEST_DATABASE_URL:-}" ]; then backend=postgres; fi

if [ -x web-ui/build.sh ]; then
  web-ui/build.sh || { echo "error: the SPA build failed" >&2; exit 1; }
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --workspace --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

awk -v backend="$backend" '
  /^test result:/ { passed += $4; failed += $6; ignored += $8 }
  END { printf "TOTAL (%s): %d passed, %d failed, %d ignored\n", backend, passed, failed, ignored }
' "$log"
exit "$status"
