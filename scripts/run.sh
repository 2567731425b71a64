#!/usr/bin/env bash
# Builds and runs the whole system on one machine: the API and the SPA on an embedded
# SQLite database (data/enforcement.db, created on first run). No other service needed.
# Configuration: environment variables, see .env.example (e.g. BIND_ADDR, DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x web-ui/build.sh ]; then
  web-ui/build.sh
fi
cargo build --release -p api --bin api
exec "${CARGO_TARGET_DIR:-target}/release/api" serve
