package reliability

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/mail/mailtest"
)

// settings of one run of the harness.
type settings struct {
	cycles   int
	workers  int           // goroutines writing
	minLoad  time.Duration // the node lives this long at least after answering,
	maxLoad  time.Duration // and at most this long, before kill -9
	env      []string      // extra environment of the node
	checkAll bool          // integrity_check after every kill (else every 10)
}

// envInt reads a positive integer setting from the environment.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// skipUnlessSQLite keeps the harness to the SQLite pass: it kills the one
// process that owns a SQLite file; PostgreSQL's durability is its own.
func skipUnlessSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("the kill -9 harness is not short")
	}
	if os.Getenv("CORTEGE_TEST_DATABASE_URL") != "" {
		t.Skip("the kill -9 harness runs in the SQLite pass")
	}
}

// TestKillNine is the kill -9 harness: the real binary, a write load of
// registrations (anonymous and signed in), comments and invitations over
// HTTP, kill -9 at random moments, restart, and then every acknowledged
// write must be in the database once, integrity_check clean, restarts
// under 5 s, mail at least once and twice only for a message in flight at
// a kill. CORTEGE_RELIABILITY_CYCLES sets the cycles (default 50; `make
// reliability` runs 200).
func TestKillNine(t *testing.T) {
	skipUnlessSQLite(t)
	bin := buildCortege(t, t.TempDir())
	f := runHarness(t, bin, settings{
		cycles: envInt("CORTEGE_RELIABILITY_CYCLES", 50), workers: 4,
		minLoad: 50 * time.Millisecond, maxLoad: 600 * time.Millisecond,
	})
	report(t, f, "")
	if n := f.total(f.Acked); n < 10*f.Cycles {
		t.Errorf("only %d writes acknowledged over %d cycles: the load is too thin to prove anything", n, f.Cycles)
	}
	for _, k := range kinds {
		if f.Acked[k] == 0 {
			t.Errorf("no %s acknowledged", k)
		}
	}
	if n := f.total(f.Lost); n != 0 {
		t.Errorf("%d acknowledged writes lost", n)
	}
	if f.SharedTx == 0 {
		t.Errorf("no write transaction shared a commit: the harness did not exercise group commit")
	}
	if n := f.total(f.Duplicated); n != 0 {
		t.Errorf("%d rows duplicated", n)
	}
	if f.Integrity != "ok" {
		t.Errorf("integrity_check: %s", f.Integrity)
	}
	if f.LogError != "" || f.LogEntries == 0 {
		t.Errorf("the petition's log after the kills (%d entries): %s", f.LogEntries, f.LogError)
	}
	if f.CopiesWithoutKill != 0 || f.LogicalDuplicates != 0 {
		t.Errorf("mail duplicated beyond what was in flight at a kill: %d copies without a kill between, %d logical duplicates", f.CopiesWithoutKill, f.LogicalDuplicates)
	}
	if f.MailCopies > f.Cycles*2 { // two workers: at most two messages in flight a kill
		t.Errorf("%d duplicate copies over %d kills, more than the two workers had in flight", f.MailCopies, f.Cycles)
	}
	if f.MailsMissing != 0 {
		t.Errorf("%d acknowledged writes never got their mail", f.MailsMissing)
	}
	if d := f.maxRestart(); d > 5*time.Second {
		t.Errorf("a restart took %s to answer /healthz, over 5 s", d)
	}
	if len(f.ServerErrors) > 0 {
		t.Errorf("server errors: %v", f.ServerErrors)
	}
}

// TestKillNineNegativeControl proves the harness sees loss: a test build
// of cortege (-tags cortege_unsafe) with CORTEGE_UNSAFE_LATE_COMMIT
// answers each write 400 ms before committing it, as a server that lies
// about durability would; killed at random, it must be caught losing
// acknowledged writes. (synchronous=OFF could not be caught this way:
// kill -9 leaves the operating system's page cache, which only power
// loss empties; docs/reliability.md.)
func TestKillNineNegativeControl(t *testing.T) {
	skipUnlessSQLite(t)
	bin := buildCortege(t, t.TempDir(), "cortege_unsafe")
	f := runHarness(t, bin, settings{
		cycles: envInt("CORTEGE_RELIABILITY_CONTROL_CYCLES", 10), workers: 4,
		minLoad: 300 * time.Millisecond, maxLoad: 900 * time.Millisecond,
		env: []string{"CORTEGE_UNSAFE_LATE_COMMIT=400ms"},
	})
	report(t, f, "negative control (acknowledged 400 ms before commit): ")
	if f.total(f.Lost) == 0 {
		t.Fatalf("the harness did not catch a server that acknowledges before committing: %d writes acknowledged, none lost", f.total(f.Acked))
	}
}

