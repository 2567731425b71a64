#!/usr/bin/env bash
# Screenshots of the SPA (sign-in page and dashboard in Chinese and English, the units
# page) into docs/screenshots/, taken in headless Chromium like the browser tests.
# Needs: chromium chromium-driver (and fonts-noto-cjk for Chinese glyphs) from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
web-ui/build.sh
cargo run -q -p enforcement-tests --example screenshots -- "${1:-docs/screenshots}"
