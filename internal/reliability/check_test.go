package reliability

import (
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver cortege itself uses

	"codeberg.org/cortege/cortege/internal/mail/mailtest"
)

// openRO opens a SQLite file read-only: a read-only connection neither
// recovers nor checkpoints the WAL, so the check leaves the file exactly
// as the killed process did for the next start.
func openRO(path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
}

// integrity runs PRAGMA integrity_check and returns its answer ("ok").
func integrity(path string) (string, error) {
	db, err := openRO(path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var res []string
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		res = append(res, s)
	}
	return strings.Join(res, "; "), rows.Err()
}

// rowQueries count, for each kind of write, the rows under the key the
// journal knows them by.
var rowQueries = map[string]string{
	kindAnon: `SELECT event_id || ' ' || email_key, COUNT(*) FROM participations
		WHERE profile_id IS NULL GROUP BY event_id, email_key`,
	kindJoin: `SELECT p.event_id || ' ' || a.email_key, COUNT(*) FROM participations p
		JOIN profiles pr ON pr.id = p.profile_id JOIN accounts a ON a.id = pr.account_id
		GROUP BY p.event_id, a.email_key`,
	kindComment: `SELECT body, COUNT(*) FROM event_comments GROUP BY body`,
	kindInvite:  `SELECT email_key, COUNT(*) FROM group_invitations GROUP BY email_key`,
	kindSign:    `SELECT email_key, COUNT(*) FROM signatures GROUP BY email_key`,
	kindConfirm: `SELECT email_key, COUNT(*) FROM signatures WHERE status = 'confirmed' AND log_n >= 0 GROUP BY email_key`,
}

