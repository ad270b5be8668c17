#!/usr/bin/env bash
# Runs every test of Loket: the Swift test suites (the store contract suite on SQLite and on a throwaway
# PostgreSQL, and every transcript in conversations/), then `loket replay` over the transcripts on both
# engines, a short chaos run of three instances on the same PostgreSQL, then the officer console's browser test in
# headless Chromium. Installs what it needs first.
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
# The console's browser test: Chromium and chromedriver from Debian's packages, Selenium from PyPI.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}"
fi
python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q selenium

swift build --build-tests
scripts/with-postgres.sh bash -c '
    set -euo pipefail
    swift test --skip-build
    .build/debug/loket replay conversations
    echo "Transcripts on PostgreSQL:"
    .build/debug/loket replay --db "$LOKET_TEST_POSTGRES_URL" conversations
    echo "Three instances on one PostgreSQL, one killed with SIGKILL mid-run (benchmarks/cluster.py, short):"
    psql -q -X "$LOKET_TEST_POSTGRES_URL" -c "CREATE DATABASE loket_cluster"
    python3 benchmarks/cluster.py --bin .build/debug/loket --db "${LOKET_TEST_POSTGRES_URL%/*}/loket_cluster" \
        --messages 2000 --citizens 100
'
echo "The officer console in headless Chromium:"
python3 tests/browser/console_test.py
