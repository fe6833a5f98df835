#!/usr/bin/env bash
# Benchmark of issue 3 (not a test): cold start of `swadaya serve`, idle RSS, page size, and the
# public register page under wrk on loopback, on SQLite and on PostgreSQL.
# Usage: bench/register.sh [DURATION_SECONDS]   (needs wrk, curl, psql; PostgreSQL at 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-20}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
bin=target/release/swadaya
port=18080
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

measure() {
  local name=$1 url=$2
  DATABASE_URL=$url $bin demo --scale 100 >/dev/null 2>&1
  local t0 t1 pid
  t0=$(date +%s%N)
  DATABASE_URL=$url $bin serve --addr 127.0.0.1:$port >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:$port/healthz; do sleep 0.002; done
  t1=$(date +%s%N)
  sleep 2
  local rss; rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  local id=4 # KPMD Desa Ganra, the fourth demo institution: seed 004's cadre table
  local bytes; bytes=$(curl -s -o /dev/null -w '%{size_download}' http://127.0.0.1:$port/p/$id)
  echo "## $name"
  echo "cold start to first answer: $(( (t1 - t0) / 1000000 )) ms"
  echo "idle RSS: $(( rss / 1024 )) MB ($rss kB)"
  echo "public register page /p/$id: $bytes bytes"
  wrk -t2 -c16 -d"${dur}s" --latency "http://127.0.0.1:$port/p/$id" | sed -n '/Latency Distribution/,/Transfer/p'
  echo "RSS after load: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB"
  kill $pid; wait $pid 2>/dev/null || true
  echo
}

echo "# swadaya register benchmark, $(date -u +%F), $(nproc) cores, wrk -t2 -c16 -d${dur}s"
echo
measure "SQLite" "sqlite://$tmp/bench.db"
psql -q -h 127.0.0.1 -U postgres -d test -c 'DROP DATABASE IF EXISTS swadaya_bench WITH (FORCE)' -c 'CREATE DATABASE swadaya_bench'
measure "PostgreSQL" "postgres://postgres@127.0.0.1:5432/swadaya_bench"
psql -q -h 127.0.0.1 -U postgres -d test -c 'DROP DATABASE IF EXISTS swadaya_bench WITH (FORCE)'
