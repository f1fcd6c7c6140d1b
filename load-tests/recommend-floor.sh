#!/usr/bin/env bash
# Recommend against its floor, measured in one run by one generator (pe-load, 8 callers closed loop,
# then open at [rate] requests/s): the same proto answered by pe-floor with a fixed 10-item list, bare
# and after one Orleans grain call, then the engine (Release) on a fresh generated shop of [customers] x
# [products] x [events] (default 20,000 x 20,000 x 200,000, 64 factors, no background training) with its
# recommendation model trained. Prints each server's row and its share of the one-grain-call floor.
# Extra arguments go to the engine, e.g. --Engine:Dashboard=false; the environment reaches every
# process it starts (e.g. DOTNET_GCgen0size=0x4000000).
# Usage: load-tests/recommend-floor.sh [customers] [products] [events] [rate] [engine args...]
# SKIP_BUILD=1 measures the Release build already in the tree instead of building it first.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-20000}; products=${2:-20000}; events=${3:-200000}; rate=${4:-5000}; shift $(( $# < 4 ? $# : 4 ))
port=5730
source load-tests/engine.sh
out=$(mktemp -d)
trap 'kill ${server:-} ${floor:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$out" "${data:-}"' EXIT

# One pe-load run against 127.0.0.1:$1; prints "calls/s p99 p99.9".
measure() {
    local target=$1; shift
    dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll recommend --server "http://127.0.0.1:$target" \
        --customers "$customers" --products "$products" --warmup 10 --duration 30 "$@" > "$out/load.txt" 2>&1 || true
    grep -E '^Recommend ' "$out/load.txt" | tr -s ' ' | awk '{gsub(",", "", $5); print $5, $10, $11, $4}'
}
# Both runs against one server: closed-loop capacity, then the open rate.
both() { echo "$(measure "$1" --callers 8) $(measure "$1" --rate "$rate")"; }
floor_run() {
    start_floor 5740 "$@"
    both 5740
    stop_floor
}

[ -n "${SKIP_BUILD:-}" ] || build_release
bare=$(floor_run)
grain=$(floor_run --grain)
start_engine 11731 30031 --Engine:Training:Factors=64 --Engine:Training:CheckInterval=01:00:00 \
    --Engine:DemoCustomers="$customers" --Engine:DemoProducts="$products" --Engine:DemoEvents="$events" "$@"
wait_serving > /dev/null
wait_events "$events"
wait_projected
pe retrain recommendation > /dev/null
engine=$(both $port)

floor_capacity=$(echo "$grain" | cut -d' ' -f1)
echo "Recommend, ${customers} customers x ${products} products x ${events} events; closed = 8 callers, open = ${rate}/s"
echo "| server | closed calls/s | share of one-grain floor | closed p99 ms | open p99 ms | open p99.9 ms | open failed |"
echo "|---|---|---|---|---|---|---|"
row() {
    read -r closed cp99 _ _ _ op99 op999 ofailed <<< "$2"
    printf '| %s | %s | %.0f%% | %s | %s | %s | %s |\n' "$1" "$closed" "$(echo "100 * $closed / $floor_capacity" | bc -l)" "$cp99" "$op99" "$op999" "$ofailed"
}
row "fixed list (pe-floor)" "$bare"
row "fixed list after one grain call (pe-floor --grain)" "$grain"
row "engine" "$engine"
