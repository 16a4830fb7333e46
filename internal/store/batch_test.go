package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// groupDB opens a database with group commit, or skips (PostgreSQL keeps
// one transaction per request).
func groupDB(t *testing.T) *store.DB {
	t.Helper()
	db := testkit.OpenDB(t)
	if !db.GroupCommit() {
		t.Skip("group commit is SQLite's")
	}
	return db
}

func account(email string) *cortege.Account {
	now := time.Now().UTC()
	return &cortege.Account{ID: cortege.NewID(now), Email: email, Role: cortege.RoleUser, Status: cortege.AccountActive, Lang: "fr", CreatedAt: now}
}

// holdBatch starts a transaction that stays open until release is called,
// so that the transactions started meanwhile all wait for the next batch.
func holdBatch(t *testing.T, db *store.DB) (release func()) {
	t.Helper()
	hold, started, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- db.InTx(context.Background(), func(q *store.Q) error {
			close(started)
			<-hold
			return q.CreateAccount(context.Background(), account(cortege.NewToken()[:12]+"@example.org"))
		})
	}()
	<-started
	return func() {
		close(hold)
		if err := <-done; err != nil {
			t.Errorf("the holding transaction: %v", err)
		}
	}
}

// waitQueued waits until n transactions wait for the committer.
func waitQueued(t *testing.T, db *store.DB, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for db.WaitingTx() < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d transactions queued", db.WaitingTx(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func present(t *testing.T, db *store.DB, email string) bool {
	t.Helper()
	_, err := db.Q().AccountByEmail(context.Background(), email)
	if err != nil && !cortege.IsNotFound(err) {
		t.Fatal(err)
	}
	return err == nil
}

// TestGroupCommitShares: transactions arriving while a batch is open
// share the next commit, and each is acknowledged with its rows there.
func TestGroupCommitShares(t *testing.T) {
	db := groupDB(t)
	ctx := context.Background()
	release := holdBatch(t, db)
	c0, t0 := db.Commits()
	const n = 40
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.InTx(ctx, func(q *store.Q) error {
				return q.CreateAccount(ctx, account(fmt.Sprintf("m%d@example.org", i)))
			})
		}()
	}
	waitQueued(t, db, n)
	release()
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("member %d: %v", i, err)
		} else if !present(t, db, fmt.Sprintf("m%d@example.org", i)) {
			t.Errorf("member %d acknowledged, its account absent", i)
		}
	}
	c1, t1 := db.Commits()
	if t1-t0 != n+1 {
		t.Fatalf("%d transactions committed, want %d", t1-t0, n+1)
	}
	if c1-c0 > 1+n/2 {
		t.Fatalf("%d transactions took %d commits: they did not share them", t1-t0, c1-c0)
	}
	t.Logf("%d transactions in %d commits", t1-t0, c1-c0)
}

