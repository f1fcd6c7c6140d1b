#!/usr/bin/env bash
# A Retrain of every model sent at once, as a check that finds every model due does: the engine runs them
# one after another and they share one read of the event log. On a generated shop (Release build, 64
# factors), after every grain holds it: the wall time until the last run ends, each run's own seconds
# (from the engine's log), and the engine's resident memory before and at its peak.
# Usage: load-tests/retrain-all.sh [customers] [products] [events] [engine args...]
# SKIP_BUILD=1 measures the Release build already in the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-20000}; products=${2:-20000}; events=${3:-200000}; shift $(( $# < 3 ? $# : 3 ))
port=5640
source load-tests/engine.sh
trap 'kill ${server:-} 2>/dev/null; wait 2>/dev/null; rm -rf "${data:-}"' EXIT
models="recommendation propensity sentiment forecast segments"

[ -n "${SKIP_BUILD:-}" ] || build_release
start_engine 11641 0 --Engine:Training:Factors=64 --Engine:Training:CheckInterval=01:00:00 \
    --Engine:DemoCustomers="$customers" --Engine:DemoProducts="$products" --Engine:DemoEvents="$events" "$@"
wait_serving > /dev/null
wait_events "$events"
wait_projected
printf 'shop %s x %s x %s projected; %s MiB resident (peak %s MiB)\n' "$customers" "$products" "$events" "$(rss_mib)" "$(peak_mib)"
t0=$(date +%s.%N)
for model in $models; do retrain "$model" & done
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
printf 'every model retrained in %.1f s; %s MiB resident (peak %s MiB)\n' "$(echo "$(date +%s.%N) - $t0" | bc)" "$(rss_mib)" "$(peak_mib)"
grep -oE '[a-z]+ model v[0-9]+: .*\([0-9.]+ s, [0-9]+ events\)' "$data/server.log" | sed -E 's/: .*\(([0-9.]+ s), ([0-9]+) events\)/: \1/'
