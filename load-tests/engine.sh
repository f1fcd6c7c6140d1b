# Shared by the measurement scripts (source it; not run on its own): builds Release, starts the engine
# on a fresh data folder and gives a `pe` that talks to it. The caller sets `port` first.
#   build_release                 build the whole solution in Release, quietly
#   start_engine SILO GATEWAY ARGS...
#                                 start the engine on $data (a new temporary folder) with gRPC on $port,
#                                 the dashboard on $port+1 and the given Orleans ports, plus ARGS; sets
#                                 $server (its pid) and $start (launch time); its log is $data/server.log
#   wait_serving                  wait until health says SERVING and pe check passes, then print launch-to-SERVING seconds
#   wait_events N                 wait until the engine's log holds at least N events
#   wait_projected                wait until every logged event is applied by the grains (projection lag 0)
#   rss_mib / peak_mib            the engine's resident memory now / at its peak, in whole MiB
#   retrain MODEL                 a Retrain of MODEL, answered when its run ends
#   elapsed                       seconds since $start
#   start_floor PORT ARGS... / stop_floor
#                                 start pe-floor (load-tests/PersonalizationEngine.FloorServer) with gRPC on
#                                 PORT plus ARGS, its log in $out/floor.log, and give it 4 s; sets $floor
# The runtime settings the engine ships with (the floor servers and the generator get them too).
source deploy/runtime-env.sh

pe() { dotnet src/PersonalizationEngine.Cli/bin/Release/net10.0/pe.dll "$@" --server "http://127.0.0.1:$port"; }

build_release() { dotnet build -c Release PersonalizationEngine.sln -v quiet -nologo > /dev/null; }

start_engine() {
    local silo=$1 gateway=$2; shift 2
    data=$(mktemp -d)
    start=$(date +%s.%N)
    dotnet src/PersonalizationEngine.Server/bin/Release/net10.0/PersonalizationEngine.Server.dll \
        --Engine:DataFolder="$data" --Engine:GrpcPort="$port" --Engine:DashboardPort=$((port + 1)) \
        --Engine:SiloPort="$silo" --Engine:GatewayPort="$gateway" "$@" > "$data/server.log" 2>&1 &
    server=$!
}

start_floor() {
    local floor_port=$1; shift
    dotnet load-tests/PersonalizationEngine.FloorServer/bin/Release/net10.0/pe-floor.dll --port "$floor_port" "$@" > "$out/floor.log" 2>&1 &
    floor=$!
    sleep 4
}

stop_floor() { kill "$floor"; wait "$floor" 2>/dev/null || true; }

elapsed() { echo "$(date +%s.%N) - $start" | bc; }

# The time is when health first answered SERVING (the clock time `pe check` prints), not when its
# end-to-end check (a Recommend, a Track and the changed list) finished after that.
wait_serving() {
    local serving_at
    serving_at=$(pe check --wait 120 --within 5 2>/dev/null | grep -oE 'SERVING at [0-9:.]+' | cut -d' ' -f3 || true)
    if [ -z "$serving_at" ]; then echo "launch to SERVING: not SERVING (pe check failed)"; return; fi
    printf 'launch to SERVING: %.1f s\n' "$(echo "$(date -u -d "$(date -u +%F) $serving_at" +%s.%N) - $start" | bc)"
}

wait_events() {
    until [ "$(pe status 2>/dev/null | grep -oiE 'Events in log: *[0-9,]+' | tr -dc 0-9)" -ge "$1" ] 2>/dev/null; do sleep 1; done
}

wait_projected() {
    until [ "$(pe status 2>/dev/null | grep -oiE 'projection lag: *[0-9,]+' | tr -dc 0-9)" = "0" ]; do sleep 2; done
}

rss_mib() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server/status"; }
peak_mib() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$server/status"; }

# Retrain over gRPC-Web with curl (a 5-byte frame header, then RetrainRequest{model}): a light client,
# where starting five `pe` processes at once would itself take the cores from the requests measured.
retrain() {
    local n=${#1}
    printf "\\x00\\x00\\x00\\x00\\x$(printf %02x $((n + 2)))\\x0a\\x$(printf %02x "$n")%s" "$1" |
        curl -s --max-time 900 -o /dev/null -H 'content-type: application/grpc-web+proto' -H 'x-grpc-web: 1' --data-binary @- \
            "http://127.0.0.1:$((port + 1))/personalization.v1.ModelAdminService/Retrain"
}
