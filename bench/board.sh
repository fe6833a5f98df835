#!/usr/bin/env bash
# Benchmark of issue 7 (not a test): the public notice board of a district-scale demo under wrk
# on loopback, on SQLite and on PostgreSQL: page size, the first (uncached) rendering, then
# requests/s with p50/p99 at 16 and 50 connections.
# Usage: bench/board.sh [DURATION_SECONDS] [SCALE]   (needs wrk, curl, psql; PostgreSQL at 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-20}
scale=${2:-200}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
bin=target/release/swadaya
port=18081
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

measure() {
  local name=$1 url=$2
  DATABASE_URL=$url $bin demo --scale "$scale" >/dev/null 2>&1
  DATABASE_URL=$url $bin serve --addr 127.0.0.1:$port >/dev/null 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:$port/healthz; do sleep 0.01; done
  local id=1 # LKM Makmur Sentosa: activities, payments, the loan fund's scan, complaints
  echo "## $name ($(curl -s http://127.0.0.1:$port/p?q=Demo | grep -o 'Halaman 1 / [0-9]*' | head -1), $scale synthetic institutions + the seed demo)"
  echo "notice board /p/$id: first (uncached) rendering $(curl -s -o /dev/null -w '%{time_total}' http://127.0.0.1:$port/p/$id) s," \
       "$(curl -s -o /dev/null -w '%{size_download}' http://127.0.0.1:$port/p/$id) bytes," \
       "gzip $(curl -s http://127.0.0.1:$port/p/$id | gzip -c | wc -c) bytes"
  for c in 16 50; do
    echo "### wrk -t2 -c$c -d${dur}s"
    wrk -t2 -c$c -d"${dur}s" --latency "http://127.0.0.1:$port/p/$id" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors' || true
  done
  kill $pid; wait $pid 2>/dev/null || true
  echo
}

echo "# swadaya notice-board benchmark, $(date -u +%F), $(nproc) cores"
echo
measure "SQLite" "sqlite://$tmp/bench.db"
db="swadaya_bench_board_$$"
psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $db" >/dev/null
measure "PostgreSQL" "postgres://postgres@127.0.0.1:5432/$db"
psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
