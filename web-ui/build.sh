#!/usr/bin/env bash
# Builds the SPA into web-ui/dist/:
#   index.html, boot-<hash>.js, web-ui-<hash>.js, web-ui-<hash>_bg.wasm, style-<hash>.css,
#   favicon.svg
# (content-hashed names: the API caches them for a year; index.html is never cached).
#
# Toolchain: a rustup toolchain that has the wasm32-unknown-unknown target when there is
# one; otherwise Debian's rustc-web (std rebuilt for wasm32 from rust-web-src), installed
# with apt when missing. wasm-bindgen-cli is installed with `cargo install` at exactly the
# version in Cargo.lock when missing; wasm-opt comes from the npm package binaryen
# (installed into web-ui/.tools; skipped with a warning when npm fails).
#
# Fast when nothing changed: a fingerprint of every input is kept in target/, and the
# build is skipped when dist/ matches it (set WEB_UI_FORCE=1 to rebuild anyway).
#
# Usage: web-ui/build.sh            build dist/
#        web-ui/build.sh clippy     lint the SPA for wasm32 with -D warnings
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export CARGO_TARGET_DIR="$here/target"
dist="$here/dist"
tools="$here/.tools"
stamp="$CARGO_TARGET_DIR/.dist-fingerprint"
wasm_target=wasm32-unknown-unknown
binaryen_version=132.0.0
debian_packages=(rustc-web cargo-web rust-web-src rust-web-llvm)

log() { echo "web-ui: $*" >&2; }
die() { echo "web-ui: error: $*" >&2; exit 1; }

mode=build
case "${1:-}" in
  "") ;;
  clippy) mode=clippy ;;
  *) die "unknown argument '$1' (expected nothing or 'clippy')" ;;
esac

fingerprint() {
  {
    find src static ../api/types/src ../api/types/derive/src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    sha256sum Cargo.toml Cargo.lock index.html build.sh ../api/types/Cargo.toml ../api/types/derive/Cargo.toml ../Cargo.toml
  } | sha256sum | cut -d' ' -f1
}

if [ "$mode" = build ] && [ "${WEB_UI_FORCE:-0}" != 1 ] && [ -f "$dist/index.html" ] \
  && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(fingerprint)" ]; then
  log "dist/ is up to date"
  exit 0
fi

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    die "needs root to run: $*"
  fi
}

apt_install() {
  log "installing Debian packages: $*"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# The LLVM linker package matching rust-web-llvm (rust-lld links to lld-<N>).
lld_package() {
  local llvm
  llvm=$(apt-cache depends rust-web-llvm 2>/dev/null | grep -o 'llvm-[0-9][0-9]*' | head -1)
  [ -n "$llvm" ] || { apt-get update -qq >/dev/null 2>&1 || true; llvm=$(apt-cache depends rust-web-llvm | grep -o 'llvm-[0-9][0-9]*' | head -1); }
  echo "lld-${llvm#llvm-}"
}

rustup_has_wasm_std() {
  local libdir
  command -v rustc >/dev/null 2>&1 || return 1
  libdir=$(rustc --print target-libdir --target "$wasm_target" 2>/dev/null) || return 1
  compgen -G "$libdir/libstd-*.rlib" >/dev/null
}

debian_toolchain_ok() {
  [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust/library ] || return 1
  # Debian's old plain `rustc` package (1.63) is too old; rustc-web is 1.85 or newer.
  local minor
  minor=$(/usr/bin/rustc --version | sed -E 's/^rustc 1\.([0-9]+).*/\1/')
  [ "${minor:-0}" -ge 80 ] || return 1
  [ -x /usr/bin/rust-lld ] && /usr/bin/rust-lld -flavor wasm --version >/dev/null 2>&1
}

# Sets the cargo command used for the wasm32 build.
if rustup_has_wasm_std; then
  log "toolchain: rustup with $wasm_target"
  wasm_cargo=(cargo)
  build_std=()
else
  if ! debian_toolchain_ok; then
    apt_install "${debian_packages[@]}" "$(lld_package)"
    debian_toolchain_ok || die "Debian's rustc-web toolchain is still not usable after installing it"
  fi
  log "toolchain: Debian $(/usr/bin/rustc --version) with std built from source"
  wasm_cargo=(env -u RUSTUP_TOOLCHAIN -u RUSTC_WRAPPER RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
    RUSTC_BOOTSTRAP=1 /usr/bin/cargo)
  build_std=(-Z build-std=std,panic_abort)
fi

if [ "$mode" = clippy ]; then
  if [ "${wasm_cargo[0]}" != cargo ] && [ ! -x /usr/bin/clippy-driver ]; then
    apt_install rust-web-clippy
  fi
  clippy_env=()
  # Debian's cargo-clippy and clippy-driver, not rustup's proxies earlier in PATH.
  if [ "${wasm_cargo[0]}" != cargo ]; then clippy_env=(PATH="/usr/bin:$PATH"); fi
  exec env "${clippy_env[@]}" "${wasm_cargo[@]}" clippy --release --target "$wasm_target" \
    "${build_std[@]}" -- -D warnings
fi

started=$(date +%s)
"${wasm_cargo[@]}" build --release --target "$wasm_target" "${build_std[@]}"
wasm="$CARGO_TARGET_DIR/$wasm_target/release/web-ui.wasm"
[ -f "$wasm" ] || die "cargo did not produce $wasm"

# wasm-bindgen-cli at exactly the version the lock file pins.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$bindgen_version" ] || die "no wasm-bindgen in Cargo.lock"
bindgen=""
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
for candidate in "$(command -v wasm-bindgen 2>/dev/null || true)" "$cargo_bin/wasm-bindgen"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] \
    && [ "$("$candidate" --version 2>/dev/null | awk '{print $2}')" = "$bindgen_version" ]; then
    bindgen="$candidate"
    break
  fi
