#!/usr/bin/env bash
# Model swaps under load: Recommend at a constant rate on a generated shop, first with the
# model standing still, then while the recommendation model is retrained and swapped in back to back.
# The two reports side by side show what retraining costs the read path on this machine (training
# shares its cores) and whether any request failed across the swaps.
# Usage: load-tests/swap-latency.sh [customers] [products] [events] [rate] [seconds] [out-folder]
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-20000}
products=${2:-4000}
events=${3:-200000}
rate=${4:-500}
seconds=${5:-60}
out=${6:-swap-results}
port=5520
mkdir -p "$out"
source load-tests/engine.sh
load() {
    local name=$1; shift
    dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll recommend --server "http://127.0.0.1:$port" \
        --customers "$customers" --products "$products" --rate "$rate" --warmup 10 --duration "$seconds" \
        --markdown "$out/$name.md" --json "$out/$name.json" --chart "$out/$name.png" "$@" || true
}
version() { pe status 2>/dev/null | grep -m1 -oE 'als-v[0-9]+' || echo none; }

build_release
start_engine 11531 30520 --Engine:Training:Factors=64 \
    --Engine:DemoCustomers="$customers" --Engine:DemoProducts="$products" --Engine:DemoEvents="$events"
trap 'kill $retrainer 2>/dev/null || true; kill $server 2>/dev/null; wait $server 2>/dev/null; cp "$data/server.log" "$out/server.log" 2>/dev/null; rm -rf "$data"' EXIT
retrainer=

wait_serving
wait_events "$events"
sleep 3
# Every model trained once first, so no scheduled first training runs during the measurements.
for model in recommendation propensity sentiment; do pe retrain $model > /dev/null || true; done
echo "serving $(version); Recommend at $rate/s for $seconds s with the model standing still"
load steady

# Retrain back to back for the whole second run (warm-up included), each run publishing a new version.
before=$(version)
( while true; do pe retrain recommendation > /dev/null 2>&1 || true; done ) &
retrainer=$!
echo "serving $before; Recommend at $rate/s for $seconds s while retraining back to back"
load swapping
kill $retrainer 2>/dev/null || true
wait $retrainer 2>/dev/null || true
retrainer=
echo "versions: $before before the second run, $(version) after it"
grep -E 'Published|Trained|recommendation model' "$data/server.log" | tail -3 || true
