#!/usr/bin/env bash
# A local cluster of 3 silos on Redis (membership, grain state) that share one event log in PostgreSQL:
# any silo takes any write. Same commands and ports as run-redis-cluster.sh, plus PostgreSQL on 5490
# (a fresh database cluster under FOLDER/postgres; installed from Debian when missing).
#   deploy/run-postgres-cluster.sh start|silo N|stop [FOLDER] [engine arguments]
PE_SHARED_LOG=postgres exec "$(dirname "$0")/run-redis-cluster.sh" "$@"
