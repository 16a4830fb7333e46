package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"

	"codeberg.org/cortege/cortege"
)

// Q runs named statements, either on the pools or inside one transaction.
// Every store method hangs off Q, so the same method serves both.
type Q struct {
	db *DB
	tx *sql.Tx
	// wrote collects the tables the transaction's statements write, for
	// the commit hooks (see OnCommit).
	wrote tables
	// batched: the transaction is shared with other requests (group
	// commit), so a cancelled context must never interrupt a statement
	// (SQLite would roll the whole transaction back): it stops the
	// request at its next statement instead (see stmtRun).
	batched bool
}

// Q returns a Q outside any transaction: reads go to the reader pool,
// writes to the writer.
func (db *DB) Q() *Q { return &Q{db: db} }

// InTx runs fn in one transaction, committed when fn returns nil, and
// returns only once that commit is durable. Jobs enqueued through the Q
// passed to fn commit or roll back with the change that caused them. On
// SQLite with group commit (the default) the transaction shares its
// commit with the others waiting at the same time, each in its own
// savepoint (see batch.go); on PostgreSQL, or with Config.NoGroupCommit,
// each has its own.
func (db *DB) InTx(ctx context.Context, fn func(q *Q) error) (err error) {
	if db.group != nil {
		return db.inBatch(ctx, fn)
	}
	if db.lateCommit > 0 {
		// The negative control commits after the request is over: its
		// context must not roll the transaction back, so only a crash
		// loses what was acknowledged.
		ctx = context.WithoutCancel(ctx)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	wrote := tables{}
	if err = fn(&Q{db: db, tx: tx, wrote: wrote}); err != nil {
		return err
	}
	if db.lateCommit > 0 { // the harness's negative control: acknowledged, not yet durable
		go func() { time.Sleep(db.lateCommit); tx.Commit() }()
		return nil
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	db.commits.Add(1)
	db.committedTx.Add(1)
	db.committed(wrote)
	return nil
}

// InTx runs fn in q's transaction when q has one, else in a new one.
func (q *Q) InTx(ctx context.Context, fn func(q *Q) error) error {
	if q.tx != nil {
		return fn(q)
	}
	return q.db.InTx(ctx, fn)
}

// Dialect returns the engine behind q.
func (q *Q) Dialect() Dialect { return q.db.Dialect }

// stmtRun is a prepared statement ready to run for q: in a shared
// transaction its context keeps its values but not its cancellation,
// which is checked before the statement starts.
type stmtRun struct {
	s       *sql.Stmt
	batched bool
}

// ctx is what the statement runs with: a context already cancelled is
// refused by database/sql before the driver sees it; a live one cannot
// interrupt the shared transaction half-way.
func (r stmtRun) ctx(ctx context.Context) context.Context {
	if r.batched && ctx.Err() == nil {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

func (r stmtRun) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return r.s.ExecContext(r.ctx(ctx), args...)
}

func (r stmtRun) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return r.s.QueryContext(r.ctx(ctx), args...)
}

func (r stmtRun) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return r.s.QueryRowContext(r.ctx(ctx), args...)
}

func (q *Q) stmt(ctx context.Context, name string) stmtRun {
	s, ok := q.db.stmts[name]
	if !ok {
		panic("store: unknown query " + name) // a programming error, caught by tests
	}
	q.db.statements.Add(1)
	if w := q.db.watch.Load(); w != nil {
		(*w)(name)
	}
	if q.tx != nil && len(s.writes) > 0 {
		for _, t := range s.writes {
			q.wrote[t] = true
		}
	}
	if q.tx != nil {
		r := stmtRun{batched: q.batched}
		r.s = q.tx.StmtContext(r.ctx(ctx), s.w)
		return r
	}
	if s.read {
		return stmtRun{s: s.r}
	}
	return stmtRun{s: s.w}
}

// alone reports whether the named statement writes and runs outside a
// transaction on a database with group commit: exec and get then give it
// a transaction of its own through the committer (batch.go), so that it
// shares a commit with the others rather than taking the writer for an
// fsync of its own between two batches.
func (q *Q) alone(name string) bool {
	if q.tx != nil || q.db.group == nil {
		return false
	}
	s := q.db.stmts[name]
	return s != nil && len(s.writes) > 0
}

func (q *Q) exec(ctx context.Context, name string, args ...any) (sql.Result, error) {
	if err := checkArgs(args); err != nil {
		return nil, err
	}
	if q.alone(name) {
		var res sql.Result
		err := q.db.InTx(ctx, func(t *Q) (err error) {
			res, err = t.exec(ctx, name, args...)
			return err
		})
		return res, err
	}
	res, err := q.stmt(ctx, name).ExecContext(ctx, args...)
	q.wroteAlone(name, err)
	return res, wrap(name, err)
}

// execN runs a statement and returns how many rows it changed.
func (q *Q) execN(ctx context.Context, name string, args ...any) (int64, error) {
	res, err := q.exec(ctx, name, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q *Q) query(ctx context.Context, name string, args ...any) (*sql.Rows, error) {
	if err := checkArgs(args); err != nil {
		return nil, err
	}
	rows, err := q.stmt(ctx, name).QueryContext(ctx, args...)
	q.wroteAlone(name, err)
	return rows, wrap(name, err)
}

// get scans the single row of a named query; no row is ENOTFOUND.
func (q *Q) get(ctx context.Context, name string, args []any, dest ...any) error {
	if err := checkArgs(args); err != nil {
		return err
	}
	if q.alone(name) { // a write returning its row (… RETURNING)
		return q.db.InTx(ctx, func(t *Q) error { return t.get(ctx, name, args, dest...) })
	}
	err := q.stmt(ctx, name).QueryRowContext(ctx, args...).Scan(dest...)
	q.wroteAlone(name, err)
	if errors.Is(err, sql.ErrNoRows) {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return wrap(name, err)
}

// wrap maps driver errors to coded errors: unique violations become
// ECONFLICT, the rest keep the query name for the logs.
func wrap(name string, err error) error {
	if err == nil || errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if isBadText(err) {
		return cortege.Invalid("", "err.text.invalid")
	}
	if isUniqueViolation(err) {
		return &cortege.Error{Code: cortege.ECONFLICT, Message: "err.conflict"}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("query %s: %w", name, err)
}

// isBadText reports PostgreSQL's refusal of a NUL byte or invalid UTF-8.
func isBadText(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == "22021" || pg.Code == "22P05")
}

func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// ms converts a time to the integer milliseconds stored in every time column
// (the same type on both engines; zero time is 0).
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMS is the inverse of ms.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// nullStr stores "" as NULL, for optional unique or foreign-key columns.
func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// checkArgs refuses text with NUL bytes or invalid UTF-8 before it reaches
// the database: PostgreSQL rejects both (SQLite would store them), so
// without this the same input would be a 500 on one engine only. Domain
// validation names the field first; this is the last line of defence.
func checkArgs(args []any) error {
	for _, a := range args {
		if s, ok := a.(string); ok && (strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s)) {
			return cortege.Invalid("", "err.text.invalid")
		}
	}
	return nil
}
