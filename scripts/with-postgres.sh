#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL on 127.0.0.1: initdb into a temporary folder, a free port,
# a scratch database; LOKET_TEST_POSTGRES_URL names it. The server is stopped and removed afterwards.
# Tests run it without fsync for speed; POSTGRES_FSYNC=on keeps fsync, for durable benchmarks.
#   scripts/with-postgres.sh COMMAND [ARG …]
set -euo pipefail

bin=""
for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && bin="$candidate"
done
if [ -z "$bin" ] && command -v initdb >/dev/null 2>&1; then bin="$(dirname "$(readlink -f "$(command -v initdb)")")"; fi
if [ -z "$bin" ]; then
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
    for candidate in /usr/lib/postgresql/*/bin; do bin="$candidate"; done
fi

folder="$(mktemp -d /tmp/loket-postgres.XXXXXX)"
fsync="off"
[ "${POSTGRES_FSYNC:-off}" = on ] && fsync="on"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

# PostgreSQL refuses to run as root; run it as the postgres user when we are root.
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$folder"; fi

stop() {
    as_owner "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$folder"
}
trap stop EXIT

as_owner "$bin/initdb" -D "$folder/data" -U loket --auth=trust --no-sync -E UTF8 >/dev/null
as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c fsync=$fsync -c max_connections=200" start >/dev/null
as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U loket loket_test

export LOKET_TEST_POSTGRES_URL="postgres://loket@127.0.0.1:$port/loket_test"
echo "PostgreSQL for tests at 127.0.0.1:$port"
"$@"