// confirmedSignatures counts the signatures counted online.
func confirmedSignatures(path string) (int, error) {
	db, err := openRO(path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT COUNT(*) FROM signatures WHERE status = 'confirmed' AND source <> 'paper'`).Scan(&n)
	return n, err
}

// rowCounts reads every kind's counts from the database file.
func rowCounts(path string) (map[string]map[string]int, error) {
	db, err := openRO(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	out := map[string]map[string]int{}
	for kind, q := range rowQueries {
		rows, err := db.Query(q)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		m := map[string]int{}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return nil, err
			}
			m[k] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		out[kind] = m
	}
	return out, nil
}

// figures are what one run of the harness measured.
type figures struct {
	Cycles, Workers   int
	Acked, Tried      map[string]int
	Lost, Duplicated  map[string]int
	LostExamples      []string
	Integrity         string
	IntegrityChecks   int
	Mails, MailCopies int // messages received; copies of a Message-ID beyond the first
	CopiesWithoutKill int // copies with no kill between them and the one before: must be 0
	LogicalDuplicates int // one invitation or registration mailed under two Message-IDs
	MailsMissing      int // acknowledged writes whose mail never came
	// Write transactions committed in a shared commit (group commit) or
	// alone, and the commits, read from /metrics before each kill.
	SharedTx, AloneTx, Commits int
	Restarts                   []time.Duration
	Refused                    map[int]int
	ServerErrors               []string
	Elapsed                    time.Duration
	Unfinished                 []string // jobs not done at the end, when mail is missing
	// The petition's published log at the end: its entries and count, and
	// what is wrong with it ("" when it verifies and counts the database's
	// confirmed signatures).
	LogEntries, LogCount int64
	LogError             string
}

func (f *figures) total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func (f *figures) maxRestart() time.Duration {
	var m time.Duration
	for _, d := range f.Restarts {
		m = max(m, d)
	}
	return m
}

func (f *figures) meanRestart() time.Duration {
	if len(f.Restarts) == 0 {
		return 0
	}
	var s time.Duration
	for _, d := range f.Restarts {
		s += d
	}
	return s / time.Duration(len(f.Restarts))
}

// String prints the figures as the harness reports them.
func (f *figures) String() string {
	var b strings.Builder
	per := func(m map[string]int) string {
		var parts []string
		for _, k := range kinds {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
		return strings.Join(parts, ", ")
	}
	fmt.Fprintf(&b, "kill -9 harness: %d cycles in %s, %d load goroutines, SQLite, mail over SMTP\n", f.Cycles, f.Elapsed.Round(time.Second), f.Workers)
	fmt.Fprintf(&b, "  writes acknowledged: %d (%s)\n", f.total(f.Acked), per(f.Acked))
	fmt.Fprintf(&b, "  writes sent but unanswered (killed in flight): %d\n", f.total(f.Tried))
	fmt.Fprintf(&b, "  group commit: %d write transactions in %d commits, %d of them sharing their commit with others (read before each kill)\n",
		f.SharedTx+f.AloneTx, f.Commits, f.SharedTx)
	fmt.Fprintf(&b, "  acknowledged writes lost: %d; duplicated rows: %d; integrity_check: %s (%d checks)\n",
		f.total(f.Lost), f.total(f.Duplicated), f.Integrity, f.IntegrityChecks)
	fmt.Fprintf(&b, "  mails: %d received, %d duplicate copies (same Message-ID, each after a kill: %d without one), %d logical duplicates, %d missing\n",
		f.Mails, f.MailCopies, f.CopiesWithoutKill, f.LogicalDuplicates, f.MailsMissing)
	logState := "verifies"
	if f.LogError != "" {
		logState = "FAILS: " + f.LogError
	}
	fmt.Fprintf(&b, "  petition log at the end: %d entries, count %d, chain and signed heads %s\n", f.LogEntries, f.LogCount, logState)
	fmt.Fprintf(&b, "  restart to /healthz 200: max %s, mean %s over %d restarts\n",
		f.maxRestart().Round(time.Millisecond), f.meanRestart().Round(time.Millisecond), len(f.Restarts))
	if len(f.Refused) > 0 {
		var codes []string
		for c, n := range f.Refused {
			codes = append(codes, fmt.Sprintf("%d×%d", n, c))
		}
		sort.Strings(codes)
		fmt.Fprintf(&b, "  other answers (limits, refusals): %s\n", strings.Join(codes, ", "))
	}
	for _, j := range f.Unfinished {
		fmt.Fprintf(&b, "  unfinished job: %s\n", j)
	}
	for _, e := range f.LostExamples {
		fmt.Fprintf(&b, "  lost: %s\n", e)
	}
	return b.String()
}

// checkRows compares the journal with the database.
func checkRows(f *figures, l *load, counts map[string]map[string]int) {
	f.Acked, f.Tried, f.Lost, f.Duplicated = map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, w := range l.acked {
		f.Acked[w.kind]++
		switch n := counts[w.kind][w.key]; {
		case n == 0:
			f.Lost[w.kind]++
			if len(f.LostExamples) < 5 {
				f.LostExamples = append(f.LostExamples, w.kind+": "+w.key)
			}
		case n > 1:
			f.Duplicated[w.kind]++
		}
	}
	for _, w := range l.tried {
		f.Tried[w.kind]++
		if counts[w.kind][w.key] > 1 {
			f.Duplicated[w.kind]++
		}
	}
}

// checkMails counts the messages the SMTP server received: copies of a
// Message-ID (a resend after a crash) must each follow a kill (marks[i]
// is how many messages had arrived when kill i happened); an invitation
// or a registration must come under one Message-ID (no second logical
// mail) and must come (at least once).
func checkMails(f *figures, msgs []*mailtest.Received, marks []int, expected map[string]bool) {
	f.Mails = len(msgs)
	byID := map[string][]int{}
	idsTo := map[string]map[string]bool{}
	for i, m := range msgs {
		id := m.Header.Get("Message-Id")
		byID[id] = append(byID[id], i)
		for _, to := range m.To {
			to = strings.ToLower(to)
			if expected[to] || strings.HasPrefix(to, "anon") || strings.HasPrefix(to, "inv") {
				if idsTo[to] == nil {
					idsTo[to] = map[string]bool{}
				}
				idsTo[to][id] = true
			}
		}
	}
	for _, idx := range byID {
		for k := 1; k < len(idx); k++ {
			f.MailCopies++
			if !killBetween(marks, idx[k-1], idx[k]) {
				f.CopiesWithoutKill++
			}
		}
	}
	for _, ids := range idsTo {
		f.LogicalDuplicates += len(ids) - 1
	}
	for to := range expected {
		if len(idsTo[to]) == 0 {
			f.MailsMissing++
		}
	}
}

// killBetween reports whether a kill happened after message a arrived and
// before message b did.
func killBetween(marks []int, a, b int) bool {
	for _, m := range marks {
		if a < m && m <= b {
			return true
		}
	}
	return false
}

// unfinishedJobs describes the jobs not done, by kind, state and last
// error: what to look at when mail is missing.
func unfinishedJobs(path string) ([]string, error) {
	db, err := openRO(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT kind, state, attempts, last_error, COUNT(*) FROM jobs
		WHERE state <> 'done' AND kind NOT LIKE 'event.reminders%' GROUP BY kind, state, attempts, last_error ORDER BY COUNT(*) DESC LIMIT 20`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, state, last string
		var attempts, n int
		if err := rows.Scan(&kind, &state, &attempts, &last, &n); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintf("%d× %s %s after %d attempts: %.200s", n, kind, state, attempts, last))
	}
	return out, rows.Err()
}
