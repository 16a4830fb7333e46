package store

import (
	"context"
	"fmt"
	"strings"
)

// Plan returns the query plan of the named statement for args, one line a
// step: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN.
func (db *DB) Plan(ctx context.Context, name string, args ...any) (string, error) {
	s, ok := db.stmts[name]
	if !ok {
		return "", fmt.Errorf("no statement %s", name)
	}
	prefix := "EXPLAIN QUERY PLAN "
	if db.Dialect == Postgres {
		prefix = "EXPLAIN "
	}
	rows, err := db.r.QueryContext(ctx, prefix+s.sql, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%v\n", vals[len(vals)-1])
	}
	return b.String(), rows.Err()
}
