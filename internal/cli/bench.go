package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege/internal/store"
)

// cmdBench dispatches the benches of the whole server: rsvp measures
// registrations (the write path), pages the read paths, storm the page
// cache under a reload storm.
func cmdBench(ctx context.Context, env Env, args []string) error {
	subs := map[string]func(context.Context, Env, []string) error{
		"rsvp":  cmdBenchRSVP,
		"pages": benchPages,
		"storm": benchStorm,
		"sign":  cmdBenchSign,
		"page":  cmdBenchPage,
		"vote":  cmdBenchVote,
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		benchUsage(env)
		return nil
	}
	run, ok := subs[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "cortege bench: unknown bench %q\n\n", args[0])
		benchUsage(env)
		return errUsage
	}
	return run(ctx, env, args[1:])
}

func benchUsage(env Env) {
	fmt.Fprint(env.Stderr, `Usage: cortege bench BENCH [flags]

Benches:
  pages    each page's p50/p99 and requests per second at 1,000 to 1,000,000 events, beside the smallest instance
  rsvp     durable registrations per second over HTTP, group commit beside one transaction per request
  storm    an anonymous reload storm on one event page, the page cache beside no cache, quiet and with writes
  page     a reload storm on a petition's page and its counter while signatures pour in, the page cache beside no cache
  vote     durable ballots per second with token verification at 16/64/200 clients, shuffled batches beside one transaction per ballot, and the blind-signing rate
  sign     durable petition signatures and confirmations per second over HTTP, the public counter's lag, group commit beside one transaction per request

Run 'cortege bench BENCH --help' for its flags.
`)
}

// benchStart prints the machine and its load, and returns the bench's
// work directory: dir, or a new temporary one. finish prints the load at
// the end and removes the temporary directory. Figures taken on a loaded
// machine say so.
func benchStart(out io.Writer, dir, prefix string) (work string, finish func(), err error) {
	remove := func() {}
	if dir == "" {
		if dir, err = os.MkdirTemp("", prefix); err != nil {
			return "", nil, err
		}
		remove = func() { os.RemoveAll(dir) }
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, err
	}
	fmt.Fprintf(out, "machine: %s/%s, %d CPUs, %s; load average at start: %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), loadAvg())
	return dir, func() { fmt.Fprintf(out, "load average at end: %s\n", loadAvg()); remove() }, nil
}

// benchEngines is the engines a bench runs: those of --engines, or SQLite
// and, when a PostgreSQL server is given, PostgreSQL.
func benchEngines(list, dbURL string) []string {
	if list != "" {
		return strings.Split(list, ",")
	}
	if dbURL != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// benchModes is, for one engine of a bench, the write modes to measure
// (NoGroupCommit values: group commit, and on SQLite with baseline one
// transaction per request beside it) and, for PostgreSQL, a new schema of
// the server at dbURL named after prefix; drop removes it.
func benchModes(ctx context.Context, eng, dbURL, prefix string, baseline bool) (modes []bool, pgURL string, drop func(), err error) {
	drop = func() {}
	switch eng {
	case "sqlite":
		if baseline {
			return []bool{false, true}, "", drop, nil
		}
		return []bool{false}, "", drop, nil
	case "postgres":
		// One transaction per request over the pool, each acknowledged
		// after its commit: its own baseline.
		if dbURL == "" {
			return nil, "", drop, errors.New("the postgres engine needs --database-url")
		}
		schema := prefix + strconv.FormatInt(time.Now().Unix(), 36)
		if pgURL, err = store.PostgreSQLSchemaURL(ctx, dbURL, schema); err != nil {
			return nil, "", drop, err
		}
		return []bool{false}, pgURL, func() { store.DropPostgreSQLSchema(context.WithoutCancel(ctx), dbURL, schema) }, nil
	}
	return nil, "", drop, fmt.Errorf("--engines: unknown engine %q (sqlite, postgres)", eng)
}
