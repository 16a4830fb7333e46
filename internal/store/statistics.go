package store

import (
	"context"
	"fmt"
	"time"
)

// The SQLite planner chooses indexes from the statistics ANALYZE leaves
// in sqlite_stat1. Without them, or with stale ones (a fresh instance
// analysed while empty, then grown to a million events), it picks plans
// such as walking every listed event for a group's page: two seconds at
// 100,000 events instead of one millisecond. So statistics are gathered
// at open, when a table is missing them or grew (or shrank) 25 times
// since (PRAGMA optimize), after a bulk load in full, and again every
// few hours while serving. analysis_limit bounds the rows ANALYZE reads
// per index, so this costs milliseconds even at 1,000,000 events.
// PostgreSQL's autovacuum keeps its own statistics.

// analysisLimit is the rows ANALYZE samples per index (SQLite's
// recommendation for PRAGMA optimize is a few hundred to a few thousand).
const analysisLimit = 2000

// optimizeEvery is how often a serving process refreshes the statistics.
const optimizeEvery = 3 * time.Hour

// Optimize refreshes the planner's statistics where they are missing or
// stale (SQLite; nothing on PostgreSQL).
func (db *DB) Optimize(ctx context.Context) error {
	return db.analyze(ctx, "PRAGMA optimize=0x10002")
}

// Analyze gathers the statistics of every table and index (after a bulk
// load, whose tables grew from nothing).
func (db *DB) Analyze(ctx context.Context) error { return db.analyze(ctx, "ANALYZE") }

func (db *DB) analyze(ctx context.Context, cmd string) error {
	if db.Dialect != SQLite {
		return nil
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, c := range []string{fmt.Sprintf("PRAGMA analysis_limit=%d", analysisLimit), cmd} {
		if _, err := conn.ExecContext(ctx, c); err != nil {
			return fmt.Errorf("%s: %w", c, err)
		}
	}
	return nil
}

// KeepStatistics refreshes the statistics every optimizeEvery until ctx
// ends (serve runs it).
func (db *DB) KeepStatistics(ctx context.Context) {
	t := time.NewTicker(optimizeEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			db.Optimize(ctx) // a failure leaves the old statistics: retried next time
		}
	}
}
