#!/usr/bin/env bash
# Runs every test of Loket: the Swift test suites (the store contract suite on SQLite and on a throwaway
# PostgreSQL, and every transcript in conversations/), then `loket replay` over the transcripts on both
# engines. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
if ! [ -e /usr/include/sqlite3.h ]; then
    apt-get update -qq && apt-get install -y -qq libsqlite3-dev
fi

swift build --build-tests
scripts/with-postgres.sh bash -c '
    swift test --skip-build
    .build/debug/loket replay conversations
    echo "Transcripts on PostgreSQL:"
    .build/debug/loket replay --db "$LOKET_TEST_POSTGRES_URL" conversations
'
