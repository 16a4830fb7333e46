#!/usr/bin/env bash
# A short fuzzing run (`make fuzz`): every Fuzz target in the module, one
# after the other, for FUZZTIME each (default 10s). New crashers are written
# to the package's testdata/fuzz/ folder, where `go test` then replays them.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${1:-${FUZZTIME:-10s}}

# `go test -list` prints each package's matching names, then an "ok <pkg>" line.
list=$(go test -list '^Fuzz' ./...) || { printf '%s\n' "$list" >&2; exit 1; }
targets=$(printf '%s\n' "$list" | awk '
  /^Fuzz/ { names[n++] = $1; next }
  /^ok /  { for (i = 0; i < n; i++) print $2, names[i]; n = 0 }')

if [ -z "$targets" ]; then
  echo "no Fuzz targets found"
  exit 0
fi
# fuzz_one runs one target. `go test -fuzz` sometimes reports
# "context deadline exceeded" when -fuzztime ends while it is still handling
# a new input: no input failed and no crasher was written. Such a run is
# retried, twice at most; a real failure names the input it wrote and is
# not.
fuzz_one() {
  local pkg=$1 name=$2 out
  for attempt in 1 2 3; do
    if out=$(go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" "$pkg" </dev/null 2>&1); then
      printf '%s\n' "$out"
      return 0
    fi
    printf '%s\n' "$out"
    if [ "$attempt" = 3 ] || ! grep -q 'context deadline exceeded' <<<"$out" || grep -q 'Failing input written to' <<<"$out"; then
      return 1
    fi
    echo "--- $name: fuzzing time ran out while handling an input (no failing input); running it again"
  done
}

failed=()
while read -r pkg name; do
  echo "=== fuzz $name in $pkg for $fuzztime ==="
  fuzz_one "$pkg" "$name" || failed+=("$pkg $name")
done <<<"$targets"

if [ ${#failed[@]} -gt 0 ]; then
  printf 'fuzz target failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
