#!/usr/bin/env bash
# Runs the whole test suite: unit tests, in-process API tests, tests over a socket and of
# the binary, and the browser tests. Backend: SQLite by default; PostgreSQL when
# TEST_DATABASE_URL=postgres://… is set (each test gets its own schema there).
# Ends with one line of totals.
set -uo pipefail
cd "$(dirname "$0")/.."

backend=sqlite
if [ -n "${TEST_DATABASE_URL:-}" ]; then backend=postgres; fi

# What the suite needs from Debian and lacks on a fresh machine: the client libraries the
# API links (SQLite, PostgreSQL), and Chromium, chromedriver and CJK fonts for the
# browser tests. Installed once, as root or with passwordless sudo.
needed=(pkg-config libpq-dev libsqlite3-dev chromium chromium-driver fonts-noto-cjk)
missing=()
for p in "${needed[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing Debian packages: ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then as_root=(); elif sudo -n true 2>/dev/null; then as_root=(sudo); else
    echo "error: needs root to install: ${missing[*]}" >&2; exit 1
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
    || { echo "error: could not install ${missing[*]}" >&2; exit 1; }
fi

# The S3 tests of attachments run against moto, a local S3-compatible server from PyPI
# (pinned, installed once).
moto_version=5.2.1
if ! python3 -m pip show moto 2>/dev/null | grep -q "^Version: $moto_version$" \
  || ! python3 -c 'import moto.server' 2>/dev/null; then
  echo "test.sh: installing moto[server]==$moto_version from PyPI" >&2
  python3 -m pip install -q "moto[server]==$moto_version" >&2 \
    || { echo "error: could not install moto[server] (needs python3 with pip)" >&2; exit 1; }
fi

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
