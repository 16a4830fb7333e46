#!/usr/bin/env bash
# Static checks (`make lint`): gofmt must have nothing to change, go vet
# nothing to report.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every Go file git knows or would track (honours .gitignore), minus testdata.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files --cached --others --exclude-standard -- '*.go' | grep -v '/testdata/' || true)
else
  files=$(find . -name '*.go' -not -path '*/testdata/*' -not -path './.git/*')
fi
unformatted=$(printf '%s\n' "$files" | xargs -r gofmt -l)
if [ -n "$unformatted" ]; then
  echo "gofmt would change these files (run gofmt -w on them):" >&2
  printf '  %s\n' $unformatted >&2
  exit 1
fi
echo "gofmt: ok"
go vet ./...
echo "go vet: ok"
