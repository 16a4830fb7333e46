package store

import "context"

// all runs the named query and scans every row with scan.
func all[T any](ctx context.Context, q *Q, name string, scan func(scanner) (T, error), args ...any) ([]T, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, v)
	}
	return out, wrap(name, rows.Err())
}
