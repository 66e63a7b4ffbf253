#!/usr/bin/env bash
# Benchmarks (not tests), all in headless Chromium; they print figures, record them in docs/PERFORMANCE.md.
#  1. the app's IndexedDB store against raw IndexedDB from plain JS: 10,000 and 100,000 customers;
#  2. first paint of the customer list with 10,000 customers, at 1x and 4x CPU throttling, against the empty list;
#  3. the customer list at 1,000, 10,000 and 100,000 customers: first row, keystroke to painted rows against a
#     JS filter in the same page, an edit from another tab, memory, a tag added to all and undone
#     (BENCH_LIST_SIZES to choose sizes; BENCH_LIST_TAGS=0 leaves the tag change out);
#  4. CSV: importing 10,000 rows and exporting 100,000 customers through the UI; importing 100,000 against raw JS,
#     then undoing it;
#  5. sync with pouchdb-server: first sync of 10,000 and 100,000 customers, push of 10,000, against raw JS and
#     PouchDB 9 in the same page (BENCH_SYNC_SIZES to choose sizes); a new remote for 100,000 customers already
#     here (every record queued again; BENCH_START_OVER to choose the size);
#  6. backup and restore of 100,000 customers through Settings, against raw JS in the same page
#     (BENCH_BACKUP_SIZE to choose the size);
#  7. the activity log with 100,000 entries: first entry, reading further, scrolling, what the page holds
#     (BENCH_ACTIVITY_SIZE to choose the size);
#  8. transfer size: what the first paint needs, the chunks of the other pages, the whole app (brotli).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --browser
_apt_install brotli
export CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=900

cargo test --release --target wasm32-unknown-unknown --test store_bench -- --include-ignored --nocapture 2>&1 \
  | grep -E "BENCH|test result|panicked|error"
trunk build --release
cargo test -p e2e --test bench_first_paint --test bench_list --test bench_csv --test bench_sync --test bench_backup --test bench_activity -- --include-ignored --nocapture --test-threads=1 2>&1 | grep -E "BENCH|test result|panicked"
python3 scripts/transfer_size.py dist