// TestGroupCommitMembersApart: in one batch, a member that breaks a
// constraint, returns an error, panics or is cancelled is rolled back
// alone and sees its own outcome; the others commit; members see their
// own writes and those of the members before them, and a constraint holds
// across members.
func TestGroupCommitMembersApart(t *testing.T) {
	db := groupDB(t)
	ctx := context.Background()
	if err := db.Q().CreateAccount(ctx, account("taken@example.org")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	type result struct {
		err   error
		panic any
	}
	cases := []struct {
		name  string
		email string // what the member writes first
		then  func(ctx context.Context, q *store.Q, cancel func()) error
		want  func(r result) bool
		kept  bool // its account is there afterwards
	}{
		{"good", "good1@example.org", nil, func(r result) bool { return r.err == nil }, true},
		{"duplicate of a committed row", "TAKEN@example.org", nil,
			func(r result) bool { return cortege.ErrorCode(r.err) == cortege.ECONFLICT }, false},
		{"error after its write", "failed@example.org", func(context.Context, *store.Q, func()) error { return boom },
			func(r result) bool { return errors.Is(r.err, boom) }, false},
		{"panic after its write", "panicked@example.org", func(context.Context, *store.Q, func()) error { panic("member panic") },
			func(r result) bool { return r.panic == "member panic" }, false},
		{"cancelled after its write", "cancelled@example.org", func(_ context.Context, _ *store.Q, cancel func()) error { cancel(); return nil },
			func(r result) bool { return errors.Is(r.err, context.Canceled) }, false},
		{"cancelled before its next statement", "cancelled2@example.org", func(ctx context.Context, q *store.Q, cancel func()) error {
			cancel()
			return q.CreateAccount(ctx, account("never@example.org"))
		}, func(r result) bool { return errors.Is(r.err, context.Canceled) }, false},
		{"sees its own write", "own@example.org", func(ctx context.Context, q *store.Q, _ func()) error {
			a, err := q.AccountByEmail(ctx, "own@example.org")
			if err != nil || a.Email != "own@example.org" {
				return fmt.Errorf("own write not seen: %v", err)
			}
			return nil
		}, func(r result) bool { return r.err == nil }, true},
		{"good", "good2@example.org", nil, func(r result) bool { return r.err == nil }, true},
	}
	release := holdBatch(t, db)
	c0, _ := db.Commits()
	results := make([]result, len(cases))
	var wg sync.WaitGroup
	for i, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { results[i].panic = recover() }()
			mctx, cancel := context.WithCancel(ctx)
			defer cancel()
			results[i].err = db.InTx(mctx, func(q *store.Q) error {
				if err := q.CreateAccount(mctx, account(c.email)); err != nil {
					return err
				}
				if c.then != nil {
					return c.then(mctx, q, cancel)
				}
				return nil
			})
		}()
	}
	waitQueued(t, db, len(cases))
	release()
	wg.Wait()
	for i, c := range cases {
		if !c.want(results[i]) {
			t.Errorf("%s: got error %v, panic %v", c.name, results[i].err, results[i].panic)
		}
		if got := present(t, db, c.email); got != c.kept && c.email != "TAKEN@example.org" {
			t.Errorf("%s: account present %v, want %v", c.name, got, c.kept)
		}
	}
	if present(t, db, "never@example.org") {
		t.Error("a cancelled member's statement ran")
	}
	if c1, _ := db.Commits(); c1-c0 > 3 {
		t.Errorf("%d members took %d commits", len(cases), c1-c0)
	}

	// Two members of one batch writing the same address: one wins, the
	// other sees the conflict.
	release = holdBatch(t, db)
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.InTx(ctx, func(q *store.Q) error { return q.CreateAccount(ctx, account("twice@example.org")) })
		}()
	}
	waitQueued(t, db, 2)
	release()
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || cortege.ErrorCode(errors.Join(errs...)) != cortege.ECONFLICT {
		t.Fatalf("two members writing one address: %v", errs)
	}
}

// TestGroupCommitCancelledWaiting: a request cancelled while it waits for
// its batch returns at once and writes nothing.
func TestGroupCommitCancelledWaiting(t *testing.T) {
	db := groupDB(t)
	release := holdBatch(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- db.InTx(ctx, func(q *store.Q) error { return q.CreateAccount(ctx, account("late@example.org")) })
	}()
	waitQueued(t, db, 1)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled while waiting: %v", err)
	}
	release()
	if present(t, db, "late@example.org") {
		t.Fatal("a request cancelled while waiting wrote its row")
	}
}

