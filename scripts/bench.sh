#!/usr/bin/env bash
# Store benchmark in headless Chromium: the app's IndexedDB store against raw IndexedDB from plain JS,
# 10,000 and 100,000 customers, release build. Prints the figures; record them in docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --browser
export CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600
cargo test --release --target wasm32-unknown-unknown --test store_bench -- --include-ignored --nocapture 2>&1 | grep -E "BENCH|test result|panicked|error"
