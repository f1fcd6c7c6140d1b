#!/usr/bin/env bash
# Builds the engine (Release) and starts it in the background on this machine.
#   deploy/run-local.sh start [DATA_FOLDER]   (default: ./data) - log in DATA_FOLDER/engine.log
#   deploy/run-local.sh stop  [DATA_FOLDER]
# Any further arguments are passed to the engine, e.g. --Engine:GrpcPort=6000.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/runtime-env.sh
command=${1:-start}
data=${2:-data}
shift $(( $# > 2 ? 2 : $# ))
pidfile="$data/engine.pid"
case "$command" in
  start)
    mkdir -p "$data"
    dotnet build -c Release src/PersonalizationEngine.Server -v quiet -nologo > /dev/null
    nohup dotnet src/PersonalizationEngine.Server/bin/Release/net10.0/PersonalizationEngine.Server.dll \
        --Engine:DataFolder="$(cd "$data" && pwd)" "$@" > "$data/engine.log" 2>&1 &
    echo $! > "$pidfile"
    echo "engine started (pid $(cat "$pidfile")); log: $data/engine.log"
    ;;
  stop)
    [ -f "$pidfile" ] || { echo "no engine pid file in $data" >&2; exit 1; }
    kill "$(cat "$pidfile")" && rm -f "$pidfile" && echo "engine stopped"
    ;;
  *)
    echo "usage: deploy/run-local.sh start|stop [DATA_FOLDER] [engine arguments]" >&2
    exit 2
    ;;
esac
