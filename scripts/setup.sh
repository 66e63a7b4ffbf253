#!/usr/bin/env bash
# Installs what building (and, with --browser, testing) the app needs — only what is missing, so running
# it again is quick. Sourced by run.sh, test.sh and bench.sh; can also be run on its own.
#   Rust's wasm32 target, Trunk 0.21.14, the wasm-bindgen-cli that matches Cargo.lock, wasm-opt 116 from
#   crates.io (not Debian's binaryen, whose output crashes the page), and with --browser Chromium and
#   chromedriver from Debian, pouchdb-server 4.2.0 from npm (the sync tests' CouchDB-protocol server,
#   into tests/e2e/pouchdb/), PouchDB 9 (the sync tests' foreign peer, into tests/e2e/peer/), axe-core 4
#   (the accessibility test, into tests/e2e/axe/), and the other engines' smoke test: Firefox ESR, WebKitGTK's
#   WebKitWebDriver and MiniBrowser, and Xvfb from Debian, geckodriver 0.37.1 from crates.io. Everything Rust
#   goes to $CARGO_HOME/bin (~/.cargo/bin).
set -euo pipefail
_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_browser=no
for _arg in "$@"; do [ "$_arg" = "--browser" ] && _browser=yes; done

_say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
_sudo() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
_apt_updated=no
_apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  _say "installing Debian packages: ${missing[*]}"
  if [ "$_apt_updated" = no ]; then _sudo apt-get update -qq; _apt_updated=yes; fi
  _sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

_cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$_cargo_bin:$PATH"

# C/C++ compiler (wasm-opt builds binaryen from source) and curl.
_apt_install build-essential ca-certificates curl python3

# Rust itself: rustup from Debian where the distribution has it.
if ! command -v cargo >/dev/null 2>&1; then
  _apt_install rustup
  rustup default stable
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  _say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk 0.21.14" ]; then
  _say "installing Trunk 0.21.14 (about 8 minutes on 2 cores)"
  cargo install --locked trunk --version 0.21.14
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock (scripts/build_wasm.py checks it).
_wbg="$(grep -A1 '^name = "wasm-bindgen"$' "$_repo/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $_wbg" ]; then
  _say "installing wasm-bindgen-cli $_wbg (about 2 minutes)"
  # Not --locked: its lockfile pins crates newer than some registry mirrors carry.
  cargo install --force wasm-bindgen-cli --version "$_wbg"
fi

# The splitter that cuts the wasm into the first load and the chunks fetched later (scripts/build_wasm.py): the version of
# wasm_split_helpers in Cargo.lock (the runtime half that Leptos brings).
_split="$(grep -A1 '^name = "wasm_split_helpers"$' "$_repo/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')"
if [ "$(cat "$_cargo_bin/.wasm-split-cli-version" 2>/dev/null)" != "$_split" ] || ! [ -x "$_cargo_bin/wasm-split-cli" ]; then
  _say "installing wasm-split-cli $_split from crates.io (about a minute)"
  cargo install --locked wasm_split_cli_support --version "$_split" --features build-binary
  echo "$_split" > "$_cargo_bin/.wasm-split-cli-version"
fi

if ! "$_cargo_bin/wasm-opt" --version 2>/dev/null | grep -q "version 116"; then
  _say "installing wasm-opt 116 from crates.io (about 6 minutes)"
  cargo install --locked wasm-opt --version 0.116.1
fi

# `_npm_into DIR PACKAGE VERSION TIME`: installs PACKAGE@VERSION from npm into tests/e2e/DIR unless that version
# (or, for a major version like 9, any 9.x) is there already.
_npm_into() {
  local dir="$_repo/tests/e2e/$1" have
  have="$(node -p "require('$dir/node_modules/$2/package.json').version" 2>/dev/null || true)"
  if [ "$have" != "$3" ] && [ "${have#"$3".}" = "$have" ]; then
    _say "installing $2 $3 from npm ($4)"
    mkdir -p "$dir"
    (cd "$dir" && npm install --no-audit --no-fund --no-save --no-package-lock --loglevel=error "$2@$3")
  fi
}

if [ "$_browser" = yes ]; then
  _apt_install chromium chromium-driver
  command -v npm >/dev/null 2>&1 || _apt_install nodejs npm
  # The sync tests' CouchDB-protocol server; PouchDB 9 in Node, a foreign peer replicating to the same
  # database; axe-core for the accessibility test (injected into pages through DevTools).
  _npm_into pouchdb "pouchdb-server" 4.2.0 "about a minute"
  _npm_into peer pouchdb 9 seconds
  _npm_into axe axe-core 4 seconds
  # Gecko and WebKit for the core flow's smoke test (WebKit's MiniBrowser needs an X display: Xvfb).
  _apt_install firefox-esr webkit2gtk-driver xvfb
  if [ "$(geckodriver --version 2>/dev/null | head -n1 | cut -d' ' -f2)" != "0.37.1" ]; then
    _say "installing geckodriver 0.37.1 from crates.io (about 2 minutes)"
    cargo install --locked geckodriver --version 0.37.1
  fi
fi

# Trunk builds with --offline: have every crate on disk first.
(cd "$_repo" && cargo fetch --quiet)
