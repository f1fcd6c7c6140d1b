#!/usr/bin/env bash
# A local cluster of 3 silos on Redis, on loopback with distinct ports (Release build):
#   deploy/run-redis-cluster.sh start [FOLDER]   (default: ./cluster) - Redis on 6390, silo N's gRPC on 5100+10N
#   deploy/run-redis-cluster.sh stop  [FOLDER]
# Installs redis-server from Debian when it is missing (apt-get, as root). Membership and grain state are
# in Redis; each silo keeps its own event log under FOLDER/silo-N, so send events to one silo (silo 1).
# Further arguments go to every silo, e.g. --Engine:Auth:ApiKeys:0:Key=...
set -euo pipefail
cd "$(dirname "$0")/.."
command=${1:-start}
folder=${2:-cluster}
shift $(( $# > 2 ? 2 : $# ))
redis_port=6390
case "$command" in
  start)
    mkdir -p "$folder"
    folder=$(cd "$folder" && pwd)
    if ! command -v redis-server > /dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server
    fi
    redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$folder" --pidfile "$folder/redis.pid" \
        --appendonly yes --logfile "$folder/redis.log"
    dotnet build -c Release src/PersonalizationEngine.Server -v quiet -nologo > /dev/null
    for n in 1 2 3; do
        mkdir -p "$folder/silo-$n"
        nohup dotnet src/PersonalizationEngine.Server/bin/Release/net10.0/PersonalizationEngine.Server.dll \
            --Engine:DataFolder="$folder/silo-$n" --Engine:Redis="127.0.0.1:$redis_port" --Engine:GrainStorage=Redis \
            --Engine:GrpcPort=$((5100 + 10 * n)) --Engine:DashboardPort=$((5101 + 10 * n)) \
            --Engine:SiloPort=$((11200 + n)) --Engine:GatewayPort=$((30200 + n)) --Engine:DemoOnFirstStart=false "$@" \
            > "$folder/silo-$n/engine.log" 2>&1 &
        echo $! > "$folder/silo-$n/engine.pid"
        echo "silo $n: gRPC http://127.0.0.1:$((5100 + 10 * n)), log $folder/silo-$n/engine.log"
    done
    ;;
  stop)
    # Silos first, and Redis only once they are gone: a silo leaving the cluster records it in Redis.
    pids=()
    for pidfile in "$folder"/silo-*/engine.pid; do
        [ -f "$pidfile" ] || continue
        pids+=("$(cat "$pidfile")")
        kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    done
    [ -f "$folder/redis.pid" ] && kill "$(cat "$folder/redis.pid")" 2>/dev/null
    echo "cluster stopped"
    ;;
  *)
    echo "usage: deploy/run-redis-cluster.sh start|stop [FOLDER] [engine arguments]" >&2
    exit 2
    ;;
esac
