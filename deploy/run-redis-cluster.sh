#!/usr/bin/env bash
# A local cluster of 3 silos on Redis, on loopback with distinct ports (Release build):
#   deploy/run-redis-cluster.sh start  [FOLDER]   (default: ./cluster) - Redis on 6390, silo N's gRPC on 5100+10N
#   deploy/run-redis-cluster.sh silo N [FOLDER]   (re)start silo N alone, e.g. after it was killed
#   deploy/run-redis-cluster.sh stop   [FOLDER]
# Installs redis-server from Debian when it is missing (apt-get, as root). Membership and grain state are
# in Redis. Each silo keeps its own event log under FOLDER/silo-N, so send events to one silo (silo 1);
# deploy/run-postgres-cluster.sh (PE_SHARED_LOG=postgres here) shares one log in PostgreSQL instead.
# Further arguments go to every silo, e.g. --Engine:Auth:ApiKeys:0:Key=...
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/runtime-env.sh
command=${1:-start}
silo=""
if [ "$command" = silo ]; then silo=${2:?usage: run-redis-cluster.sh silo N [FOLDER]}; shift; fi
folder=${2:-cluster}
shift $(( $# > 2 ? 2 : $# ))
redis_port=6390
postgres_port=5490
engine=src/PersonalizationEngine.Server/bin/Release/net10.0/PersonalizationEngine.Server.dll

start_postgres() {
    local bin
    if ! ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
    fi
    bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort | tail -1)")
    mkdir -p "$folder/postgres"
    # PostgreSQL refuses to run as root: as root, run it as the postgres user.
    local as=()
    # (the postgres user must be able to reach the folder, e.g. one made by mktemp).
    if [ "$(id -u)" = 0 ]; then chmod o+x "$folder"; chown postgres "$folder/postgres"; as=(runuser -u postgres --); fi
    [ -f "$folder/postgres/data/PG_VERSION" ] || "${as[@]}" "$bin/initdb" -D "$folder/postgres/data" -A trust -U postgres > /dev/null
    "${as[@]}" "$bin/pg_ctl" -D "$folder/postgres/data" -l "$folder/postgres/server.log" -w \
        -o "-p $postgres_port -k $folder/postgres -c listen_addresses=127.0.0.1" start > /dev/null
    echo "PostgreSQL: 127.0.0.1:$postgres_port (log $folder/postgres/server.log)"
}

stop_postgres() {
    [ -f "$folder/postgres/data/postmaster.pid" ] || return 0
    local bin as=()
    bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort | tail -1)")
    [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
    "${as[@]}" "$bin/pg_ctl" -D "$folder/postgres/data" -m fast stop > /dev/null
}

# Waits up to 30 s for the process to exit.
wait_exited() {
    for _ in $(seq 60); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
}

start_silo() {
    local n=$1; shift
    local shared=()
    [ "${PE_SHARED_LOG:-}" = postgres ] && shared=("--Engine:Postgres=Host=127.0.0.1;Port=$postgres_port;Username=postgres;Database=postgres")
    mkdir -p "$folder/silo-$n"
    nohup dotnet "$engine" \
        --Engine:DataFolder="$folder/silo-$n" --Engine:Redis="127.0.0.1:$redis_port" --Engine:GrainStorage=Redis \
        --Engine:GrpcPort=$((5100 + 10 * n)) --Engine:DashboardPort=$((5101 + 10 * n)) \
        --Engine:SiloPort=$((11200 + n)) --Engine:GatewayPort=$((30200 + n)) --Engine:DemoOnFirstStart=false "${shared[@]}" "$@" \
        >> "$folder/silo-$n/engine.log" 2>&1 &
    echo $! > "$folder/silo-$n/engine.pid"
    echo "silo $n: gRPC http://127.0.0.1:$((5100 + 10 * n)), log $folder/silo-$n/engine.log"
}

case "$command" in
  start)
    mkdir -p "$folder"
    folder=$(cd "$folder" && pwd)
    if ! command -v redis-server > /dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server
    fi
    # appendfsync always: a grain's write is on disk before Redis acknowledges it.
    redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$folder" --pidfile "$folder/redis.pid" \
        --appendonly yes --appendfsync always --logfile "$folder/redis.log"
    [ "${PE_SHARED_LOG:-}" = postgres ] && start_postgres
    dotnet build -c Release src/PersonalizationEngine.Server -v quiet -nologo > /dev/null
    for n in 1 2 3; do start_silo "$n" "$@"; done
    ;;
  silo)
    folder=$(cd "$folder" && pwd)
    start_silo "$silo" "$@"
    ;;
  stop)
    # Silos first, and Redis and PostgreSQL only once they are gone: a silo leaving the cluster records it in Redis.
    pids=()
    for pidfile in "$folder"/silo-*/engine.pid; do
        [ -f "$pidfile" ] || continue
        pids+=("$(cat "$pidfile")")
        kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    done
    for pid in "${pids[@]}"; do wait_exited "$pid"; done
    if [ -f "$folder/redis.pid" ]; then
        redis=$(cat "$folder/redis.pid")
        kill "$redis" 2>/dev/null || true
        # Redis saves its data before it exits; a start before then finds the port still taken.
        wait_exited "$redis"
    fi
    stop_postgres
    echo "cluster stopped"
    ;;
  *)
    echo "usage: deploy/run-redis-cluster.sh start|silo N|stop [FOLDER] [engine arguments]" >&2
    exit 2
    ;;
esac
