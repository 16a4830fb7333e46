package store

import (
	"context"
	"fmt"
)

// ftsTables are SQLite's full-text indexes (FTS5), kept by triggers.
var ftsTables = []string{"events_fts"}

// ftsMerging sets how the full-text indexes merge their segments. FTS5
// writes what it holds in memory as a new segment at every statement
// that opens a statement journal, so a bulk load makes one tiny segment
// per event, and merging them four at a time (automerge, the default)
// took most of the generator's time. During a bulk load (on false)
// segments are only merged a thousand at a time; at its end (on true)
// the defaults come back (automerge 4, crisismerge 16) and each index is
// merged into one segment ('optimize').
func (db *DB) ftsMerging(ctx context.Context, on bool) error {
	if db.Dialect != SQLite {
		return nil
	}
	for _, t := range ftsTables {
		cmds := []string{
			fmt.Sprintf("INSERT INTO %s (%s, rank) VALUES ('automerge', 0)", t, t),
			fmt.Sprintf("INSERT INTO %s (%s, rank) VALUES ('crisismerge', 1000)", t, t),
		}
		if on {
			cmds = []string{
				fmt.Sprintf("INSERT INTO %s (%s, rank) VALUES ('automerge', 4)", t, t),
				fmt.Sprintf("INSERT INTO %s (%s, rank) VALUES ('crisismerge', 16)", t, t),
				fmt.Sprintf("INSERT INTO %s (%s) VALUES ('optimize')", t, t),
			}
		}
		for _, c := range cmds {
			if _, err := db.w.ExecContext(ctx, c); err != nil {
				return fmt.Errorf("%s: %w", c, err)
			}
		}
	}
	return nil
}