// report logs the figures and appends them to CORTEGE_RELIABILITY_FIGURES
// when set (scripts print that file, as go test shows nothing of a
// passing package).
func report(t *testing.T, f *figures, prefix string) {
	s := prefix + f.String()
	t.Log("\n" + s)
	if p := os.Getenv("CORTEGE_RELIABILITY_FIGURES"); p != "" {
		if fh, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintf(fh, "%s (%s)\n%s\n", t.Name(), time.Now().UTC().Format("2006-01-02 15:04 MST"), s)
			fh.Close()
		}
	}
}

// runHarness sets a node up, then kills and restarts it cfg.cycles times
// under load, and checks what survived.
func runHarness(t *testing.T, bin string, cfg settings) *figures {
	began := time.Now()
	smtp := mailtest.NewServer(t)
	n := newNode(t, bin, smtp.URL())
	l := setUp(t, n, smtp, 1+cfg.cycles/25, 10+cfg.cycles/4, 10)
	// The people and events are made by a sound node; the cycles run
	// with the settings under test.
	if len(cfg.env) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := n.stop(ctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		n.env = cfg.env
		if _, err := n.start(); err != nil {
			t.Fatal(err)
		}
	}
	f := &figures{Cycles: cfg.cycles, Workers: cfg.workers}
	var marks []int
	dbPath := filepath.Join(n.data, "cortege.db")
	for cycle := 1; cycle <= cfg.cycles; cycle++ {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range cfg.workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if err := l.step(); err != nil {
						return // the node is gone
					}
				}
			}()
		}
		time.Sleep(cfg.minLoad + rand.N(cfg.maxLoad-cfg.minLoad))
		// What group commit did in this life of the node (the counters
		// die with it): read just before the kill, so a lower bound.
		if shared, alone, commits, err := n.commitCounts(); err == nil {
			f.SharedTx, f.AloneTx, f.Commits = f.SharedTx+shared, f.AloneTx+alone, f.Commits+commits
		}
		n.kill()
		close(stop)
		wg.Wait()
		time.Sleep(100 * time.Millisecond) // the SMTP server finishes what it had received
		marks = append(marks, len(smtp.Messages()))
		if cfg.checkAll || cycle%10 == 0 || cycle == cfg.cycles {
			res, err := integrity(dbPath)
			if err != nil {
				t.Fatalf("integrity_check after kill %d: %v", cycle, err)
			}
			f.IntegrityChecks++
			if f.Integrity = res; res != "ok" {
				t.Errorf("integrity_check after kill %d: %s", cycle, res)
			}
		}
		d, err := n.start()
		if err != nil {
			t.Fatalf("restart after kill %d: %v", cycle, err)
		}
		f.Restarts = append(f.Restarts, d)
	}
	// The last start lives: the mails of acknowledged writes must all come
	// (of those that are there: the others are counted lost).
	present, err := rowCounts(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	expected := map[string]bool{}
	for _, w := range l.acked {
		if present[w.kind][w.key] == 0 {
			continue
		}
		switch w.kind {
		case kindInvite:
			expected[w.key] = true
		case kindAnon:
			expected[w.key[strings.IndexByte(w.key, ' ')+1:]] = true
		case kindSign:
			expected[w.key] = true
		}
	}
	waitForMail(smtp, expected, 30*time.Second)
	confirmed, err := confirmedSignatures(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	checkPetitionLog(t, f, n, l.petition.id, confirmed)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := n.stop(ctx); err != nil {
		t.Error(err)
	}
	counts, err := rowCounts(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := integrity(dbPath); err != nil || res != "ok" {
		t.Errorf("integrity_check at the end: %q, %v", res, err)
		f.Integrity = res
	}
	f.IntegrityChecks++
	checkRows(f, l, counts)
	checkMails(f, smtp.Messages(), marks, expected)
	if f.MailsMissing > 0 {
		f.Unfinished, _ = unfinishedJobs(dbPath)
	}
	f.Refused, f.ServerErrors, f.Elapsed = l.refused, l.errs, time.Since(began)
	return f
}

// waitForMail waits until every expected address has a message, as long
// as mail keeps coming (the queue a long run leaves takes its time): it
// gives up after quiet without a new message, or after ten minutes.
func waitForMail(smtp *mailtest.Server, expected map[string]bool, quiet time.Duration) {
	deadline, seen, last := time.Now().Add(10*time.Minute), -1, time.Now()
	for time.Now().Before(deadline) && time.Since(last) < quiet {
		msgs := smtp.Messages()
		if len(msgs) != seen {
			seen, last = len(msgs), time.Now()
		}
		got := map[string]bool{}
		for _, m := range msgs {
			for _, to := range m.To {
				got[strings.ToLower(to)] = true
			}
		}
		missing := 0
		for to := range expected {
			if !got[to] {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// setUp starts the node the first time and makes its people: admins
// (each with a group to invite into), users signed in by mailed link,
// and events (by the first admin) open to registration.
func setUp(t *testing.T, n *node, smtp *mailtest.Server, admins, users, events int) *load {
	t.Helper()
	l := &load{base: n.url, anon: newClient(""), refused: map[int]int{}, pairs: map[string]bool{}, smtp: smtp}
	var tokens []string
	for i := range admins {
		out, err := n.run("admin", "create", "--email", fmt.Sprintf("admin%d@example.org", i))
		m := tokenRE.FindStringSubmatch(out)
		if err != nil || m == nil {
			t.Fatalf("admin create: %v\n%s", err, out)
		}
		tokens = append(tokens, m[1])
	}
	if _, err := n.start(); err != nil {
		t.Fatal(err)
	}
	for i, tok := range tokens {
		a := newClient(fmt.Sprintf("admin%d@example.org", i))
		if err := l.confirm(a, tok); err != nil {
			t.Fatal(err)
		}
		a.group = fmt.Sprintf("fiabilite%d", i)
		status, _, body, err := a.post(n.url, "/groups", url.Values{"handle": {a.group}, "name": {"Fiabilité " + strconv.Itoa(i)},
			"visibility": {"public"}, "join_mode": {"open"}, "kind": {"local"}}, "")
		if err != nil || status != 303 {
			t.Fatalf("create group: %d %v\n%.2000s", status, err, body)
		}
		l.admins = append(l.admins, a)
	}
	// The harness invites more addresses in minutes than the instance's
	// default hourly ceiling on mail to strangers lets go (the rest would
	// wait for the next hour): an administrator raises it.
	if status, _, body, err := l.admins[0].post(n.url, "/admin/invitations", url.Values{"ceiling": {"100000"}}, ""); err != nil || status != 303 {
		t.Fatalf("raise the hourly ceiling: %d %v\n%.2000s", status, err, body)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	for i := range events {
		status, where, body, err := l.admins[0].post(n.url, "/events", url.Values{"title": {fmt.Sprintf("Marche n°%d", i)},
			"start": {time.Now().Add(72 * time.Hour).In(loc).Format("2006-01-02T15:04")}, "tz": {"Europe/Paris"}, "publish": {"1"}}, "")
		id := strings.TrimPrefix(strings.Split(where, "?")[0], "/events/")
		if err != nil || status != 303 || id == "" || strings.Contains(id, "/") {
			t.Fatalf("create event: %d %q %v\n%.2000s", status, where, err, body)
		}
		l.events = append(l.events, id)
	}
	setUpPetition(t, n, l)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := range users {
		u := newClient(fmt.Sprintf("user%d@example.org", i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := signIn(l, u, smtp); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			l.users = append(l.users, u)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return l
}

// signIn asks for a sign-in link, reads it from the mail and follows it.
func signIn(l *load, u *client, smtp *mailtest.Server) error {
	if status, _, _, err := u.post(l.base, "/login", url.Values{"email": {u.email}}, ""); err != nil || status != 200 {
		return fmt.Errorf("ask a link for %s: %d %v", u.email, status, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range smtp.Messages() {
			if len(m.To) == 1 && m.To[0] == u.email {
				if tok := tokenRE.FindStringSubmatch(m.Text); tok != nil {
					return l.confirm(u, tok[1])
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("no sign-in link mailed to %s", u.email)
}
