#!/usr/bin/env bash
# Starts Loket for a person to try: the terminal chat on the embedded SQLite store (data/loket.sqlite).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
if ! [ -e /usr/include/sqlite3.h ]; then
    apt-get update -qq && apt-get install -y -qq libsqlite3-dev
fi

swift build --product loket
exec .build/debug/loket chat "$@"
