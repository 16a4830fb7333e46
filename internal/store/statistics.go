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
// since (PRAGMA optimize), after a bulk load, and again every few hours
// while serving. PostgreSQL's autovacuum keeps its own statistics.
//
// ANALYZE reads every row: sampled (analysis_limit 2000), the estimates of
// the low-cardinality leading columns of events_listed came out 250 times
// too small, and the planner sorted every coming event of a 1,000,000-event
// instance for the home page (360 ms) rather than walk events_listed_start
// (5 ms). Analysing events and event_organizers in full there takes 8 s,
// only when a table's size changed 25 times since its last analysis.

// analysisLimit 0 is SQLite's "no limit".
const analysisLimit = 0

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
// ends (serve runs it); the reading connections, renewed as often, plan
// with them from their next connection.
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
