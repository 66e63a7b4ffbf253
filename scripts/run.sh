#!/usr/bin/env bash
# Sets up what is missing, builds the app and serves it on http://127.0.0.1:8080 (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
echo "Serving on http://127.0.0.1:8080 (the first build takes a minute or two)"
exec trunk serve --release
