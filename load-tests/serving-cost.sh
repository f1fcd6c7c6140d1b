#!/usr/bin/env bash
# What a read costs on this machine: starts the engine (Release) on a fresh generated shop of
# [customers] x [products] x [events] (default 20,000 x 20,000 x 200,000, 64 factors, no background
# training), trains the recommendation model, then runs pe-load against it:
#   - Recommend, closed loop of 8 callers (capacity), and open at 1,000 and 1,500 requests/s;
#   - PersonalizeOffers with no offers defined at 1,000/s: the floor of one gRPC call and one grain call;
# and prints, for each open run, the CPU time the engine and the load generator spent per request.
# Extra arguments go to the engine, e.g. --Engine:Dashboard=false. Runtime settings come from the
# environment, e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70 (the runtime's default spinning).
# Usage: load-tests/serving-cost.sh [customers] [products] [events] [engine args...]
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-20000}; products=${2:-20000}; events=${3:-200000}; shift $(( $# < 3 ? $# : 3 ))
port=5700
source load-tests/engine.sh

build_release
start_engine 11711 0 --Engine:Training:Factors=64 --Engine:Training:CheckInterval=01:00:00 \
    --Engine:DemoCustomers="$customers" --Engine:DemoProducts="$products" --Engine:DemoEvents="$events" "$@"
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
wait_serving > /dev/null
wait_events "$events"
wait_projected
pe retrain recommendation > /dev/null

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
per_second=$(getconf CLK_TCK)
# One pe-load run: prints its result row; for an open run (--rate N), also the CPU per request of the
# engine and of the generator over the measured 30 s (read from /proc after the 10 s warm-up).
measure() {
    local scenario=$1; shift
    dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll "$scenario" --server "http://127.0.0.1:$port" \
        --customers "$customers" --products "$products" --warmup 10 --duration 30 "$@" > "$data/load.txt" 2>&1 &
    local load=$! rate=""
    [ "$1" = "--rate" ] && rate=$2
    sleep 10.5
    local engine0 load0; engine0=$(ticks "$server"); load0=$(ticks "$load")
    sleep 29
    local engine1 load1; engine1=$(ticks "$server"); load1=$(ticks "$load")
    wait "$load" || true
    printf '%s %s: ' "$scenario" "$*"; grep -E '^(Recommend|PersonalizeOffers) ' "$data/load.txt" | tr -s ' ' | cut -d' ' -f2-
    if [ -n "$rate" ]; then
        printf '  CPU per request: engine %d us, load generator %d us\n' \
            $(( (engine1 - engine0) * 1000000 / per_second / (rate * 29) )) $(( (load1 - load0) * 1000000 / per_second / (rate * 29) ))
    fi
}
echo "columns: calls ok failed calls/s items/s p50 p75 p95 p99 p99.9 max (ms)"
measure recommend --callers 8
measure recommend --rate 1000
measure recommend --rate 1500
measure offers --rate 1000
