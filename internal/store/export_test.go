package store

import "context"

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
