#!/usr/bin/env bash
# Starts Loket for a person to try: `loket serve` on the embedded SQLite store (data/loket.sqlite), with the web
# chat page at http://127.0.0.1:8080/chat. Arguments go to `loket serve`; `scripts/run.sh chat` starts the
# terminal chat instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
# System libraries: SQLite (GRDB) and libcurl (outbound HTTP).
missing=()
[ -e /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
[ -e /usr/include/x86_64-linux-gnu/curl/curl.h ] || [ -e /usr/include/curl/curl.h ] || [ -e /usr/include/aarch64-linux-gnu/curl/curl.h ] \
    || missing+=(libcurl4-openssl-dev)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}"
fi

swift build --product loket
if [ "${1:-}" = chat ]; then
    shift
    exec .build/debug/loket chat "$@"
fi
exec .build/debug/loket serve "$@"
