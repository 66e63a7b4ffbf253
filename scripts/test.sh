#!/usr/bin/env bash
# Sets up what is missing, then runs every test: native (domain, use cases, property tests), in-browser
# (IndexedDB store in headless Chromium) and end-to-end (the built app driven through chromedriver).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --browser
export CHROMEDRIVER=/usr/bin/chromedriver
# Every run builds once: incremental caches would only add ~18 GB of disk (CI ran out of space with them).
export CARGO_INCREMENTAL=0

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
start=$SECONDS

step "layers: every import points down (scripts/check_layers.py)"
python3 scripts/check_layers.py

step "native tests: cargo test"
cargo test --quiet

step "in-browser tests: IndexedDB store in headless Chromium"
cargo test --target wasm32-unknown-unknown --test store_idb --test sync_idb

step "release build: trunk build --release (and once more under the sub-path /accounts/)"
trunk build --release
trunk build --release --public-url /accounts/ --dist dist-sub

step "end-to-end tests: the built app through chromedriver (screenshots in tests/e2e/screenshots/)"
cargo test --quiet -p e2e

step "all tests passed in $((SECONDS - start)) s"
