#!/usr/bin/env bash
# Start PostgreSQL and Redis on 127.0.0.1 if they are not answering; safe to run repeatedly.
set -euo pipefail

wait_for() {  # wait_for NAME COMMAND...: poll up to 30 s for COMMAND to succeed
    local name=$1; shift
    for _ in $(seq 60); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.5
    done
    echo "ensure-services: $name did not come up" >&2
    return 1
}

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    wait_for postgresql pg_isready -q -h 127.0.0.1 -p 5432
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no
    wait_for redis redis-cli -h 127.0.0.1 -p 6379 ping
fi