// TestNoGroupCommit: with NoGroupCommit every transaction commits alone
// (the baseline of cortege bench rsvp).
func TestNoGroupCommit(t *testing.T) {
	if os.Getenv(testkit.EnvDatabaseURL) != "" {
		t.Skip("SQLite's setting")
	}
	ctx := context.Background()
	db, err := store.OpenAndMigrate(ctx, store.Config{URL: t.TempDir() + "/c.db", NoGroupCommit: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.GroupCommit() {
		t.Fatal("NoGroupCommit ignored")
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := db.InTx(ctx, func(q *store.Q) error { return q.CreateAccount(ctx, account(fmt.Sprintf("s%d@example.org", i))) }); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if c, n := db.Commits(); c != n || n != 8 {
		t.Fatalf("%d transactions in %d commits without group commit", n, c)
	}
}

// TestRegistrationStatementsUseTheirIndexes: the statements a
// registration runs in the writer's transaction find their rows by index,
// not by walking the event's participants.
func TestRegistrationStatementsUseTheirIndexes(t *testing.T) {
	db := testkit.OpenDB(t)
	if db.Dialect != store.SQLite {
		t.Skip("SQLite's query plans")
	}
	for _, c := range []struct {
		name, index string
		args        []any
	}{
		{"NextPosition", "COVERING INDEX participations_position (event_id=?)", []any{"e"}},
		{"ParticipationByEmail", "INDEX participations_email (event_id=? AND email_key=?)", []any{"e", "a@example.org"}},
	} {
		plan, err := db.QueryPlan(context.Background(), c.name, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "SEARCH p USING "+c.index) && !strings.Contains(plan, "SEARCH participations USING "+c.index) {
			t.Errorf("%s does not use %s:\n%s", c.name, c.index, plan)
		}
	}
}

// TestGroupCommitAlone: a transaction alone in its batch (it runs
// without a savepoint) keeps its own outcome: its error or panic leaves
// none of its writes and the next transaction commits.
func TestGroupCommitAlone(t *testing.T) {
	db := groupDB(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := db.InTx(ctx, func(q *store.Q) error {
		if err := q.CreateAccount(ctx, account("alone-failed@example.org")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("a failing transaction alone: %v", err)
	}
	func() {
		defer func() {
			if p := recover(); p != "alone panic" {
				t.Errorf("the panic of a transaction alone: %v", p)
			}
		}()
		db.InTx(ctx, func(q *store.Q) error {
			if err := q.CreateAccount(ctx, account("alone-panicked@example.org")); err != nil {
				return err
			}
			panic("alone panic")
		})
	}()
	if err := db.InTx(ctx, func(q *store.Q) error { return q.CreateAccount(ctx, account("alone-good@example.org")) }); err != nil {
		t.Fatal(err)
	}
	for email, want := range map[string]bool{"alone-failed@example.org": false, "alone-panicked@example.org": false, "alone-good@example.org": true} {
		if got := present(t, db, email); got != want {
			t.Errorf("%s present %v, want %v", email, got, want)
		}
	}
}

// TestGroupCommitWritesOutsideTx: a write statement run outside a
// transaction (db.Q()) goes through the committer and shares a commit
// with the others waiting, each with its own outcome.
func TestGroupCommitWritesOutsideTx(t *testing.T) {
	db := groupDB(t)
	ctx := context.Background()
	if err := db.Q().CreateAccount(ctx, account("first@example.org")); err != nil {
		t.Fatal(err)
	}
	release := holdBatch(t, db)
	c0, t0 := db.Commits()
	const n = 20
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			email := fmt.Sprintf("out%d@example.org", i)
			if i == 0 {
				email = "first@example.org" // taken: this one alone fails
			}
			errs[i] = db.Q().CreateAccount(ctx, account(email))
		}()
	}
	waitQueued(t, db, n)
	release()
	wg.Wait()
	for i, err := range errs {
		if i == 0 {
			if cortege.ErrorCode(err) != cortege.ECONFLICT {
				t.Errorf("the duplicate address: %v", err)
			}
		} else if err != nil || !present(t, db, fmt.Sprintf("out%d@example.org", i)) {
			t.Errorf("write %d outside a transaction: %v", i, err)
		}
	}
	c1, t1 := db.Commits()
	if t1-t0 != n { // the holding transaction and the n-1 good writes
		t.Errorf("%d transactions committed, want %d", t1-t0, n)
	}
	if c1-c0 > 1+n/2 {
		t.Errorf("%d writes outside a transaction took %d commits", n, c1-c0)
	}
}

// TestGroupCommitNestedInTx: InTx called again inside fn (a programming
// error: q.InTx is the nested form) cannot join a batch that waits for
// fn; it returns when its context ends, the outer transaction fails with
// that error and writes nothing, and the writes after it go on. q.InTx
// nested runs in fn's transaction.
func TestGroupCommitNestedInTx(t *testing.T) {
	db := groupDB(t)
	ctx := context.Background()
	err := db.InTx(ctx, func(q *store.Q) error {
		if err := q.CreateAccount(ctx, account("outer@example.org")); err != nil {
			return err
		}
		inner, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		return db.InTx(inner, func(q *store.Q) error { return q.CreateAccount(inner, account("inner@example.org")) })
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("nested InTx: %v", err)
	}
	if present(t, db, "outer@example.org") || present(t, db, "inner@example.org") {
		t.Fatal("a transaction that failed on a nested InTx left writes")
	}
	err = db.InTx(ctx, func(q *store.Q) error {
		if err := q.CreateAccount(ctx, account("outer2@example.org")); err != nil {
			return err
		}
		return q.InTx(ctx, func(q *store.Q) error { return q.CreateAccount(ctx, account("inner2@example.org")) })
	})
	if err != nil || !present(t, db, "outer2@example.org") || !present(t, db, "inner2@example.org") {
		t.Fatalf("q.InTx nested: %v", err)
	}
}

// TestPostgresOneCommitPerRequest: on PostgreSQL there is no committer:
// each InTx is a transaction of its own over the pool, committed before
// it answers, and the sessions wait for the commit's flush even when the
// server or the URL says synchronous_commit=off.
func TestPostgresOneCommitPerRequest(t *testing.T) {
	base := os.Getenv(testkit.EnvDatabaseURL)
	if base == "" {
		t.Skip("PostgreSQL's behaviour")
	}
	ctx := context.Background()
	db := testkit.OpenDB(t)
	if db.GroupCommit() {
		t.Fatal("PostgreSQL went through the SQLite committer")
	}
	c0, t0 := db.Commits()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			email := fmt.Sprintf("pg%d@example.org", i)
			if err := db.InTx(ctx, func(q *store.Q) error { return q.CreateAccount(ctx, account(email)) }); err != nil {
				t.Error(err)
			} else if !present(t, db, email) {
				t.Errorf("%s acknowledged, absent", email)
			}
		}()
	}
	wg.Wait()
	if c1, t1 := db.Commits(); c1-c0 != 8 || t1-t0 != 8 {
		t.Fatalf("8 transactions in %d commits (%d counted)", c1-c0, t1-t0)
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	off, err := store.Open(ctx, store.Config{URL: base + sep + "synchronous_commit=off"})
	if err != nil {
		t.Fatal(err)
	}
	defer off.Close()
	d, err := off.Durability(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d, "synchronous_commit=on") {
		t.Fatalf("a session asked for synchronous_commit=off kept it: %s", d)
	}
	t.Log(d)
}

// TestGroupCommitWaitsForAnotherWriter: while another process holds
// SQLite's write lock (a one-shot command beside serve), a batch waits for
// it (busy_timeout) instead of failing, and commits every member after.
func TestGroupCommitWaitsForAnotherWriter(t *testing.T) {
	if os.Getenv(testkit.EnvDatabaseURL) != "" {
		t.Skip("SQLite's lock")
	}
	ctx := context.Background()
	path := t.TempDir() + "/c.db"
	db, err := store.OpenAndMigrate(ctx, store.Config{URL: path})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	const n = 10
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- db.InTx(ctx, func(q *store.Q) error { return q.CreateAccount(ctx, account(fmt.Sprintf("w%d@example.org", i))) })
		}()
	}
	// One batch waits in BEGIN, the others behind it or inside it (when
	// they reached the writer before its BEGIN): none may finish while
	// the other process holds the lock.
	for deadline := time.Now().Add(2 * time.Second); db.WaitingTx() < n-1 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if len(errs) != 0 {
		t.Fatalf("a transaction finished while another process held the write lock: %v", <-errs)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("a transaction behind another process's lock: %v", err)
		}
	}
	for i := range n {
		if !present(t, db, fmt.Sprintf("w%d@example.org", i)) {
			t.Errorf("w%d acknowledged, absent", i)
		}
	}
}
