// Package store is Cortège's only door to SQL. Each method runs one named
// statement kept in queries/*.sql; every statement is prepared when the
// database is opened, so a broken query stops the boot rather than a user.
// The same portable SQL serves SQLite and PostgreSQL: "?" placeholders are
// rebound for PostgreSQL, and queries/postgres/*.sql overrides a statement
// only where the dialects really differ.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names a database engine.
type Dialect string

// The engines Cortège runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database with every named statement prepared.
type DB struct {
	Dialect Dialect
	w       *sql.DB // the writer: the only connection that writes on SQLite
	r       *sql.DB // readers; the same pool as w on PostgreSQL
	stmts   map[string]*stmt
	hooks   []func(changed []string) // OnCommit
	now     func() time.Time
	// statements counts the named statements run since Open: the tests
	// that hold a page's cost constant read it (Statements).
	statements atomic.Uint64
	// watch, when set, hears the name of every named statement as it
	// starts (WatchStatements).
	watch atomic.Pointer[func(name string)]
	// lateCommit, for the kill -9 harness's negative control only, makes
	// InTx answer before it commits (see Config.UnsafeLateCommit).
	lateCommit time.Duration
	// group is the committer of group commit (SQLite, unless
	// Config.NoGroupCommit); nil: one commit per transaction.
	group *committer
	// bulk: opened with Config.BulkLoad; Close makes the load durable.
	bulk bool
	// commits and committedTx count InTx's durable commits and the
	// transactions they held (Commits); sharedTx those of them that
	// shared their commit (SharedCommits).
	commits, committedTx, sharedTx atomic.Uint64
}

type stmt struct {
	name string
	sql  string
	read bool
	// writes lists the tables the statement writes (none for a read).
	writes []string
	w, r   *sql.Stmt
}

// Config says which database to open.
type Config struct {
	// URL is postgres://… for PostgreSQL; anything else is a SQLite file
	// path (or a file: URI).
	URL string
	// MaxConns caps PostgreSQL connections and SQLite readers (default 8).
	MaxConns int
	// UnsafeLateCommit breaks durability on purpose: transactions report
	// success, then commit this long after. It exists for the negative
	// control of the kill -9 harness (internal/reliability), which must
	// see acknowledged writes lost; only binaries built with the
	// cortege_unsafe tag ever set it. Zero is the only sane value.
	UnsafeLateCommit time.Duration
	// NoGroupCommit gives every SQLite write transaction a commit of its
	// own, as PostgreSQL does, instead of sharing it with the transactions
	// waiting at the same time (group commit, batch.go). Only the
	// baseline of `cortege bench rsvp` sets it.
	NoGroupCommit bool
	// BulkLoad is for filling a new instance in large transactions
	// (`cortege demo --scale`): no group commit (one writer, so nothing
	// to share and no savepoint to keep), synchronous=OFF and a 256 MiB
	// page cache on the writer while it runs. Nothing is durable until
	// Close, which sets synchronous=FULL back and checkpoints the WAL into
	// the database file with its fsyncs; a crash before that can leave a
	// database to throw away (power loss: a corrupt one). Never for serve.
	BulkLoad bool
}

// SQLitePath returns the default SQLite file inside a data directory.
func SQLitePath(dataDir string) string { return filepath.Join(dataDir, "cortege.db") }

// IsPostgresURL reports whether u selects PostgreSQL.
func IsPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// Open connects, checks the connection, and returns a DB. It does not migrate
// nor prepare statements: call Migrate then Prepare (OpenAndMigrate does all).
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 8
	}
	db := &DB{now: time.Now, lateCommit: cfg.UnsafeLateCommit}
	if IsPostgresURL(cfg.URL) {
		db.Dialect = Postgres
		pc, err := pgx.ParseConfig(cfg.URL)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		p := stdlib.OpenDB(*pc, stdlib.OptionAfterConnect(durableCommits))
		p.SetMaxOpenConns(cfg.MaxConns)
		p.SetMaxIdleConns(cfg.MaxConns)
		p.SetConnMaxIdleTime(5 * time.Minute)
		db.w, db.r = p, p
	} else {
		db.Dialect = SQLite
		path := strings.TrimPrefix(cfg.URL, "file:")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		if path == "" {
			return nil, errors.New("open sqlite: empty path")
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		dsn := sqliteDSN(path, true)
		if cfg.BulkLoad {
			dsn += "&" + url.Values{"_pragma": {"synchronous(OFF)", "cache_size(-262144)"}}.Encode()
			db.bulk = true
		}
		w, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1) // one writer: SQLite serialises writes anyway
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		r, err := sql.Open("sqlite", sqliteDSN(path, false))
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		r.SetMaxOpenConns(cfg.MaxConns)
		r.SetMaxIdleConns(cfg.MaxConns)
		// A connection plans with the statistics it read when it loaded
		// the schema: readers are renewed so that KeepStatistics'
		// refreshes reach them.
		r.SetConnMaxLifetime(optimizeEvery)
		db.w, db.r = w, r
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.w.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", db.Dialect, err)
	}
	if db.Dialect == SQLite {
		if err := db.r.PingContext(pingCtx); err != nil {
			db.Close()
			return nil, fmt.Errorf("connect to sqlite: %w", err)
		}
		os.Chmod(strings.TrimPrefix(cfg.URL, "file:"), 0o600)
		if !cfg.NoGroupCommit && !cfg.BulkLoad {
			if err := db.startCommitter(pingCtx); err != nil {
				db.Close()
				return nil, fmt.Errorf("open sqlite: %w", err)
			}
		}
	}
	return db, nil
}

