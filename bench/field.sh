#!/usr/bin/env bash
# Benchmark of issue 9 (not a test): what a phone downloads for field mode (app shell and the pack
# of a facilitator with 10 KSMs of 30 members), the field script's compressed size, and the time
# to sync 20 sheets filled offline over a throttled connection (headless Chromium, DevTools).
# Usage: bench/field.sh   (needs chromium, chromedriver, python3 with selenium and requests)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import selenium, requests' 2>/dev/null || pip install -q selenium requests
cargo build --release --quiet
bin=target/release/swadaya
port=18082
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
url="sqlite://$tmp/field.db"
cargo bench --quiet --bench field -- "$url"
DATABASE_URL=$url $bin serve --addr 127.0.0.1:$port --insecure-cookies >/dev/null 2>&1 &
until curl -sf -o /dev/null http://127.0.0.1:$port/healthz; do sleep 0.05; done
echo "# swadaya field-mode benchmark, $(date -u +%F), $(nproc) cores"
echo
echo "offline script: static/field.js $(wc -c < crates/web/static/field.js) bytes, gzip -9 $(gzip -9c crates/web/static/field.js | wc -c) bytes;" \
     "service worker static/sw.js $(wc -c < crates/web/static/sw.js) bytes, gzip -9 $(gzip -9c crates/web/static/sw.js | wc -c) bytes"
echo
python3 bench/field_sync.py "http://127.0.0.1:$port" pendamping "$(grep -o 'DEMO_PASSWORD: &str = "[^"]*"' crates/swadaya/src/demo.rs | cut -d'"' -f2)"
