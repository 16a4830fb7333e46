#!/usr/bin/env bash
# The reliability battery at length (`make reliability`): the tests of
# internal/reliability on SQLite, the kill -9 harness for CYCLES cycles
# (default 200; the normal suite runs 50) and its negative control, each
# printing its figures, gathered again at the end.
#   make reliability CYCLES=500
set -uo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-${CYCLES:-200}}
figures=$(mktemp -t cortege-reliability.XXXXXX)
trap 'rm -f "$figures"' EXIT

status=0
env -u CORTEGE_TEST_DATABASE_URL \
  CORTEGE_RELIABILITY_CYCLES="$cycles" CORTEGE_RELIABILITY_FIGURES="$figures" \
  go test -count=1 -timeout=90m -v ./internal/reliability </dev/null || status=$?

printf '\n=== reliability figures ===\n'
cat "$figures"
exit "$status"
