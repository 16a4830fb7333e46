package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
)

// TestDemoVotes runs the demo and checks its votes: the cooperative's
// election is closed and published with a few hundred blind-token
// ballots, and `cortege tally verify` recounts its board; the tenants'
// vote by codes is open.
func TestDemoVotes(t *testing.T) {
	ctx := context.Background()
	args := dbArgs(t)
	data := args[1]
	target := store.SQLitePath(data)
	if len(args) > 2 {
		target = args[3]
	}
	db, err := store.OpenAndMigrate(ctx, store.Config{URL: target})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The demo's links (and its boards' origin) use the URL a server
	// announced, as in TestDemo.
	if err := service.New(db, service.Config{BaseURL: "https://demo.example"}).RecordBaseURL(ctx); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, nil, append([]string{"demo"}, args...)...); code != 0 || strings.Contains(errs, "warning") {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errs)
	} else if !strings.Contains(out, "Votes:") || !strings.Contains(out, "/board.json") {
		t.Fatalf("the summary lists no vote:\n%s", out)
	}
	key, err := ledger.LoadOrCreateKey(data, "demo.example") // the demo's, which signed the board's heads
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(db, service.Config{BaseURL: "https://demo.example", UploadsDir: filepath.Join(data, "uploads"), LedgerKey: &key})
	anyone := cortege.Anonymous
	// find returns a group's only vote (secret) or consultation.
	find := func(handle string, secret bool) *cortege.Consultation {
		t.Helper()
		g, err := svc.GroupByHandle(ctx, anyone, handle)
		if err != nil {
			t.Fatalf("group %s: %v", handle, err)
		}
		cs, err := svc.Consultations(ctx, anyone, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		var found []*cortege.Consultation
		for _, c := range cs {
			if c.Secret == secret {
				found = append(found, c)
			}
		}
		if len(found) != 1 {
			t.Fatalf("%s's consultations secret=%v: %d", handle, secret, len(found))
		}
		return found[0]
	}
	coop := find("energie_citoyenne", true)
	if coop.State != cortege.ConsultationPublished || coop.Audience != cortege.AudienceMembers {
		t.Fatalf("the election: %s, %s", coop.State, coop.Audience)
	}
	var board bytes.Buffer
	if err := svc.WriteBoard(ctx, anyone, coop.ID, &board); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "board.json")
	if err := os.WriteFile(file, board.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, nil, "tally", "verify", file)
	if code != 0 {
		t.Fatalf("tally verify: exit %d\n%s\n%s", code, out, errs)
	}
	n, err := svc.VoteCountsOf(ctx, anyone, coop.ID)
	if err != nil || n.Ballots < 150 || n.Ballots > n.SignOffs {
		t.Fatalf("the election's counts: %+v, %v", n, err)
	}
	if !strings.Contains(out, "Liste « Soleil commun »") {
		t.Errorf("tally verify does not print the results:\n%s", out)
	}
	// The cooperative's consultation with linked answers is open, with
	// ideas submitted and supported.
	ask := find("energie_citoyenne", false)
	if ask.State != cortege.ConsultationOpen {
		t.Fatalf("the consultation: %s", ask.State)
	}
	v, err := svc.Consultation(ctx, anyone, ask.ID)
	if err != nil || len(v.Questions) != 5 {
		t.Fatalf("the consultation's questions: %v", err)
	}
	ideas, err := svc.Ideas(ctx, anyone, ask.ID, "q5")
	if err != nil || len(ideas) == 0 {
		t.Fatalf("the consultation's ideas: %d, %v", len(ideas), err)
	}
	tenants := find("locataires_paris11", true)
	if tenants.State != cortege.ConsultationOpen || tenants.Audience != cortege.AudienceCodes {
		t.Fatalf("the tenants' vote: %s, %s", tenants.State, tenants.Audience)
	}
	if n, err := svc.VoteCountsOf(ctx, anyone, tenants.ID); err != nil || n.Ballots != 40 {
		t.Fatalf("the tenants' counts: %+v, %v", n, err)
	}
}
