#!/usr/bin/env bash
# Runs deploy/docker-compose.yml's cluster as its files describe it, on a machine without a container
# runtime (the machines this project is built and tested on have the docker client but no engine).
# What is real: the Dockerfile's own build command, its environment and entrypoint script; the compose
# file's services, environment (API key included), host names and health checks; each silo on its own
# network stack, host name and address (Linux network and UTS namespaces, as a container has), with
# /app and /data mounted for it alone; Redis and PostgreSQL with the compose file's settings.
# What it cannot check: the base images themselves (mcr.microsoft.com/dotnet/*, redis:7, postgres:16).
# It passes when the three silos come up healthy, form one cluster on the shared log, serve and keep
# every acknowledged event through a SIGKILL of one silo and its restart. Needs root (namespaces,
# mounts), redis-server, PostgreSQL 15 and python3 with yaml. Exit 0 pass, 1 fail, 3 when this machine
# cannot make network namespaces (nothing was checked).
#   deploy/container-rehearsal.sh
set -euo pipefail
cd "$(dirname "$0")/.."
net=10.77.0
host_ip=$net.1
bridge=pe-rehearsal
work=$(mktemp -d /tmp/pe-rehearsal-XXXXXX)
chmod o+x "$work"
created_mount_points=()

cleanup() {
    set +e
    for pid_file in "$work"/silo-*.pid; do [ -f "$pid_file" ] && kill -9 "$(cat "$pid_file")" 2> /dev/null; done
    [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2> /dev/null
    [ -d "$work/pg" ] && runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$work/pg" -m immediate stop > /dev/null 2>&1
    for i in 1 2 3; do ip netns del "pe-silo-$i" 2> /dev/null; rm -rf "/etc/netns/pe-silo-$i"; done
    ip link del "$bridge" 2> /dev/null
    for dir in "${created_mount_points[@]}"; do rmdir "$dir" 2> /dev/null; done
}
trap cleanup EXIT

if ! ip netns add pe-rehearsal-probe 2> "$work/probe.err"; then
    echo "container rehearsal skipped: this machine cannot make network namespaces ($(cat "$work/probe.err"))"
    exit 3
fi
ip netns del pe-rehearsal-probe

# What the files say, read by python (nothing of it is restated here): shell assignments into spec.sh,
# and one environment file per silo, as compose would pass it.
python3 - deploy/Dockerfile deploy/docker-compose.yml "$work" <<'PY'
import json, os, re, shlex, sys, yaml
dockerfile, compose_path, work = sys.argv[1:]
lines = open(dockerfile).read().replace("\\\n", " ").splitlines()
build = next(l[4:] for l in lines if l.startswith("RUN "))
image_env = dict(re.findall(r"(\w+)=(\S+)", " ".join(l[4:] for l in lines if l.startswith("ENV "))))
entrypoint = json.loads(next(l[11:] for l in lines if l.startswith("ENTRYPOINT ")))
copies = [l.split()[1:] for l in lines if l.startswith("COPY ") and "--from" not in l and l.split()[1] != "."]
compose = yaml.safe_load(open(compose_path))
def expand(value):
    # ${NAME:-default}, as compose substitutes it from the environment.
    return re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: os.environ.get(m.group(1)) or m.group(2), str(value))
services = compose["services"]
silos = sorted(name for name in services if name.startswith("silo-"))
spec = {
    "build": build, "entrypoint": " ".join(entrypoint), "copies": " ".join(f"{s}:{d}" for s, d in copies),
    "silos": " ".join(silos), "redis_args": " ".join(services["redis"]["command"][1:]),
    "pg_user": services["postgres"]["environment"]["POSTGRES_USER"], "pg_password": services["postgres"]["environment"]["POSTGRES_PASSWORD"],
    "pg_db": services["postgres"]["environment"]["POSTGRES_DB"],
}
for silo in silos:
    service = services[silo]
    environment = {**image_env, **{k: expand(v) for k, v in service["environment"].items()}}
    with open(f"{work}/{silo}.env", "w") as f:
        for key, value in environment.items(): f.write(f"{key}={value}\n")
    test = service["healthcheck"]["test"]
    spec[f"health_{silo.replace('-', '_')}"] = test[1] if test[0] == "CMD-SHELL" else shlex.join(test[1:])
    spec["api_key"] = environment.get("Engine__Auth__ApiKeys__0__Key", "")
    spec["grpc_port"] = environment["Engine__GrpcPort"]
with open(f"{work}/spec.sh", "w") as f:
    for key, value in spec.items(): f.write(f"{key}={shlex.quote(str(value))}\n")
PY
# shellcheck source=/dev/null
source "$work/spec.sh"
echo "rehearsing deploy/docker-compose.yml: $silos on Redis and PostgreSQL, image built by: $build"

# The image: the Dockerfile's build command into a folder that each silo sees as /app.
app=$work/app
eval "${build//\/app/$app}" > "$work/build.log" 2>&1 || { cat "$work/build.log"; echo "FAIL: the Dockerfile's build command failed" >&2; exit 1; }
for copy in $copies; do cp "${copy%%:*}" "$app/"; done
chmod +x "$app/container-entrypoint.sh"
for dir in /app /data; do
    [ -d "$dir" ] || { mkdir "$dir"; created_mount_points+=("$dir"); }
done

