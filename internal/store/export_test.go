package store

import (
	"context"
	"strings"
)

// MigrateTo applies the migrations up to version last, for tests of what a
// migration does to rows written before it.
func (db *DB) MigrateTo(ctx context.Context, last int) (int, error) { return db.migrateTo(ctx, last) }

// ExecRaw runs one statement written with ? placeholders on the writer,
// for tests that set up rows an older schema would hold.
func (db *DB) ExecRaw(ctx context.Context, query string, args ...any) error {
	if db.Dialect == Postgres {
		query = rebind(query)
	}
	_, err := db.w.ExecContext(ctx, query, args...)
	return err
}

// WaitingTx counts the transactions waiting for the committer (group
// commit), so a test can hold a batch open until the next one is full.
func (db *DB) WaitingTx() int {
	if db.group == nil {
		return 0
	}
	return int(db.group.waiting.Load())
}

// QueryPlan returns SQLite's EXPLAIN QUERY PLAN of a named statement, one
// line per step, for tests that keep a statement on its index.
func (db *DB) QueryPlan(ctx context.Context, name string, args ...any) (string, error) {
	rows, err := db.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+db.stmts[name].sql, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		b.WriteString(detail + "\n")
	}
	return b.String(), rows.Err()
}
