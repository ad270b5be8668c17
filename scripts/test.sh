#!/usr/bin/env bash
# Runs every test of Loket: the Swift test suites (which include every transcript in conversations/)
# and `loket replay` over the transcripts through the command line. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
if ! [ -e /usr/include/sqlite3.h ]; then
    apt-get update -qq && apt-get install -y -qq libsqlite3-dev
fi

swift build --build-tests
swift test --skip-build
.build/debug/loket replay conversations
