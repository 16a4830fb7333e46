#!/usr/bin/env bash
# The full test suite (`make test`): go test ./... on SQLite, then the same
# tests again on PostgreSQL. Extra arguments go to both `go test` runs
# (e.g. scripts/test.sh -run TestLogin -v).
#
# PostgreSQL comes from CORTEGE_TEST_DATABASE_URL if set; otherwise, when
# Debian's server binaries are installed, a throwaway cluster is started in a
# temporary folder and removed on exit. Without PostgreSQL the second pass is
# skipped, except under CI=true, where that is a failure.
#
# Both passes always run; the script fails if either failed.
set -uo pipefail
cd "$(dirname "$0")/.."

go_test=(go test -count=1 -timeout=15m -p 2 "$@" ./...)
banner() { printf '\n=== %s ===\n' "$*"; }
started=$SECONDS
results=()

# Mozilla's ical.js checks our .ics output (internal/ics, internal/service);
# fetch it from the npm registry once when npm is there.
icaljs=internal/ics/testdata
if command -v npm >/dev/null && [ ! -f "$icaljs/node_modules/ical.js/package.json" ]; then
  npm install --silent --no-audit --no-fund --no-save --prefix "$icaljs" ical.js@2.2.1 </dev/null \
    || echo "could not install ical.js: its checks will be skipped (or fail under CORTEGE_ICALJS=required)"
fi

# The reliability battery (internal/reliability: the kill -9 harness at
# 50 cycles and its negative control) writes its figures to this file;
# go test shows nothing of a passing package, so they are printed here.
figures=$(mktemp -t cortege-figures.XXXXXX)
export CORTEGE_RELIABILITY_FIGURES=$figures

# --- pass 1: SQLite (each test gets a temporary SQLite file) ---
banner "go test on SQLite"
if env -u CORTEGE_TEST_DATABASE_URL "${go_test[@]}"; then
  results+=("SQLite: ok")
else
  results+=("SQLite: FAIL")
fi
if [ -s "$figures" ]; then
  banner "reliability figures"
  cat "$figures"
fi
rm -f "$figures"

# --- pass 2: PostgreSQL ---
pg_tmp=""
stop_cluster() {
  [ -n "$pg_tmp" ] || return 0
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_tmp/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$pg_tmp"
  pg_tmp=""
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

# free_port prints the first port from 55432 up that nothing listens on.
free_port() {
  local p
  for p in $(seq 55432 55531); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# start_cluster starts a throwaway cluster: trust auth, a private socket
# folder, 127.0.0.1 on a free port, no fsync (the data dies with the run).
start_cluster() {
  pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  pg_tmp=$(mktemp -d -t cortege-pg.XXXXXX)
  as_postgres=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres user.
    if ! id postgres >/dev/null 2>&1; then
      echo "running as root and there is no postgres user to own the test cluster" >&2
      return 1
    fi
    chown postgres: "$pg_tmp"
    as_postgres=(runuser -u postgres --)
  fi
  local port
  port=$(free_port) || { echo "no free port in 55432-55531" >&2; return 1; }
  "${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_tmp/data" -U postgres -A trust \
    --no-locale -E UTF8 --no-sync >"$pg_tmp/initdb.log" 2>&1 \
    || { cat "$pg_tmp/initdb.log" >&2; return 1; }
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_tmp/data" -l "$pg_tmp/server.log" -w -t 60 \
    -o "-p $port -k $pg_tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null \
    || { cat "$pg_tmp/server.log" >&2; return 1; }
  export CORTEGE_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
  echo "started a throwaway PostgreSQL cluster in $pg_tmp on port $port"
}

if [ -z "${CORTEGE_TEST_DATABASE_URL:-}" ]; then
  if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    start_cluster || results+=("PostgreSQL: FAIL (could not start a test cluster)")
  elif [ "${CI:-}" = true ]; then
    echo "PostgreSQL not installed: CI must run the PostgreSQL pass (apt-get install postgresql)" >&2
    results+=("PostgreSQL: FAIL (not installed)")
  else
    echo "PostgreSQL not installed: skipping the PostgreSQL pass (apt-get install postgresql)"
    results+=("PostgreSQL: skipped (not installed)")
  fi
fi

if [ -n "${CORTEGE_TEST_DATABASE_URL:-}" ]; then
  version=$(psql "$CORTEGE_TEST_DATABASE_URL" -XAtqc 'SHOW server_version' 2>/dev/null) || version=""
  banner "go test on PostgreSQL (${version:-version unknown})"
  if "${go_test[@]}"; then
    results+=("PostgreSQL ${version}: ok")
  else
    results+=("PostgreSQL ${version}: FAIL")
  fi
  stop_cluster
fi

banner "summary ($((SECONDS - started))s)"
printf '%s\n' "${results[@]}"
case "${results[*]}" in *FAIL*) exit 1 ;; esac
