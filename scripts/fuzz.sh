#!/usr/bin/env bash
# Every Fuzz target of the module, one after the other (`make fuzz`), each
# for a number of inputs: FUZZTIME (or the first argument) is a count such
# as 2000x (the default), not a duration. A count makes a run the same
# work on any machine and ends it between inputs: with a duration, Go 1.26
# sometimes reports "context deadline exceeded" when the time runs out while
# an input is being handled, failing a run in which no input failed.
# FUZZ_MATCH (or the second argument) keeps the targets whose name matches
# an extended regular expression. Targets are listed with `go test -list`,
# so a new one runs without being named here; each prints its figures.
#
# Seed corpora live in each package's testdata/fuzz/<target>/ and `go test`
# replays them on every run; a failing input found here is written there
# too, to be renamed after what it shows and committed with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${1:-${FUZZTIME:-2000x}}
match=${2:-${FUZZ_MATCH:-.}}
case "$fuzztime" in
  *[0-9]x) ;;
  *) echo "FUZZTIME must be a count of inputs such as 2000x, not '$fuzztime'" >&2; exit 2 ;;
esac

# `go test -list` prints each package's matching names, then an "ok <pkg>" line.
list=$(go test -list '^Fuzz' ./...) || { printf '%s\n' "$list" >&2; exit 1; }
targets=$(printf '%s\n' "$list" | awk -v match_re="$match" '
  /^Fuzz/ { if ($1 ~ match_re) names[n++] = $1; next }
  /^ok /  { for (i = 0; i < n; i++) print $2, names[i]; n = 0 }')

if [ -z "$targets" ]; then
  echo "no Fuzz targets found"
  exit 0
fi

started=$SECONDS
failed=()
count=0
while read -r pkg name; do
  count=$((count + 1))
  t0=$SECONDS
  echo "=== fuzz $name in $pkg: $fuzztime ==="
  # Minimising a failing input is bounded by a count too.
  if ! go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" -fuzzminimizetime=500x "$pkg" </dev/null; then
    failed+=("$pkg $name")
  fi
  echo "--- $name: $((SECONDS - t0))s"
done <<<"$targets"

echo "fuzz: $count targets, $fuzztime each, ${#failed[@]} failed, $((SECONDS - started))s"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'fuzz target failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
