package store

import (
	"context"
	"database/sql"
	"fmt"
)

// A bulk load (Config.BulkLoad) writes a new instance through the store
// from one goroutine. SQLite's full-text index of events (events_fts,
// FTS5, kept by triggers on events) made it slow beyond use: FTS5 writes
// what it holds in memory as a new segment at every statement that opens
// a statement journal, so a load makes one tiny segment per event, and
// merging them walked the index again and again (100,000 events did not
// finish in half an hour). So a bulk load suspends the triggers that
// keep the index and, at its end, fills the index again from the events
// in one statement, then puts the triggers back, all in one transaction.
// The suspended triggers are kept in bulk_suspended_triggers until then:
// a load that crashed gets them back, and its index filled, at the next
// Open.

// ftsIndex is the full-text index a bulk load suspends, the table its
// triggers are on, and the rows it holds (as the triggers of migration
// 0012_reads choose them: listed events, under their start_key).
var ftsIndex = struct{ name, table, fill, terms string }{
	"events_fts", "events",
	`INSERT INTO events_fts (rowid, search_text) SELECT start_key, search_text FROM events
	 WHERE start_key IS NOT NULL AND visibility = 'public' AND published = TRUE AND confirmed = TRUE`,
	// The words of the same events (migration 0023_search_terms), which
	// the same triggers keep.
	`INSERT INTO search_terms (term)
	 SELECT DISTINCT w.value FROM events e, json_each('["' || replace(e.search_text, ' ', '","') || '"]') w
	 WHERE e.start_key IS NOT NULL AND e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE AND length(w.value) >= 4
	 ON CONFLICT (term) DO NOTHING`,
}

// suspendFTS saves and drops the triggers that keep the full-text index.
func (db *DB) suspendFTS(ctx context.Context) error {
	if db.Dialect != SQLite {
		return nil
	}
	return db.rawTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bulk_suspended_triggers (name TEXT PRIMARY KEY, sql TEXT NOT NULL)`); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? AND sql LIKE ?`,
			ftsIndex.table, "%"+ftsIndex.name+"%")
		if err != nil {
			return err
		}
		var names, sqls []string
		for rows.Next() {
			var n, s string
			if err := rows.Scan(&n, &s); err != nil {
				rows.Close()
				return err
			}
			names, sqls = append(names, n), append(sqls, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i, n := range names {
			if _, err := tx.ExecContext(ctx, `INSERT INTO bulk_suspended_triggers (name, sql) VALUES (?, ?)`, n, sqls[i]); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+n+`"`); err != nil {
				return err
			}
		}
		return nil
	})
}

// resumeFTS fills the full-text index from the events and puts its
// triggers back, when a bulk load suspended them (a no-op otherwise).
func (db *DB) resumeFTS(ctx context.Context) error {
	if db.Dialect != SQLite {
		return nil
	}
	var n int
	if err := db.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'bulk_suspended_triggers'`).Scan(&n); err != nil || n == 0 {
		return err
	}
	err := db.rawTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT sql FROM bulk_suspended_triggers ORDER BY name`)
		if err != nil {
			return err
		}
		var sqls []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			sqls = append(sqls, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		cmds := []string{fmt.Sprintf(`INSERT INTO %s (%s) VALUES ('delete-all')`, ftsIndex.name, ftsIndex.name), ftsIndex.fill, ftsIndex.terms}
		cmds = append(cmds, sqls...)
		cmds = append(cmds, `DROP TABLE bulk_suspended_triggers`, fmt.Sprintf(`INSERT INTO %s (%s) VALUES ('optimize')`, ftsIndex.name, ftsIndex.name))
		for _, c := range cmds {
			if _, err := tx.ExecContext(ctx, c); err != nil {
				return fmt.Errorf("%.60s: %w", c, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("full-text index after a bulk load: %w", err)
	}
	// Every table grew from (nearly) nothing: statistics in full.
	if err := db.Analyze(ctx); err != nil {
		return fmt.Errorf("statistics after a bulk load: %w", err)
	}
	return nil
}

// rawTx runs fn in a transaction on the writer, outside the committer
// (bulk loads have none; resumeFTS runs before it starts).
func (db *DB) rawTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
