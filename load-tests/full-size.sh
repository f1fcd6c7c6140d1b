#!/usr/bin/env bash
# Memory and start-up at the size of the performance envelope, on a fresh data folder (Release build):
#   - the demo shop of [customers] x [products] x [events] (default 100,000 x 20,000 x 2,000,000) loaded
#     into the log (its acknowledgement rate) and projected to every grain (projection lag 0),
#   - the recommendation model trained at 64 factors, then the propensity and churn models,
#   - the engine's resident memory after each step (every customer grain active) and its peak: through the
#     projection (the demo shop's load included), then while training alone,
#   - a restart on the same data folder: launch to SERVING, and memory once the grains are read back.
# Usage: load-tests/full-size.sh [customers] [products] [events]
# TRAIN_WHEN_IDLE=1 trains once the grains have gone idle after the projection (at most 1% of them still active,
# the rest deactivated, their state in storage) instead of at once, while every one of them is still resident.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-100000}; products=${2:-20000}; events=${3:-2000000}
port=5600
source load-tests/engine.sh


build_release
start_engine 11611 0 --Engine:Training:Factors=64 --Engine:Training:CheckInterval=01:00:00 \
    --Engine:DemoCustomers="$customers" --Engine:DemoProducts="$products" --Engine:DemoEvents="$events"
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
wait_serving
wait_events "$events"
printf '%s events in the log: %.1f s after launch, %s MiB resident\n' "$events" "$(elapsed)" "$(rss_mib)"
wait_projected
printf 'projected to every grain: %.1f s after launch, %s MiB resident (peak %s MiB)\n' "$(elapsed)" "$(rss_mib)" "$(peak_mib)"
# Customer and product grains active now, from the dashboard's counters.
active_grains() {
    curl -s "http://127.0.0.1:$((port + 1))/dashboard/DashboardCounters" | python3 -c "import json, sys
print(sum(s['activationCount'] for s in json.load(sys.stdin)['simpleGrainStats'] if s['grainType'].endswith(('.CustomerGrain', '.ProductGrain'))))"
}
if [ -n "${TRAIN_WHEN_IDLE:-}" ]; then
    # Customer and product grains idle for Engine:Grains:IdleDeactivation (2 minutes) are deactivated at Orleans'
    # next collections (once a minute): wait until at most 1% of them are left (15 minutes at most), as a
    # retraining on its schedule would find them. A customer that kept co-interactions is called once more after
    # its events stop, to drop them (CustomersOwingLinks), so the last go several minutes after the projection.
    idle_from=$(date +%s)
    while [ "$(active_grains)" -gt $(( (customers + products) / 100 )) ] && [ $(( $(date +%s) - idle_from )) -lt 900 ]; do sleep 10; done
    printf 'the grains deactivated (%s left) %s s after the projection: %s MiB resident\n' "$(active_grains)" "$(( $(date +%s) - idle_from ))" "$(rss_mib)"
fi
# The peak so far is the load's (the demo shop is generated in memory); from here on it is the training's own.
echo 5 > "/proc/$server/clear_refs"
t0=$(date +%s.%N)
pe retrain recommendation | grep -E "version|ndcg|dense_ease" | head -3 || true
printf 'recommendation model trained in %.1f s; %s MiB resident (peak while training %s MiB)\n' "$(echo "$(date +%s.%N) - $t0" | bc)" "$(rss_mib)" "$(peak_mib)"
echo 5 > "/proc/$server/clear_refs"
t0=$(date +%s.%N)
pe retrain propensity | grep -E "version|purchase_auc" | head -2 || true
printf 'propensity model trained in %.1f s; %s MiB resident (peak while training %s MiB)\n' "$(echo "$(date +%s.%N) - $t0" | bc)" "$(rss_mib)" "$(peak_mib)"
# What the engine compacted while quiet (idle, and before each training run): resident memory before and after.
grep -o "Compacted the heap.*" "$data/server.log" || echo "no compaction while quiet"
echo "data folder: $(du -sh "$data" | cut -f1)"

kill "$server"; wait "$server" 2>/dev/null || true
start=$(date +%s.%N)
dotnet src/PersonalizationEngine.Server/bin/Release/net10.0/PersonalizationEngine.Server.dll \
    --Engine:DataFolder="$data" --Engine:GrpcPort="$port" --Engine:DashboardPort=$((port + 1)) --Engine:SiloPort=11611 --Engine:GatewayPort=0 \
    --Engine:Training:Factors=64 --Engine:Training:CheckInterval=01:00:00 >> "$data/server.log" 2>&1 &
server=$!
wait_serving
printf 'after the restart: %s MiB resident\n' "$(rss_mib)"
pe recommend C000001 --count 5 > /dev/null && echo "recommend after the restart: ok"
