#!/usr/bin/env bash
# Checks an HTTP sync backend against docs/SYNC-HTTP.md, point by point (no browser needed):
#   ./scripts/check-sync-server.sh https://api.example.com/partner-sync [bearer-token]
# It writes a few documents with ids `conformance:<uuid>` and deletes them again. Needs Rust (cargo).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: $0 <base url> [bearer token]" >&2
  exit 2
fi
exec cargo run --quiet -p e2e --bin check-sync-server -- "$@"
