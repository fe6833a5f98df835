#!/usr/bin/env bash
# Benchmark of issue 20 (not a test): every public answer a crowd can ask for, next to its limit,
# the binary's own CSS file (the fastest answer this server gives), under wrk on loopback, on
# SQLite and on PostgreSQL. Rounds alternate the answer and the limit; medians are printed.
# Usage: bench/public.sh [DURATION_SECONDS] [ROUNDS] [SCALE]   (defaults 5 3 50; needs wrk, curl,
# psql; PostgreSQL at 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-5}
rounds=${2:-3}
scale=${3:-50}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
bin=target/release/swadaya
port=18082
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

rate() { wrk -t2 -c16 -d"${dur}s" "$1" | awk '/Requests\/sec/ {print int($2)}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() {
  local name=$1 url=$2
  DATABASE_URL=$url $bin demo --scale "$scale" >/dev/null 2>&1
  DATABASE_URL=$url $bin serve --addr 127.0.0.1:$port >/dev/null 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:$port/healthz; do sleep 0.01; done
  local base=http://127.0.0.1:$port id=1 desa
  desa=$(curl -sf "$base/p?q=Pemerintah+Desa+Ganra" | grep -o '/p/[0-9]*' | head -1 | cut -d/ -f3)
  echo "## $name (demo --scale $scale; wrk -t2 -c16, ${dur} s a round, $rounds rounds, medians)"
  echo "| answer | req/s | the CSS file, same rounds | ratio |"
  echo "|---|---|---|---|"
  for path in "/p" "/p/$id" "/p/$id/data.json" "/p/$id/activities.csv" "/p/$id/payments.csv" "/p/$id/feed.atom" \
              "/api/v1/public/institutions/$id/register" "/p/$desa/apbdes/2022" "/p/$desa/apbdes/2022/data.json" \
              "/p/$desa/apbdes/2022/data.csv" "/p/$desa/apbdes/2022/data.xlsx" "/p/$desa/apbdes/2022/poster-a3.pdf"; do
    curl -sf -o /dev/null "$base$path" || { echo "| $path | fails | | |"; continue; }
    local ours=() limit=()
    for _ in $(seq "$rounds"); do
      ours+=("$(rate "$base$path")")
      limit+=("$(rate "$base/static/app.css")")
    done
    local o l
    o=$(printf '%s\n' "${ours[@]}" | median)
    l=$(printf '%s\n' "${limit[@]}" | median)
    echo "| \`$path\` | $o | $l | $(( o * 100 / l )) % |"
  done
  kill $pid; wait $pid 2>/dev/null || true
  echo
}

echo "# swadaya public answers under a crowd, $(date -u +%F), $(nproc) cores"
echo
measure "SQLite" "sqlite://$tmp/bench.db"
db="swadaya_bench_public_$$"
psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $db" >/dev/null
measure "PostgreSQL" "postgres://postgres@127.0.0.1:5432/$db"
psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
