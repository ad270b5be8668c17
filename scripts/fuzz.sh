#!/usr/bin/env bash
# Runs every fuzz target of Tests/LoketFuzzTests for MINUTES each (default 1), from a random seed that is
# printed; LOKET_FUZZ_SEED=N replays one. A finding is printed as base64: add it to the target's folder in
# Tests/LoketFuzzTests/Corpus/ so that it stays a regression test, and fix the parser.
#   scripts/fuzz.sh [MINUTES]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-1}"
swift build --build-tests >/dev/null
LOKET_FUZZ_SECONDS="$(( minutes * 60 ))" swift test --skip-build --no-parallel --filter ParserFuzzTests 2>&1 | grep -E "fuzz |✘|✔|Test run|base64"
