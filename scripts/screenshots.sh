#!/usr/bin/env bash
# Screenshots of the SPA into docs/screenshots/, taken in headless Chromium like the
# browser tests: sign-in page and dashboard in Chinese and English, the units page, the
# supervision board and a task, the disclosure form with a fine outside the benchmark,
# and the public pages (penalty decisions, power list, discretion calculator). Sample
# data is entered over the API first.
# Needs: chromium chromium-driver (and fonts-noto-cjk for Chinese glyphs) from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
web-ui/build.sh
cargo run -q -p enforcement-tests --example screenshots -- "${1:-docs/screenshots}"
