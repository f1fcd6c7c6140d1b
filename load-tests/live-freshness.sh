#!/usr/bin/env bash
# Live events during a bulk load: a TrackStream of [events/s] in calls of [batch] events (open rate) runs for
# the whole measurement (customers C000001..C020000), while the freshness scenario, at [rate] steps/s for
# customers of another range (from C050001), tracks a purchase of a customer's top recommendation and
# times how long until Recommend leaves it out. The same freshness run without the bulk load comes
# first, as its floor. Prints both phases' freshness and Recommend rows (a step's Recommend calls: the
# least a freshness can be is one of them), the bulk stream's row and the projection lag at the end.
# Usage: load-tests/live-freshness.sh [events/s] [batch] [rate] [seconds] [engine args...]
# SKIP_BUILD=1 measures the Release build already in the tree. GC_TRACE=N also records the engine's garbage
# collections for N seconds of the bulk phase (pe-gctrace) and prints what they cost and traced.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-20000}; batch=${2:-1000}; rate=${3:-20}; seconds=${4:-30}; shift $(( $# < 4 ? $# : 4 ))
port=5770
source load-tests/engine.sh
out=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$out" "${data:-}"' EXIT
load() { dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll "$@" --server "http://127.0.0.1:$port" --products 600; }
freshness() {
    load freshness --customers 2000 --first-customer 50001 --rate "$rate" --warmup 2 --duration "$seconds" > "$out/$1.txt" 2>&1 || true
    grep -E '^(freshness|Recommend) ' "$out/$1.txt" | sed "s/^/$1 /"
}

[ -n "${SKIP_BUILD:-}" ] || build_release
start_engine 11771 30771 --Engine:DemoOnFirstStart=false --Engine:Training:CheckInterval=01:00:00 "$@"
wait_serving > /dev/null
# A first history, so that every customer's list has products in it.
load track --customers 20000 --batch 1000 --callers 2 --warmup 0 --duration 5 > /dev/null 2>&1 || true
wait_projected

echo "phase operation calls ok failed calls/s items/s p50 p75 p95 p99 p99.9 max (ms)"
freshness idle
load track-stream --customers 20000 --rate "$(echo "$events / $batch" | bc -l)" --batch "$batch" --warmup 0 --duration $((seconds + 8)) > "$out/bulk.txt" 2>&1 &
bulk=$!
sleep 3
if [ -n "${GC_TRACE:-}" ]; then
    dotnet load-tests/PersonalizationEngine.GcTrace/bin/Release/net10.0/pe-gctrace.dll --pid "$server" --seconds "$GC_TRACE" --out "$out/gc.nettrace" > "$out/gc.txt" 2>&1 &
    gc_trace=$!
fi
freshness during-bulk
wait $bulk || true
grep -E '^TrackStream ' "$out/bulk.txt" | sed 's/^/bulk /'
[ -z "${GC_TRACE:-}" ] || { wait "$gc_trace" || true; echo "garbage collections during the bulk load:"; cat "$out/gc.txt"; }
echo "projection lag when the bulk stream ended: $(pe status 2>/dev/null | grep -oiE 'projection lag: *[0-9,]+' | tr -dc 0-9) records"
