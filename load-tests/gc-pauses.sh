#!/usr/bin/env bash
# How long the garbage collector stops the engine: the runtime's own counters (dotnet-counters, a .NET tool
# from NuGet, installed into a temporary folder) sampled every second while the demo shop of the given size is
# loaded and projected to every grain, then while the recommendation model and propensity train. Prints, per
# phase: seconds, seconds paused in collections, collections by generation, seconds with more than 100 ms of
# pause, and the most paused in one second; then where the engine's memory was at each phase's end: the managed
# heap after the last collection, the free space inside it, what the collector had committed, and the process's
# working set (the rest is native: the runtime, ONNX Runtime and the text model, SQLite). Not part of the tests.
# Usage: load-tests/gc-pauses.sh [customers] [products] [events] [engine args...]   (default 30,000 x 20,000 x 600,000)
# SKIP_BUILD=1 measures the Release build already in the tree; DOTNET_* variables reach the engine (GC settings).
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-30000}; products=${2:-20000}; events=${3:-600000}; shift $(( $# < 3 ? $# : 3 ))
port=5640
source load-tests/engine.sh
out=$(mktemp -d)
trap 'kill ${counters:-} 2>/dev/null || true; kill ${server:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$out" "${data:-}"' EXIT
dotnet tool install --tool-path "$out/tools" dotnet-counters --version 10.0.750501 > /dev/null
[ -n "${SKIP_BUILD:-}" ] || build_release
start_engine 11641 0 --Engine:Training:Factors=64 --Engine:Training:CheckInterval=01:00:00 \
    --Engine:DemoCustomers="$customers" --Engine:DemoProducts="$products" --Engine:DemoEvents="$events" "$@"
sleep 1
"$out/tools/dotnet-counters" collect -p "$server" --counters System.Runtime --format csv -o "$out/counters.csv" --refresh-interval 1 > /dev/null 2>&1 &
counters=$!
# A phase ends where the counters file is then: its lines before that belong to the phase.
mark() { sleep 2; wc -l < "$out/counters.csv"; }
wait_serving > /dev/null
wait_events "$events"
wait_projected
projected=$(mark)
pe retrain recommendation > /dev/null
recommendation=$(mark)
pe retrain propensity > /dev/null
propensity=$(mark)
kill "$counters"; wait "$counters" 2>/dev/null || true
counters=
printf '%-32s %8s %9s %6s %6s %6s %14s %12s\n' phase seconds paused gen0 gen1 gen2 'seconds >100ms' 'max/second'
summarise() {
    awk -F, -v from="$2" -v to="$3" -v name="$1" '
        NR > from && NR <= to && /gc\.pause\.time/ { n++; paused += $5; if ($5 > 0.1) long++; if ($5 > most) most = $5 }
        NR > from && NR <= to && /gc\.collections/ && /gen0/ { g0 += $5 }
        NR > from && NR <= to && /gc\.collections/ && /gen1/ { g1 += $5 }
        NR > from && NR <= to && /gc\.collections/ && /gen2/ { g2 += $5 }
        END { printf "%-32s %8d %8.1fs %6d %6d %6d %14d %11.3fs\n", name, n, paused, g0, g1, g2, long, most }' "$out/counters.csv"
}
summarise "load and projection" 1 "$projected"
summarise "recommendation training" "$projected" "$recommendation"
summarise "propensity training" "$recommendation" "$propensity"
echo
printf '%-32s %14s %14s %14s %14s\n' 'at the end of' 'heap MiB' 'free in it MiB' 'committed MiB' 'working set MiB'
# The latest value of each counter (the heap's per generation) up to the phase's last line.
memory() {
    awk -F, -v to="$2" -v name="$1" '
        NR <= to && /last_collection\.heap\.size/ { heap[$3] = $5 }
        NR <= to && /last_collection\.heap\.fragmentation/ { free[$3] = $5 }
        NR <= to && /last_collection\.memory\.committed/ { committed = $5 }
        NR <= to && /process\.memory\.working_set/ { working = $5 }
        END {
            for (g in heap) h += heap[g]; for (g in free) f += free[g]
            printf "%-32s %14d %14d %14d %14d\n", name, h / 1048576, f / 1048576, committed / 1048576, working / 1048576
        }' "$out/counters.csv"
}
memory "load and projection" "$projected"
memory "recommendation training" "$recommendation"
memory "propensity training" "$propensity"
