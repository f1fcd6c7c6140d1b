#!/usr/bin/env bash
# Where the engine's CPU time goes under one scenario: Linux `perf` sampling the engine process, with the
# runtime's perf map so JIT-compiled methods have names (W^X off so the map's addresses are the code's).
#   recommend   the generated shop of 20,000 customers x 20,000 products x 200,000 events, 64 factors,
#               model trained, under pe-load recommend with 8 closed-loop callers
#   projection  the same shop while the grains catch up with the log right after start-up
# Prints the engine's samples by library (libcoreclr.so is mostly the garbage collector), then the
# methods with the largest inclusive and self shares. Needs `perf` (linux-tools); not part of the tests.
# Usage: load-tests/profile.sh recommend|projection [seconds (default 15)]
# SKIP_BUILD=1 profiles the Release build already in the tree. GC_TRACE=1 also records the engine's garbage
# collections and sampled allocations over the same seconds (pe-gctrace) and prints them (for recommend, with the
# bytes allocated per call).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:?recommend or projection}; seconds=${2:-15}
command -v perf > /dev/null || { echo "profile.sh needs perf (linux-tools)"; exit 2; }
port=5750
source load-tests/engine.sh
out=$(mktemp -d)
trap 'kill ${server:-} ${load:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$out" "${data:-}" /tmp/perf-"${server:-x}".map' EXIT
[ -n "${SKIP_BUILD:-}" ] || build_release
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
start_engine 11751 30051 --Engine:Training:Factors=64 \
    --Engine:Training:CheckInterval=01:00:00 --Engine:DemoCustomers=20000 --Engine:DemoProducts=20000 --Engine:DemoEvents=200000
unset DOTNET_PerfMapEnabled DOTNET_EnableWriteXorExecute
wait_serving > /dev/null
case "$scenario" in
    recommend)
        wait_events 200000; wait_projected
        pe retrain recommendation > /dev/null
        dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll recommend --server "http://127.0.0.1:$port" \
            --customers 20000 --products 20000 --warmup 5 --duration $((seconds + 15)) --callers 8 > "$out/load.txt" 2>&1 &
        load=$!
        sleep 10 ;;
    projection) sleep 3 ;;
    *) echo "unknown scenario $scenario"; exit 2 ;;
esac
if [ -n "${GC_TRACE:-}" ]; then
    dotnet load-tests/PersonalizationEngine.GcTrace/bin/Release/net10.0/pe-gctrace.dll --pid "$server" --seconds "$seconds" --out "$out/gc.nettrace" > "$out/gc.txt" 2>&1 &
    gc_trace=$!
fi
perf record -F 499 -g -p "$server" -o "$out/perf.data" -- sleep "$seconds" 2> /dev/null > /dev/null
calls=""
if [ "$scenario" = recommend ]; then
    wait "$load"
    calls=$(grep -E '^Recommend ' "$out/load.txt" | tr -s ' ' | awk '{print $5}' | tr -d ,)
    echo "Recommend calls/s during the profile: $calls"
else
    pe status | grep -oiE 'projection lag: *[0-9,]+' | sed 's/^/after the profile, /'
fi
if [ -n "${GC_TRACE:-}" ]; then
    wait "$gc_trace" || true
    echo "== garbage collections and allocations during the profile"; cat "$out/gc.txt"
    rate=$(grep -oE 'allocated \(sampled\) [0-9]+ MB/s' "$out/gc.txt" | grep -oE '[0-9]+ MB' | tr -dc 0-9)
    [ -z "$calls" ] || [ -z "$rate" ] || awk -v r="$rate" -v c="$calls" 'BEGIN { printf "allocated per call: %.1f KB\n", r * 1000 / c }'
fi
# Each listing is cut short with head, which ends perf report early: that is no failure of the script.
report() { perf report -i "$out/perf.data" -g none "$@" 2> /dev/null | grep '%' | cut -c1-180 || true; }
echo "== samples by library"; report --no-children --sort dso | head -8 || true
echo "== methods, inclusive"; report --children --sort sym | grep -v '0x0000' | head -40 || true
echo "== methods, self"; report --no-children --sort sym | head -${SELF_ROWS:-25} || true
