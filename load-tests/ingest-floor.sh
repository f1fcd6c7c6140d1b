#!/usr/bin/env bash
# TrackStream against its floor, measured in one run by one generator (pe-load track-stream, closed
# loop, [callers] callers each streaming [batch] events per call): pe-floor decoding and acknowledging
# every event, pe-floor appending them to a durable file log as well (the engine's log, in its groups
# of 1,000), then the engine (Release, empty data folder, no demo) with its whole write path: validation,
# deduplication, the durable log and the projection to the grains. Prints each server's events/s and
# its share of the decode-and-acknowledge floor, then the engine's projection lag when the run ended and
# the rate the grains applied events at over the next 20 s, with nothing more arriving.
# Usage: load-tests/ingest-floor.sh [callers] [batch] [seconds] [engine args...]
# SKIP_BUILD=1 measures the Release build already in the tree. WARMUP=N sets the seconds of load before the
# measured ones (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
callers=${1:-4}; batch=${2:-10000}; seconds=${3:-30}; shift $(( $# < 3 ? $# : 3 ))
port=5750
source load-tests/engine.sh
out=$(mktemp -d)
trap 'kill ${server:-} ${floor:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$out" "${data:-}"' EXIT

# One pe-load run against 127.0.0.1:$1; prints "events/s p99-ms-per-call".
measure() {
    dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll track-stream --server "http://127.0.0.1:$1" \
        --customers 20000 --products 20000 --callers "$callers" --batch "$batch" --warmup "${WARMUP:-5}" --duration "$seconds" > "$out/load.txt" 2>&1 || true
    grep -E '^TrackStream ' "$out/load.txt" | tr -s ' ' | awk '{gsub(",", "", $6); print $6, $10}'
}
floor_run() {
    start_floor 5760 --silo-port 11860 --gateway-port 30860 "$@"
    measure 5760
    stop_floor
}

[ -n "${SKIP_BUILD:-}" ] || build_release
acknowledge=$(floor_run)
append=$(floor_run --log "$out/floor-log")
start_engine 11751 30751 --Engine:DemoOnFirstStart=false --Engine:Training:CheckInterval=01:00:00 "$@"
wait_serving > /dev/null
engine=$(measure "$port")
lag_now() { pe status 2>/dev/null | grep -oiE 'projection lag: *[0-9,]+' | tr -dc 0-9 || echo 0; }
lag=$(lag_now)
sleep 20
drained=$(( lag - $(lag_now) ))

echo "TrackStream, $callers callers x $batch events per call, $seconds s"
echo "| server | events/s | share of decode-and-acknowledge floor | p99 ms per call |"
echo "|---|---|---|---|"
row() { echo "| $1 | $2 | $(echo "scale=0; 100 * $2 / ${acknowledge%% *}" | bc)% | $3 |"; }
row "decode and acknowledge (pe-floor)" $acknowledge
row "decode, append to the durable log, acknowledge (pe-floor --log)" $append
row "engine" $engine
echo "engine projection lag at the end of the run: $lag events; the grains then applied $(( drained / 20 )) events/s over 20 s"
