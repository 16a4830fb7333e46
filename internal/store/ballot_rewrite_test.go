package store_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestRewriteVote: the closing rewrite keeps every line of the sheet,
// every ballot and every code as they were, written again, and Compact
// leaves SQLite's WAL empty (the unlinkability test in internal/service
// checks what the rewrite hides).
func TestRewriteVote(t *testing.T) {
	ctx := context.Background()
	url := testkit.TestDatabaseURL(t)
	path := ""
	if url == "" {
		path = store.SQLitePath(t.TempDir())
		url = path
	}
	db, err := store.OpenAndMigrate(ctx, store.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := db.Q()
	now := time.Now().UTC().Truncate(time.Millisecond)
	c := &cortege.Consultation{ID: cortege.NewID(now), Title: "Vote", Secret: true, State: cortege.ConsultationOpen,
		OpensAt: now, ClosesAt: now.Add(time.Hour), TZ: "Europe/Paris", Audience: cortege.AudienceMembers, Lang: "fr", CreatedAt: now, UpdatedAt: now}
	if err := q.CreateConsultation(ctx, c); err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		if err := q.AddSignOff(ctx, cortege.SignOff{ConsultationID: c.ID, VoterKey: cortege.NewID(now.Add(time.Duration(i) * time.Hour)),
			Channel: cortege.ChannelOnline, Day: "2026-03-14"}); err != nil {
			t.Fatal(err)
		}
		id := cortege.NewID(now)[10:] + "x" // any unique key
		if err := q.AllocateBallot(ctx, c.ID, id, int64(i)); err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(q *store.Q) error {
			return q.FillBallot(ctx, c.ID, store.StoredBallot{ID: id, Answers: `[{"question":"q1","choices":[0]}]`, CodeHash: "h" + id})
		}); err != nil {
			t.Fatal(err)
		}
		if err := q.AddVoteCode(ctx, c.ID, "h"+id, 1, i+1); err != nil {
			t.Fatal(err)
		}
	}
	before := boxRows(t, q, c.ID)
	if err := db.InTx(ctx, func(q *store.Q) error { return q.RewriteVote(ctx, c.ID) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if after := boxRows(t, q, c.ID); !slices.Equal(before, after) {
		t.Fatalf("the box changed:\n%v\n%v", before, after)
	}
	if n, err := q.CountSignOffs(ctx, c.ID); err != nil || n != 30 {
		t.Fatalf("sheet: %d lines, %v", n, err)
	}
	if issued, used, void, err := q.CountVoteCodes(ctx, c.ID); err != nil || issued != 30 || used+void != 0 {
		t.Fatalf("codes: %d issued, %d used, %d void, %v", issued, used, void, err)
	}
	if path != "" {
		if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
			t.Errorf("the WAL holds %d bytes after Compact", fi.Size())
		}
	}
}

// boxRows lists a vote's ballots as strings, in ID order.
func boxRows(t *testing.T, q *store.Q, id string) []string {
	t.Helper()
	var out []string
	if err := q.CastBallots(context.Background(), id, func(b store.StoredBallot) error {
		out = append(out, b.ID+" "+b.Answers+" "+b.CodeHash)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}
