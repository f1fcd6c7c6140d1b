#!/usr/bin/env bash
# Serving while every model retrains: the `reads` scenario (Recommend, and GetModelStatus in one step of
# ten) at a constant rate on a generated shop, first with every model standing still, then while a
# Retrain of every model is sent at once, again and again, for the whole run. Prints both reports'
# rows and the ratio of the p99s. The engine trains one model at a time, on threads of lower priority.
# Usage: load-tests/training-isolation.sh [customers] [products] [events] [rate] [seconds] [engine args...]
# SKIP_BUILD=1 measures the Release build already in the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-20000}; products=${2:-4000}; events=${3:-200000}; rate=${4:-200}; seconds=${5:-40}; shift $(( $# < 5 ? $# : 5 ))
port=5560
source load-tests/engine.sh
out=$(mktemp -d)
retrainer=
trap 'kill ${retrainer:-} 2>/dev/null || true; kill ${server:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$out" "${data:-}"' EXIT
models="recommendation propensity sentiment forecast segments"

load() {
    dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll reads --server "http://127.0.0.1:$port" \
        --customers "$customers" --products "$products" --rate "$rate" --warmup 5 --duration "$seconds" > "$out/$1.txt" 2>&1 || true
    grep -E '^(Recommend|GetModelStatus) ' "$out/$1.txt" | sed "s/^/$1 /"
}
p99() { grep -E "^$2 " "$out/$1.txt" | tr -s ' ' | cut -d' ' -f10; }
[ -n "${SKIP_BUILD:-}" ] || build_release
start_engine 11561 30561 --Engine:Training:Factors=64 --Engine:Training:CheckInterval=01:00:00 \
    --Engine:DemoCustomers="$customers" --Engine:DemoProducts="$products" --Engine:DemoEvents="$events" "$@"
wait_serving > /dev/null
wait_events "$events"
wait_projected
# Every model trained once first, so that the idle run serves trained models too.
for model in $models; do pe retrain "$model" > /dev/null 2>&1 || true; done

echo "phase operation calls ok failed calls/s items/s p50 p75 p95 p99 p99.9 max (ms)"
load idle
runs_before=$(grep -cE 'model v[0-9]+:' "$data/server.log")
( while true; do for model in $models; do retrain "$model" & done; wait; done ) &
retrainer=$!
load retraining
kill $retrainer 2>/dev/null || true
retrainer=
for operation in Recommend GetModelStatus; do
    echo "$operation p99 while retraining / idle: $(echo "scale=2; $(p99 retraining $operation) / $(p99 idle $operation)" | bc)"
done
# The runs that overlapped the measured phase: those that ended after it began (a run in flight at its end included).
for _ in $(seq 120); do [ "$(grep -cE 'model v[0-9]+:' "$data/server.log")" -gt "$runs_before" ] && break; sleep 1; done
echo "training runs that overlapped the retraining phase:"
grep -E 'model v[0-9]+:' "$data/server.log" | tail -n +$((runs_before + 1)) | sed 's/^ */  /'
