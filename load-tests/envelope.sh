#!/usr/bin/env bash
# Measures the performance envelope on this machine: starts the engine (Release) on a fresh
# data folder with a generated shop, waits until every event is in the log, trains the recommendation
# and propensity models, then runs the pe-load scenarios against it one after another, writing each
# report as markdown, JSON and PNG into the output folder.
# Usage: load-tests/envelope.sh [customers] [products] [events] [out-folder]
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-20000}
products=${2:-4000}
events=${3:-200000}
out=${4:-envelope-results}
port=5500
mkdir -p "$out"
source load-tests/engine.sh
load() {
    local name=$1; shift
    dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll "$@" --server "http://127.0.0.1:$port" \
        --customers "$customers" --products "$products" \
        --markdown "$out/$name.md" --json "$out/$name.json" --chart "$out/$name.png" || true
}

build_release
start_engine 11511 30500 --Engine:Training:Factors=64 \
    --Engine:DemoCustomers="$customers" --Engine:DemoProducts="$products" --Engine:DemoEvents="$events"
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; cp "$data/server.log" "$out/server.log" 2>/dev/null; rm -rf "$data"' EXIT

wait_serving
wait_events "$events"
printf '%s events in the log: %.1f s after launch\n' "$events" "$(elapsed)"
wait_projected
printf 'projected to every grain: %.1f s after launch\n' "$(elapsed)"
pe retrain recommendation | tail -3 || true
pe retrain propensity | tail -3 || true
printf 'engine resident memory after loading and training: %s MiB\n' "$(rss_mib)"

# Read-side and freshness first: the ingestion runs leave a projection backlog behind them (the grains
# follow from the log).
load recommend-1000 recommend --rate 1000 --warmup 10 --duration 30 --threshold 'Recommend:p99<=10'
load freshness freshness --callers 4 --warmup 5 --duration 30 --threshold 'freshness:p99<=50'
load website-session website-session --rate 100 --warmup 5 --duration 30
load mixed mixed --rate 500 --warmup 10 --duration 30
load recommend-2000 recommend --rate 2000 --warmup 10 --duration 30 --threshold 'Recommend:p99<=10'
load recommend-5000 recommend --rate 5000 --warmup 10 --duration 30 --threshold 'Recommend:p99<=10'
load track-stream track-stream --callers 4 --batch 10000 --warmup 5 --duration 60 --threshold 'TrackStream:items/s>=50000'
load track track --callers 8 --batch 1000 --warmup 5 --duration 30 --threshold 'Track:items/s>=20000'
printf 'engine resident memory at the end: %s MiB (peak %s MiB)\n' \
    "$(rss_mib)" "$(peak_mib)"
