#!/usr/bin/env bash
# The cluster fault test: 3 silos on Redis sharing one event log in PostgreSQL (run-postgres-cluster.sh),
# under a steady mixed load sent through the client library (round robin over the silos, retries with
# backoff). Mid-run the silo that projects the log is killed with SIGKILL and restarted; after the run
# the whole cluster is stopped and started again. It passes when
#   - at least 99.9% of the Recommend, Track and PersonalizeOffers calls succeeded (pe-load's thresholds),
#   - every acknowledged event is in the shared log (the acknowledgements counted against the log), and
#   - every product's counters in its grain hold its acknowledged events,
# both after the kill and after the full restart. Exit 0 on a pass, 1 on a failure.
#   deploy/fault-test.sh [DURATION_SECONDS (default 60)] [RATE (steps/s, default 100)]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-60}
rate=${2:-100}
folder=$(mktemp -d /tmp/pe-fault-XXXXXX)
cluster() { deploy/run-postgres-cluster.sh "$1" "${@:2}"; }
trap 'cluster stop "$folder" > /dev/null 2>&1 || true' EXIT
servers=http://127.0.0.1:5110,http://127.0.0.1:5120,http://127.0.0.1:5130
acked=$folder/acked.tsv

dotnet build -c Release load-tests/PersonalizationEngine.LoadTests -v quiet -nologo > /dev/null
dotnet build -c Release src/PersonalizationEngine.Cli -v quiet -nologo > /dev/null
pe_load=(dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll)
pe=(dotnet src/PersonalizationEngine.Cli/bin/Release/net10.0/pe.dll)

wait_ready() {
    for port in 5110 5120 5130; do
        for _ in $(seq 120); do "${pe[@]}" status --server "http://127.0.0.1:$port" > /dev/null 2>&1 && break; sleep 1; done
        "${pe[@]}" status --server "http://127.0.0.1:$port" > /dev/null || { echo "silo on $port did not come up" >&2; exit 1; }
    done
}

# Acknowledged events missing from the shared log (must be 0).
missing_from_log() {
    psql -h 127.0.0.1 -p 5490 -U postgres -d postgres -At -v ON_ERROR_STOP=1 <<SQL | tail -1
CREATE TEMP TABLE acked (event_id text, product_id text, type text);
\copy acked FROM '$acked'
SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM pe_event_log l WHERE l.event_id = a.event_id);
SQL
}

check_log() {
    local missing
    missing=$(missing_from_log)
    echo "$1: $(wc -l < "$acked") acknowledged events, $missing of them missing from the shared log"
    [ "$missing" = 0 ] || { echo "FAIL: acknowledged events were lost" >&2; exit 1; }
}

cluster start "$folder" --Engine:Dashboard=false "--Logging:Console:TimestampFormat=HH:mm:ss.fff " --Logging:LogLevel:Orleans.Runtime.MembershipService=Information
wait_ready
# A shop's history first, and the recommendation model trained on it. (Propensity needs 60 days of history,
# which a load this short does not make: its calls answer FAILED_PRECONDITION, so it has no threshold here.)
echo "seeding: 20 s of tracked events, then training the recommendation model"
"${pe_load[@]}" track --server "$servers" --retries 6 --rate 50 --batch 50 --warmup 0 --duration 20 --acked "$acked" | tail -1
"${pe[@]}" retrain recommendation --server http://127.0.0.1:5110 > /dev/null
"${pe_load[@]}" mixed --server "$servers" --retries 15 --rate "$rate" --warmup 0 --duration "$duration" \
    --threshold 'Recommend:error-rate<=0.001' --threshold 'Track:error-rate<=0.001' --threshold 'PersonalizeOffers:error-rate<=0.001' \
    --acked "$acked" --json "$folder/load.json" > "$folder/load.txt" 2>&1 &
load=$!
sleep $(( duration / 3 ))
projecting=$(grep -l "holds the projection lease" "$folder"/silo-*/engine.log | tail -1 | sed 's|.*/silo-\([0-9]\)/.*|\1|')
echo "$(date +%T.%3N) killing silo ${projecting:=1} (the one projecting the log) with SIGKILL"
kill -9 "$(cat "$folder/silo-$projecting/engine.pid")"
sleep 5
cluster silo "$projecting" "$folder" --Engine:Dashboard=false "--Logging:Console:TimestampFormat=HH:mm:ss.fff " > /dev/null
status=0
wait $load || status=$?
cat "$folder/load.txt"
[ $status = 0 ] || { echo "FAIL: pe-load reported a breach or lost events (exit $status)" >&2; exit 1; }
check_log "after the kill"

echo "stopping the whole cluster and starting it again"
cluster stop "$folder" > /dev/null
cluster start "$folder" --Engine:Dashboard=false > /dev/null
wait_ready
# A short run: its check covers every event acknowledged so far (the file accumulates).
"${pe_load[@]}" track --server "$servers" --retries 6 --rate 10 --warmup 0 --duration 3 --acked "$acked" | tail -3
check_log "after the restart"
echo "PASS"
