#!/usr/bin/env bash
# What recording impressions costs Recommend: in one run with one generator (pe-load, 8 callers closed loop),
# the one-grain-call floor (pe-floor --grain, the same proto answered with a fixed list), then the engine
# (Release) on a fresh generated shop of [customers] x [products] x [events] (default 20,000 x 20,000 x
# 200,000, 64 factors, no background training, the sentence encoder off) with its recommendation model
# trained, alternately with prefetch requests (no impression recorded) and plain ones (each list counted
# for its version and sent to the customer's grain), [rounds] times each. Prints calls/s and p99 per run,
# the mean of each kind as a share of the floor, and recorded / prefetch.
# Usage: load-tests/impression-cost.sh [customers] [products] [events] [rounds]   (SKIP_BUILD=1: the Release build already in the tree)
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-20000}; products=${2:-20000}; events=${3:-200000}; rounds=${4:-2}
port=5870
source load-tests/engine.sh
out=$(mktemp -d)
trap 'kill ${server:-} ${floor:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$out" "${data:-}"' EXIT

# One closed-loop run of SCENARIO against 127.0.0.1:PORT; prints "calls/s p99".
measure() {
    dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll "$1" --server "http://127.0.0.1:$2" \
        --customers "$customers" --products "$products" --warmup 5 --duration 20 --callers 8 > "$out/load.txt" 2>&1 || true
    grep -E '^Recommend ' "$out/load.txt" | tr -s ' ' | awk '{gsub(",", "", $5); print $5, $10}'
}

[ -n "${SKIP_BUILD:-}" ] || build_release
start_floor 5880 --grain
read -r floor_rate floor_p99 <<< "$(measure recommend 5880)"
stop_floor
echo "floor (pe-floor --grain): $floor_rate calls/s, p99 $floor_p99 ms"

start_engine 11871 30871 --Engine:Training:Factors=64 --Engine:Training:CheckInterval=01:00:00 --Engine:Text:Encoder=none \
    --Engine:DemoCustomers="$customers" --Engine:DemoProducts="$products" --Engine:DemoEvents="$events"
wait_serving > /dev/null
wait_events "$events"
wait_projected
pe retrain recommendation > /dev/null

declare -A total=([recommend-prefetch]=0 [recommend]=0)
for round in $(seq "$rounds"); do
    for scenario in recommend-prefetch recommend; do
        read -r rate p99 <<< "$(measure "$scenario" "$port")"
        echo "round $round, $scenario: $rate calls/s, p99 $p99 ms"
        total[$scenario]=$(echo "${total[$scenario]} + $rate" | bc -l)
    done
done
prefetch=$(echo "${total[recommend-prefetch]} / $rounds" | bc -l)
recorded=$(echo "${total[recommend]} / $rounds" | bc -l)
printf 'mean: prefetch %.0f calls/s (%.0f%% of the floor), impressions recorded %.0f calls/s (%.0f%% of the floor); recorded / prefetch = %.3f\n' \
    "$prefetch" "$(echo "100 * $prefetch / $floor_rate" | bc -l)" "$recorded" "$(echo "100 * $recorded / $floor_rate" | bc -l)" "$(echo "$recorded / $prefetch" | bc -l)"
