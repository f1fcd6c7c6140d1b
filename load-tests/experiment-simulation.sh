#!/usr/bin/env bash
# Online experiments on simulated customers: starts the engine with the default demo shop, waits until it is
# loaded into every grain, trains the recommendation model, then runs `pe simulate-experiment` (the demo's
# customers, clicking what they are shown with the probability their latent taste gives it): how soon a click
# that names its list is counted, and per seed an experiment of the trained model against popularity.
# Usage: load-tests/experiment-simulation.sh [simulate-experiment options...]   (SKIP_BUILD=1: the Release build already in the tree)
set -euo pipefail
cd "$(dirname "$0")/.."
port=5850
source load-tests/engine.sh
trap 'kill ${server:-} 2>/dev/null; wait 2>/dev/null; rm -rf "${data:-}"' EXIT
[ -n "${SKIP_BUILD:-}" ] || build_release
start_engine 11851 30851 --Engine:Text:Encoder=none
wait_serving
until [ "$(cat "$data/projection.checkpoint" 2>/dev/null || echo 0)" -ge 200600 ]; do sleep 0.5; done
printf 'demo shop loaded and projected: %.1f s after launch\n' "$(elapsed)"
pe train recommendation | head -1
pe simulate-experiment "$@"