# The compose network: a bridge with Redis and PostgreSQL on it, and each silo in its own namespace.
ip link add "$bridge" type bridge
ip addr add "$host_ip/24" dev "$bridge"
ip link set "$bridge" up
i=0
for silo in $silos; do
    i=$((i + 1))
    ns=pe-silo-$i
    ip netns add "$ns"
    ip link add "pe-veth-$i" type veth peer name "pe-eth-$i" netns "$ns"
    ip link set "pe-veth-$i" master "$bridge" up
    ip netns exec "$ns" ip link set "pe-eth-$i" name eth0
    ip netns exec "$ns" ip addr add "$net.1$i/24" dev eth0
    ip netns exec "$ns" ip link set eth0 up
    ip netns exec "$ns" ip link set lo up
    mkdir -p "/etc/netns/$ns" "$work/data-$i"
    { echo "127.0.0.1 localhost"; echo "$host_ip redis postgres"; for j in 1 2 3; do echo "$net.1$j silo-$j"; done; } > "/etc/netns/$ns/hosts"
done

# shellcheck disable=SC2086 # the compose command's arguments, one word each
redis-server $redis_args --bind "$host_ip" --port 6379 --protected-mode no --dir "$work" --daemonize yes --pidfile "$work/redis.pid" > /dev/null
mkdir -p "$work/pg-socket" "$work/pg"
chown postgres "$work/pg-socket" "$work/pg"
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$work/pg" -A trust > /dev/null
echo "host all all $net.0/24 scram-sha-256" >> "$work/pg/pg_hba.conf"
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$work/pg" -l "$work/pg-socket/postgres.log" -w \
    -o "-c listen_addresses=$host_ip -c port=5432 -c unix_socket_directories=$work/pg-socket" start > /dev/null
psql -h "$work/pg-socket" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE $pg_user LOGIN PASSWORD '$pg_password'" -c "CREATE DATABASE $pg_db OWNER $pg_user"

start_silo() {
    local i=$1 silo=silo-$1
    # Its own host name and mounts, the environment compose gives it and nothing else, then the image's entrypoint.
    # (In a subshell, so that killing it later is not reported as a job of this script.)
    (
        ip netns exec "pe-silo-$i" unshare --uts --mount --propagation private sh -c \
            "hostname $silo && mount --bind $app /app && mount --bind $work/data-$i /data && exec env -i PATH='$PATH' HOME=/root \$(cat $work/$silo.env) $entrypoint" \
            >> "$work/$silo.log" 2>&1 &
        echo $! > "$work/$silo.pid"
    )
}

wait_healthy() {
    local i=$1 check_var="health_silo_$1"
    for _ in $(seq 90); do
        ip netns exec "pe-silo-$i" sh -c "${!check_var}" 2> /dev/null && "${pe[@]}" status --server "$(address "$i")" > /dev/null 2>&1 && return 0
        sleep 1
    done
    tail -20 "$work/silo-$i.log"
    echo "FAIL: silo-$i did not become healthy" >&2
    exit 1
}

address() { echo "http://$net.1$1:$grpc_port"; }
dotnet build -c Release src/PersonalizationEngine.Cli -v quiet -nologo > /dev/null
dotnet build -c Release load-tests/PersonalizationEngine.LoadTests -v quiet -nologo > /dev/null
pe=(dotnet src/PersonalizationEngine.Cli/bin/Release/net10.0/pe.dll)
pe_load=(dotnet load-tests/PersonalizationEngine.LoadTests/bin/Release/net10.0/pe-load.dll)
export PE_API_KEY=$api_key
servers=$(address 1),$(address 2),$(address 3)

for i in 1 2 3; do start_silo "$i"; done
for i in 1 2 3; do wait_healthy "$i"; done
echo "3 silos healthy at $servers (each on its own address; their log: $work/silo-N.log)"

events_on() { "${pe[@]}" status --server "$(address "$1")" | sed -n 's/^Events in log: *\([0-9,]*\).*/\1/p' | tr -d ,; }
same_log_everywhere() {
    local first
    first=$(events_on 1)
    for i in 2 3; do
        [ "$(events_on "$i")" = "$first" ] || { echo "FAIL: silo-$i sees $(events_on "$i") events, silo-1 $first: not one shared log" >&2; exit 1; }
    done
    echo "$1: every silo's log has $first events"
}

acked=$work/acked.tsv
"${pe_load[@]}" track --server "$servers" --retries 6 --rate 30 --batch 20 --warmup 0 --duration 8 --acked "$acked" | tail -1
sleep 1
same_log_everywhere "after 8 s of tracked events through all three"

echo "killing silo-2 with SIGKILL under load, restarting it 5 s later"
"${pe_load[@]}" track --server "$servers" --retries 15 --rate 30 --batch 20 --warmup 0 --duration 15 --acked "$acked" \
    --threshold 'Track:error-rate<=0.001' > "$work/load.txt" 2>&1 &
load=$!
sleep 4
kill -9 "$(cat "$work/silo-2.pid")"
sleep 5
start_silo 2
status=0
wait $load || status=$?
tail -4 "$work/load.txt"
[ $status = 0 ] || { cat "$work/load.txt"; echo "FAIL: calls failed past their retries, or acknowledged events are missing (exit $status)" >&2; exit 1; }
wait_healthy 2
sleep 1
same_log_everywhere "after the kill and restart"
echo "PASS"
