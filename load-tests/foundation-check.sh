#!/usr/bin/env bash
# Measures the foundation's promises on this machine, on a fresh data folder (Release build):
#   - seconds from launching the engine to health SERVING,
#   - how long the demo shop takes to load and to reach every grain (projection checkpoint),
#   - event-to-effect: acknowledged Track of three views -> changed Recommend (pe check): once at once
#     after SERVING, while the demo shop is still loading, then 5 runs after it is loaded,
#   - bulk import throughput through TrackStream (pe import), when a MovieLens folder is given.
# Usage: load-tests/foundation-check.sh [path/to/movielens-100k]
set -euo pipefail
cd "$(dirname "$0")/.."
movielens=${1:-}
port=5400
source load-tests/engine.sh

build_release
start_engine 11411 30400
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT

wait_serving
echo "during the demo load:"
pe check --within 5 | grep -E "acknowledged|changed|did not" || true

# The demo shop: 600 catalog records + 200,000 events; done when the projection checkpoint reaches them all.
until [ "$(cat "$data/projection.checkpoint" 2>/dev/null || echo 0)" -ge 200600 ]; do sleep 0.2; done
printf 'demo shop loaded and projected to all grains: %.1f s after launch\n' "$(elapsed)"

echo "after the demo load:"
for run in 1 2 3 4 5; do pe check --within 5 | grep -E "acknowledged|changed|did not"; done

if [ -n "$movielens" ]; then
    t0=$(date +%s.%N)
    pe import movielens "$movielens/u.data" --items "$movielens/u.item" --genres "$movielens/u.genre" | tail -1
    printf 'MovieLens 100K import: %.1f s\n' "$(echo "$(date +%s.%N) - $t0" | bc)"
fi