done
if [ -z "$bindgen" ]; then
  log "installing wasm-bindgen-cli $bindgen_version (takes a few minutes, once)"
  host_cargo=$(command -v cargo 2>/dev/null || echo /usr/bin/cargo)
  env -u CARGO_TARGET_DIR "$host_cargo" install wasm-bindgen-cli --version "$bindgen_version" >&2
  bindgen="$cargo_bin/wasm-bindgen"
  [ -x "$bindgen" ] || die "wasm-bindgen-cli $bindgen_version did not install to $cargo_bin"
fi

# wasm-opt from npm (Debian's binaryen is too old for current Rust wasm).
wasm_opt="$tools/node_modules/.bin/wasm-opt"
if [ ! -x "$wasm_opt" ]; then
  if command -v npm >/dev/null 2>&1; then
    log "installing wasm-opt (npm binaryen@$binaryen_version) into web-ui/.tools"
    mkdir -p "$tools"
    if ! npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
      "binaryen@$binaryen_version" >&2; then
      log "warning: npm could not install binaryen; the wasm will not be optimised by wasm-opt"
    fi
  else
    log "warning: npm not found; the wasm will not be optimised by wasm-opt"
  fi
fi

out="$CARGO_TARGET_DIR/dist-staging"
rm -rf "$out"
mkdir -p "$out"
"$bindgen" --target web --no-typescript --out-dir "$out" --out-name web-ui "$wasm"

if [ -x "$wasm_opt" ]; then
  if "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/web-ui_bg.wasm" -o "$out/web-ui_bg.opt.wasm"; then
    mv "$out/web-ui_bg.opt.wasm" "$out/web-ui_bg.wasm"
  else
    log "warning: wasm-opt failed; keeping the unoptimised wasm"
    rm -f "$out/web-ui_bg.opt.wasm"
  fi
fi

# Content-hashed names.
hash=$(cat "$out/web-ui_bg.wasm" "$out/web-ui.js" | sha256sum | cut -c1-16)
mv "$out/web-ui.js" "$out/web-ui-$hash.js"
mv "$out/web-ui_bg.wasm" "$out/web-ui-${hash}_bg.wasm"
css_hash=$(sha256sum static/style.css | cut -c1-16)
cp static/style.css "$out/style-$css_hash.css"
cp static/favicon.svg "$out/favicon.svg"
sed -e "s/@WASM_HASH@/$hash/g" -e "s/@CSS_HASH@/$css_hash/g" index.html >"$out/index.html"
sed -e "s/@WASM_HASH@/$hash/g" static/boot.js >"$out/boot-$hash.js"

# Swap the new dist/ in.
rm -rf "$dist.old"
if [ -d "$dist" ]; then mv "$dist" "$dist.old"; fi
mv "$out" "$dist"
rm -rf "$dist.old"
fingerprint >"$stamp"
log "built dist/ in $(($(date +%s) - started))s: $(cd "$dist" && ls | tr '\n' ' ')"
