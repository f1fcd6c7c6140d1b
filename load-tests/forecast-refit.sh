#!/usr/bin/env bash
# Demand forecast refit as the engine runs it: a fresh engine imports the Online Retail
# purchases (units in the "quantity" context), then `pe retrain forecast` refits every product's
# forecast from the event log: per product and day (and per best seller and hour) the candidate with the least
# error over rolling validation origins, plus the held-out MASE against the seasonal naive forecast and the
# seconds each part took. Prints the run's report.
# Usage: load-tests/forecast-refit.sh <online_retail.csv[.gz]> [training-threads] [engine settings...]
#   e.g. ... 2 --Engine:Forecast:UseGlobalModel=false   (the refit without the global model)
set -euo pipefail
cd "$(dirname "$0")/.."
file=$(realpath "$1")
threads=${2:-2}
port=5540
source load-tests/engine.sh

build_release
start_engine 11541 30541 --Engine:DemoOnFirstStart=false --Engine:Training:Threads="$threads" \
    --Engine:Training:RetrainInterval=30.00:00:00 --Engine:Training:RetrainAfterEvents=100000000 \
    --Engine:Propensity:RetrainAfterEvents=100000000 --Engine:Forecast:RetrainAfterEvents=100000000 "${@:3}"
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
wait_serving
pe import retail "$file" > /dev/null
# The grains apply the import after it is acknowledged: wait, so the refit does not share the cores with them.
wait_projected
echo "imported and projected; refitting the forecast with $threads training threads"
pe retrain forecast
