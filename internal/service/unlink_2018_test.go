package service_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/tally"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// box2018 is the negative control of the unlinkability test, in test
// code only: a store that keeps the sheet and the box apart (no voter
// key on a ballot) but writes a ballot in the same transaction as its
// voter's line of the sheet, as the 2018 votation did, with (stamped) or
// without a timestamp on both. The linker must pair it.
type box2018 struct {
	db      *sql.DB
	now     func() time.Time
	stamped bool
	pg      bool
	mu      sync.Mutex // SQLite: one writer
}

// open2018 makes the variant's tables in a database of their own: a
// SQLite file in WAL mode under dir (returned), or a fresh PostgreSQL
// schema when the suite runs on PostgreSQL (dsn returned).
func open2018(t *testing.T, dir string, now func() time.Time, stamped bool) (b *box2018, path, dsn string) {
	t.Helper()
	serial := "INTEGER PRIMARY KEY"
	driver := "sqlite"
	if dsn = testkit.TestDatabaseURL(t); dsn != "" {
		serial, driver = "BIGSERIAL PRIMARY KEY", "pgx"
	} else {
		path = filepath.Join(dir, "votation2018.db")
		dsn = "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if driver == "sqlite" {
		db.SetMaxOpenConns(1)
	}
	for _, q := range []string{
		"CREATE TABLE signins (id " + serial + ", voter_key TEXT NOT NULL, signed_at BIGINT)",
		"CREATE TABLE ballots (id " + serial + ", ballot_id TEXT NOT NULL, answers TEXT NOT NULL, cast_at BIGINT)",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return &box2018{db: db, now: now, stamped: stamped, pg: driver == "pgx"}, path, dsn
}

// target2018 names the variant's sheet and box for the linker.
var target2018 = linkTarget{sheet: "signins", sheetKey: "voter_key", box: "ballots", boxKey: "ballot_id"}

func (b *box2018) signOff(context.Context, *simVoter) error { return nil }

// cast writes the voter's line and their ballot in one transaction.
func (b *box2018) cast(ctx context.Context, v *simVoter) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	ans, err := json.Marshal(v.answers)
	if err != nil {
		return err
	}
	var at sql.NullInt64
	if b.stamped {
		at = sql.NullInt64{Int64: b.now().Unix(), Valid: true}
	}
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	v.receipt = tally.NewBallotID()
	if _, err := tx.ExecContext(ctx, b.q("INSERT INTO signins (voter_key, signed_at) VALUES (?, ?)"), v.key, at); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, b.q("INSERT INTO ballots (ballot_id, answers, cast_at) VALUES (?, ?, ?)"), v.receipt, string(ans), at); err != nil {
		return err
	}
	return tx.Commit()
}

// q turns ? into $n on PostgreSQL.
func (b *box2018) q(query string) string {
	if !b.pg {
		return query
	}
	var out []byte
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			out = append(out, '$', byte('0'+n))
			continue
		}
		out = append(out, query[i])
	}
	return string(out)
}