// durableCommits makes a PostgreSQL connection wait for its commits to
// be on disk before InTx answers: a server (or a role, or the URL) whose
// synchronous_commit is off would acknowledge writes a crash can still
// take, so Cortège's sessions turn it on; any other value (local, on,
// remote_write, remote_apply) waits at least for the local flush and is
// kept. fsync=off on the server defeats this, and only the server's
// configuration can fix it (DB.Durability reports it).
func durableCommits(ctx context.Context, c *pgx.Conn) error {
	var v string
	if err := c.QueryRow(ctx, "SELECT current_setting('synchronous_commit')").Scan(&v); err != nil {
		return err
	}
	if v == "off" {
		_, err := c.Exec(ctx, "SET synchronous_commit = on")
		return err
	}
	return nil
}

// Durability describes the settings an acknowledged write relies on, as
// the engine reports them (benches print it beside their figures).
func (db *DB) Durability(ctx context.Context) (string, error) {
	if db.Dialect == Postgres {
		var sc, fs string
		if err := db.w.QueryRowContext(ctx, "SELECT current_setting('synchronous_commit'), current_setting('fsync')").Scan(&sc, &fs); err != nil {
			return "", err
		}
		s := "synchronous_commit=" + sc + ", fsync=" + fs + ", one transaction per request"
		if fs != "on" {
			s += " (fsync is off on this server: no commit is durable, whatever Cortège asks)"
		}
		return s, nil
	}
	var sync int
	var mode string
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return "", err
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return "", err
	}
	names := map[int]string{0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
	gc := "group commit"
	if db.group == nil {
		gc = "one commit per transaction"
	}
	return fmt.Sprintf("synchronous=%s, journal_mode=%s, %s", names[sync], mode, gc), nil
}

// sqliteDSN sets the pragmas every connection needs: WAL so readers never
// block the writer, foreign keys, a busy timeout, and synchronous=FULL so an
// acknowledged signature or ballot survives power loss. The writer takes its
// lock at BEGIN (immediate) so transactions never fail half-way on upgrade.
func sqliteDSN(path string, writer bool) string {
	v := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(FULL)"} {
		v.Add("_pragma", p)
	}
	if writer {
		v.Set("_txlock", "immediate")
		// Group commit runs each request in a savepoint, whose
		// sub-journal (the pages as they were, to roll one request back)
		// is a temporary file by default: written page by page, it took a
		// sixth of the writer's time. In memory it is freed at RELEASE;
		// durability is the WAL's, untouched.
		v.Add("_pragma", "temp_store(MEMORY)")
	} else {
		v.Add("_pragma", "query_only(1)")
	}
	v.Add("_pragma", "cache_size(-32768)")
	v.Add("_pragma", "mmap_size(2147418112)")
	return "file:" + path + "?" + v.Encode()
}

// OpenAndMigrate opens the database, applies pending migrations and prepares
// every named statement: what serve and the tests do.
func OpenAndMigrate(ctx context.Context, cfg Config) (*DB, error) {
	db, err := Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// Statistics before any statement is prepared: a connection reads
	// them when it loads the schema, and plans with them.
	if !db.bulk {
		if err := db.Optimize(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := db.Prepare(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// A bulk load that did not finish left the full-text index behind.
	if err := db.resumeFTS(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if db.bulk {
		if err := db.suspendFTS(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// SetClock replaces the clock used for timestamps the store writes itself
// (tests use a fake clock).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Ping checks that the database answers: what /healthz reports.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close closes every statement and connection, once the batch being
// committed is answered.
func (db *DB) Close() error {
	if db.group != nil {
		db.group.close()
	}
	var err error
	if db.bulk {
		err = db.finishBulk()
	}
	for _, s := range db.stmts {
		if s.w != nil {
			s.w.Close()
		}
		if s.r != nil && s.r != s.w {
			s.r.Close()
		}
	}
	if db.r != nil && db.r != db.w {
		if e := db.r.Close(); e != nil && err == nil {
			err = e
		}
	}
	if db.w != nil {
		if e := db.w.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

// finishBulk makes a bulk load durable: synchronous=FULL again, then a
// checkpoint that syncs the WAL, copies it into the database file, syncs
// that and empties the WAL.
func (db *DB) finishBulk() error {
	ctx := context.Background()
	if err := db.resumeFTS(ctx); err != nil {
		return fmt.Errorf("finish bulk load: %w", err)
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("finish bulk load: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = FULL"); err != nil {
		return fmt.Errorf("finish bulk load: %w", err)
	}
	var busy, logPages, done int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &done); err != nil {
		return fmt.Errorf("finish bulk load: checkpoint: %w", err)
	}
	if busy != 0 {
		return errors.New("finish bulk load: the checkpoint was blocked by a reader; the load is not durable yet")
	}
	return nil
}

// Statements returns how many named statements have run since Open, on
// every connection and in every transaction. A test reads it before and
// after a request to count what the request cost, so that a page whose
// cost grows with the rows (an N+1) cannot come back unnoticed.
func (db *DB) Statements() uint64 { return db.statements.Load() }

// WatchStatements has fn hear the name of every named statement as it
// starts, until it is called again with nil: `cortege bench pages
// --trace` times a page's statements with it. fn must be quick and safe
// for concurrent use.
func (db *DB) WatchStatements(fn func(name string)) {
	if fn == nil {
		db.watch.Store(nil)
		return
	}
	db.watch.Store(&fn)
}

// Stats returns the connection pool statistics of the writer pool, for metrics.
func (db *DB) Stats() sql.DBStats { return db.w.Stats() }
