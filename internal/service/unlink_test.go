package service_test

import (
	"context"
	"database/sql"
	mrand "math/rand/v2"
	"os"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// The unlinkability test (issue 14, DESIGN §5, docs/votes.md): a vote of
// 10,000 voters (2,500 with -short) on the real store, then a linking
// program given the whole database (raw file and WAL on SQLite, ctid and
// xmin on PostgreSQL), every log line at info level and the sign-in
// sheet must pair voters with ballots no better than chance + 1 %. The
// same program must pair most voters of a store that writes the 2018
// way, so the test can fail.

// set moves the fake clock to t.
func (e *env) set(t time.Time) { e.mu.Lock(); e.now = t; e.mu.Unlock() }

func unlinkVoters() int {
	if testing.Short() {
		return 2500
	}
	return 10000
}

func TestUnlinkability(t *testing.T) {
	n := unlinkVoters()
	t.Run("box", func(t *testing.T) { unlinkBox(t, n) })
	// The controls need fewer voters to show the linker works.
	t.Run("2018, timestamp and same transaction", func(t *testing.T) { unlink2018(t, n/5, true) })
	t.Run("2018, same transaction only", func(t *testing.T) { unlink2018(t, n/5, false) })
}

// boxTarget names the product's sheet and box.
var boxTarget = linkTarget{sheet: "vote_signoffs", sheetKey: "voter_key", box: "vote_ballots", boxKey: "id",
	boxWhere: "answers IS NOT NULL"}

func unlinkBox(t *testing.T, n int) {
	ctx := context.Background()
	dsn := testkit.TestDatabaseURL(t)
	pg, path := dsn != "", ""
	if !pg {
		path = store.SQLitePath(t.TempDir())
		dsn = path
	}
	db, err := store.OpenAndMigrate(ctx, store.Config{URL: dsn, MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	start := time.Date(2026, 3, 14, 8, 0, 0, 0, time.UTC)
	e := &env{db: db, now: start.Add(-time.Hour)}
	db.SetClock(e.clock)
	logs := &lockedBuffer{}
	e.svc = service.New(db, service.Config{BaseURL: "https://cortege.example", UploadsDir: t.TempDir(), Now: e.clock,
		Sleep: e.sleep, Logger: infoLogger(logs)})
	admin := adminActor(t, e)
	loc, _ := time.LoadLocation(voteTZ)
	c := openVote(t, e, admin, service.ConsultationInput{Title: "Élection du bureau national", Secret: true,
		Opens: cortege.WallOf(start.Add(-time.Minute), loc), Closes: cortege.WallOf(start.Add(9*time.Hour), loc), TZ: voteTZ,
		Audience: cortege.AudienceMembers})
	view, err := e.svc.Consultation(ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	box := &serviceBox{t: t, svc: e.svc, id: c.ID, user: newVoter(t, view.TokenKey)}
	vs := simPlan(mrand.New(mrand.NewPCG(14, 2026)), n, start, 6)
	began := time.Now()
	var mid *evidence
	simRun(t, e.set, simEvents(vs), box, func() { mid = gather(t, pg, dsn, path, boxTarget, logs.lines()) })
	t.Logf("%d voters voted in %v", n, time.Since(began).Round(time.Millisecond))
	truth := map[string]string{}
	cast := 0
	for _, v := range vs {
		if v.casts {
			truth[v.key] = v.receipt
			cast++
		}
	}
	// While open: what a copy of the database taken half-way holds. On
	// SQLite the box truncates the WAL after its batches, so the files at
	// rest hold no recent sequence of commits; on PostgreSQL each batch
	// writes random older ballots again, so their xmin and ctid say
	// nothing of when they came (docs/votes.md).
	assertUnlinked(t, "half-way, while open", link(mid, truth, 1))

	e.set(start.Add(9*time.Hour + time.Minute))
	if err := e.svc.CloseConsultationsDue(ctx); err != nil {
		t.Fatal(err)
	}
	final := gather(t, pg, dsn, path, boxTarget, logs.lines())
	if err := e.svc.PublishResults(ctx, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	b, r := verifiedBoard(t, e, admin, c.ID)
	if r.Counted != cast || int(b.SignOffs) != n {
		t.Fatalf("board: %d counted of %d cast, %d sign-offs of %d", r.Counted, cast, b.SignOffs, n)
	}
	if len(final.sheet) != n || len(final.box) != cast {
		t.Fatalf("the linker sees %d lines and %d ballots, want %d and %d", len(final.sheet), len(final.box), n, cast)
	}
	if !pg && len(final.files["wal"]) > 0 {
		t.Errorf("the WAL holds %d bytes after closing", len(final.files["wal"]))
	}
	assertUnlinked(t, "after closing", link(final, truth, 2))
}

func unlink2018(t *testing.T, n int, stamped bool) {
	start := time.Date(2018, 10, 6, 8, 0, 0, 0, time.UTC)
	clock := make(chan time.Time, 1) // holds the fake time
	clock <- start
	now := func() time.Time { x := <-clock; clock <- x; return x }
	set := func(x time.Time) { <-clock; clock <- x }
	b, path, dsn := open2018(t, t.TempDir(), now, stamped)
	vs := simPlan(mrand.New(mrand.NewPCG(2018, 14)), n, start, 6)
	simRun(t, set, simEvents(vs), b, nil)
	truth := map[string]string{}
	for _, v := range vs {
		if v.casts {
			truth[v.key] = v.receipt
		}
	}
	ev := gather(t, path == "", dsn, path, target2018, nil)
	assertLinked(t, "the 2018 way", link(ev, truth, 3))
}

// gather collects what the operator holds: on SQLite the raw bytes of
// the database file and of its WAL (read first, as they are), then every
// row of the sheet and the box through SQL, with the engine's physical
// columns, and the log lines.
func gather(t *testing.T, pg bool, dsn, path string, tg linkTarget, logs []string) *evidence {
	t.Helper()
	ctx := context.Background()
	ev := &evidence{files: map[string][]byte{}, logs: logs}
	driver := "pgx"
	if !pg {
		driver = "sqlite"
		for name, p := range map[string]string{"main": path, "wal": path + "-wal"} {
			b, err := os.ReadFile(p)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			ev.files[name] = b
		}
		if m := ev.files["main"]; len(m) >= 100 {
			ev.pageSize = int(m[16])<<8 | int(m[17])
			if ev.pageSize == 1 {
				ev.pageSize = 65536
			}
		}
		dsn = "file:" + path + "?_pragma=query_only(1)&_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !pg {
		// The operator lists the tables as sqlite_master has them; the
		// byte scans above cover every one of them.
		var tables int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").Scan(&tables); err != nil || tables == 0 {
			t.Fatalf("sqlite_master: %d tables, %v", tables, err)
		}
	}
	if ev.sheet, err = readRows(ctx, db, pg, tg.sheet, tg.sheetKey, ""); err != nil {
		t.Fatal(err)
	}
	if ev.box, err = readRows(ctx, db, pg, tg.box, tg.boxKey, tg.boxWhere); err != nil {
		t.Fatal(err)
	}
	return ev
}
