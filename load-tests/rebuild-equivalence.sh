#!/usr/bin/env bash
# Rebuild equivalence under SIGKILL: the engine (Release) takes tracked events from pe-load while it is
# killed with SIGKILL at [crashes] random moments (2 to 8 s into each run) and started again on the same
# data folder. Then it is started once more, left to apply everything in its log and stopped gracefully
# (every grain writes its state); a fresh engine builds its grains from a copy of that log and is stopped
# the same way; pe-statecheck compares every customer, product and offer grain's state in the two data
# folders and names the first difference. Exit 0 when every grain is equal.
# Usage: load-tests/rebuild-equivalence.sh [crashes (20)] [customers (500)] [products (300)]
# SKIP_BUILD=1 uses the Release build already in the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
crashes=${1:-20}; customers=${2:-500}; products=${3:-300}
port=5770
source load-tests/engine.sh
ran=$(mktemp -d); rebuilt=$(mktemp -d)
trap 'kill -9 ${server:-} ${load:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$ran" "$rebuilt"' EXIT
# No training (reviews stay unscored in both engines, not scored by whichever model served then). Room for
# every neighbour: which ones a full neighbour map keeps depends on the order links arrive in, not only on
# the log, so the run keeps all of them and compares the counts themselves.
settings=(--Engine:DemoOnFirstStart=false --Engine:Training:CheckInterval=01:00:00 --Engine:Grains:Neighbors=10000)
pe_load=(dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll)

[ -n "${SKIP_BUILD:-}" ] || build_release
# Starts the engine on $1 and waits until it answers.
run_on() {
    start_engine 11770 30770 "${settings[@]}" --Engine:DataFolder="$1"
    for _ in $(seq 60); do pe status > /dev/null 2>&1 && return; sleep 1; done
    echo "the engine did not start (log: $data/server.log)" >&2; exit 1
}
stop_gracefully() { kill -TERM "$server"; wait "$server" 2>/dev/null || true; }

for crash in $(seq "$crashes"); do
    run_on "$ran"
    "${pe_load[@]}" track --server "http://127.0.0.1:$port" --customers "$customers" --products "$products" \
        --rate 100 --batch 20 --warmup 0 --duration 30 > /dev/null 2>&1 &
    load=$!
    sleep "$(( 2 + RANDOM % 7 ))"
    kill -9 "$server"; wait "$server" 2>/dev/null || true
    kill "$load" 2>/dev/null; wait "$load" 2>/dev/null || true
    echo "crash $crash: killed with SIGKILL, $(ls "$ran"/events | wc -l) log segment(s)"
done

run_on "$ran"
wait_projected
events=$(pe status | grep -oiE 'Events in log: *[0-9,]+' | tr -dc 0-9)
stop_gracefully
cp -r "$ran/events" "$rebuilt/events"
run_on "$rebuilt"
wait_projected
stop_gracefully
echo "$events events in the log after $crashes crashes"
dotnet load-tests/PersonalizationEngine.StateCheck/bin/Release/net10.0/pe-statecheck.dll "$ran" "$rebuilt"
