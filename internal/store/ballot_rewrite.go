package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The closing rewrite (docs/votes.md): while a vote is open, its rows
// were written as people came, so the database's own bookkeeping can
// still order them (SQLite's WAL frames and page splits, PostgreSQL's
// xmin and the order of tuples in their pages). At closing the sheet, the
// box and the codes are written again in key order in one transaction,
// then Compact erases the history the engine kept.

// voteCode is a row of vote_codes.
type voteCode struct {
	hash        string
	batch, slip int
	state       string
}

// RewriteVote writes a vote's sheet, box and codes again in key order,
// in q's transaction: every row is new and, on PostgreSQL, carries the
// same xmin. The box must hold filled rows only (DeleteFreeBallots).
func (q *Q) RewriteVote(ctx context.Context, consultationID string) error {
	type line struct{ key, channel, day string }
	var sheet []line
	if err := q.each(ctx, "SheetLines", []any{consultationID}, func(rows *sql.Rows) error {
		var l line
		if err := rows.Scan(&l.key, &l.channel, &l.day); err != nil {
			return err
		}
		sheet = append(sheet, l)
		return nil
	}); err != nil {
		return err
	}
	var codes []voteCode
	if err := q.each(ctx, "VoteCodeRows", []any{consultationID}, func(rows *sql.Rows) error {
		var c voteCode
		if err := rows.Scan(&c.hash, &c.batch, &c.slip, &c.state); err != nil {
			return err
		}
		codes = append(codes, c)
		return nil
	}); err != nil {
		return err
	}
	var box []StoredBallot
	if err := q.CastBallots(ctx, consultationID, func(b StoredBallot) error { box = append(box, b); return nil }); err != nil {
		return err
	}
	for _, name := range []string{"DeleteSheet", "DeleteBox", "DeleteVoteCodes"} {
		if _, err := q.exec(ctx, name, consultationID); err != nil {
			return err
		}
	}
	for _, l := range sheet {
		if _, err := q.exec(ctx, "AddSignOff", consultationID, l.key, l.channel, l.day); err != nil {
			return err
		}
	}
	for _, b := range box {
		if _, err := q.exec(ctx, "RestoreBallot", consultationID, b.ID, b.Answers, nullStr(b.Token), nullStr(b.Signature),
			nullStr(b.Slot), nullStr(b.CodeHash)); err != nil {
			return err
		}
	}
	for _, c := range codes {
		if _, err := q.exec(ctx, "RestoreVoteCode", consultationID, c.hash, c.batch, c.slip, c.state); err != nil {
			return err
		}
	}
	return nil
}

// each runs a named query and calls fn on every row, then closes them.
func (q *Q) each(ctx context.Context, name string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// voteTables are the tables whose physical history Compact erases.
var voteTables = []string{"vote_signoffs", "vote_ballots", "vote_codes"}

// Compact erases what the engine kept of the order writes came in, after
// a closing rewrite: on SQLite it empties the WAL into the database file
// and truncates it, rebuilds the file (VACUUM: pages in key order, no
// free page keeping old rows) and truncates the WAL again; on PostgreSQL
// it rewrites the vote tables (VACUUM FULL: no dead tuple left, pages in
// the rewrite's order). It runs outside any transaction and holds the
// writer (SQLite) or the tables (PostgreSQL) while it runs.
func (db *DB) Compact(ctx context.Context) error {
	if db.Dialect == Postgres {
		for _, t := range voteTables {
			if _, err := db.w.ExecContext(ctx, "VACUUM FULL "+t); err != nil {
				return fmt.Errorf("compact %s: %w", t, err)
			}
		}
		return nil
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := truncateWAL(ctx, conn); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	return truncateWAL(ctx, conn)
}

// ForgetWAL empties SQLite's WAL into the database file and truncates it,
// unless a reader holds it (then the next call does); a no-op on
// PostgreSQL. The vote box calls it after its batches, so that a copy of
// the files taken while a vote is open holds no sequence of recent
// commits (a sign-off, then the batch with its ballot).
func (db *DB) ForgetWAL(ctx context.Context) error {
	if db.Dialect != SQLite {
		return nil
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// A short busy timeout: a reader still on the WAL makes the
	// checkpoint give up at once rather than hold the writer.
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 20"); err != nil {
		return err
	}
	err = truncateWAL(ctx, conn)
	if _, e := conn.ExecContext(ctx, "PRAGMA busy_timeout = 10000"); e != nil && err == nil {
		err = e
	}
	if errors.Is(err, errWALBusy) {
		return nil
	}
	return err
}

var errWALBusy = errors.New("store: a reader holds the WAL; not truncated")

// truncateWAL runs a TRUNCATE checkpoint on conn.
func truncateWAL(ctx context.Context, conn *sql.Conn) error {
	var busy, logPages, done int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &done); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if busy != 0 {
		return errWALBusy
	}
	return nil
}

// TouchBallots writes n filled rows of a vote's box again as they are,
// each the first at or after a random ID, in q's transaction. On
// PostgreSQL every row version carries the xmin of the transaction that
// wrote it, so the box's batches would leave the ballots ordered by
// arrival for anyone reading `SELECT xmin` while the vote is open; each
// batch touching random older ballots gives them its xmin and moves
// their tuples, and a ballot's xmin no longer says when it came. On
// SQLite rows carry no such thing (and the box truncates the WAL): it
// does nothing there.
func (q *Q) TouchBallots(ctx context.Context, consultationID string, n int, randomID func() string) error {
	if q.db.Dialect != Postgres {
		return nil
	}
	for range n {
		if _, err := q.exec(ctx, "TouchBallot", consultationID, consultationID, randomID()); err != nil {
			return err
		}
	}
	return nil
}
