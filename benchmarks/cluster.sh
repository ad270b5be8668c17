#!/usr/bin/env bash
# Chaos test of a Loket cluster: a throwaway PostgreSQL, three `loket serve` instances behind a round-robin proxy,
# MESSAGES signed WhatsApp webhooks from CITIZENS citizens (10% delivered twice, some out of order), one instance
# killed with SIGKILL mid-run and restarted; then proves every message handled once, every reply sent once, order
# kept per citizen and nothing stuck, and prints the counts and messages per second (benchmarks/cluster.py).
#   benchmarks/cluster.sh [MESSAGES] [CITIZENS]        (defaults 20000 and 500)
# LOKET_BIN names a built loket to use instead of building the release one.
set -euo pipefail
cd "$(dirname "$0")/.."
messages="${1:-20000}"
citizens="${2:-500}"

if [ -z "${LOKET_BIN:-}" ]; then
    if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    swift build -c release --product loket >/dev/null
    LOKET_BIN="$PWD/.build/release/loket"
fi
export LOKET_BIN
scripts/with-postgres.sh python3 benchmarks/cluster.py --bin "$LOKET_BIN" --messages "$messages" --citizens "$citizens"
