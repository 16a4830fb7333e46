package cli

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// scaleTestNow is a fixed day, so that the instance is the same at every run.
var scaleTestNow = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// TestScaleInstancePagesRender: a generated instance is one the real pages
// serve: every page of the bench answers 200 (home, searches with each
// filter, a group, the directory, the dashboard signed in, events, feeds,
// API lists), on both engines.
func TestScaleInstancePagesRender(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	const n = 400
	st, facts, err := generateScale(ctx, db, scaleOptions{N: n, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if st.Events != n || facts.Events != n {
		t.Fatalf("%d events written, facts say %d; want %d", st.Events, facts.Events, n)
	}
	if facts.EventID == "" || facts.BigEventID == "" || facts.GroupHandle == "" || facts.Commune == "" {
		t.Fatalf("facts incomplete: %+v", facts)
	}
	cfg := config.Defaults()
	cfg.Data, cfg.Workers, cfg.LogLevel = t.TempDir(), 0, "error"
	inst := &benchInstance{engine: string(db.Dialect), n: n, db: db, facts: facts}
	if err := inst.serve(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { inst.srv.Close() })
	client := &http.Client{Timeout: time.Minute}
	for _, p := range inst.pages() {
		if _, err := inst.fetch(ctx, client, p); err != nil {
			t.Errorf("%s: %v", p.name, err)
		}
	}
	// The dashboard is the signed-in person's: it names them.
	req, _ := http.NewRequest("GET", inst.base+"/dashboard", nil)
	req.AddCookie(inst.cookie)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	resp.Body.Close()
	first, last := personName(0)
	if !strings.Contains(body.String(), first+" "+last) {
		t.Errorf("the dashboard does not name %s %s", first, last)
	}
}

// TestScaleInstanceIntegrity: what the service relies on holds in a
// generated instance: events read back valid, participant counts match
// what was written (the big events have theirs), series extend without
// error, and searches by text, place and group find generated events.
func TestScaleInstanceIntegrity(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	const n = 600
	st, facts, err := generateScale(ctx, db, scaleOptions{N: n, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if st.Series == 0 || st.Cancelled == 0 || st.Groups == 0 || st.Memberships <= st.Groups || st.Participations == 0 {
		t.Fatalf("shapes missing: %+v", st)
	}
	q := db.Q()
	counts, err := q.CountParticipations(ctx, facts.BigEventID)
	if err != nil {
		t.Fatal(err)
	}
	big := 0
	for _, c := range counts {
		big += c
	}
	if big < min(scaleBigSize, n/2)*9/10 {
		t.Errorf("the big event has %d participants, want about %d", big, min(scaleBigSize, n/2))
	}
	cfg := config.Defaults()
	cfg.Data = t.TempDir()
	svc, err := newService(db, cfg, cfg.Logger(&bytes.Buffer{}), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.ExtendSeries(ctx); err != nil {
		t.Errorf("extend series: %v", err)
	}
	grp, err := q.GroupByHandle(ctx, facts.GroupHandle)
	if err != nil {
		t.Fatal(err)
	}
	anyone := cortege.Actor{IP: "192.0.2.1"}
	for _, eq := range []service.EventQuery{{}, {Text: facts.CommonWord}, {GroupID: grp.ID}} {
		page, err := svc.SearchEvents(ctx, anyone, eq)
		if err != nil {
			t.Fatalf("search %+v: %v", eq, err)
		}
		if len(page.Items) == 0 {
			t.Errorf("search %+v found nothing", eq)
		}
		for _, it := range page.Items {
			e, err := q.EventByID(ctx, it.Event.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Validate(); err != nil {
				t.Errorf("event %s is invalid: %v", e.ID, err)
			}
			if e.Visibility != cortege.VisibilityPublic || !e.Published || !e.Confirmed {
				t.Errorf("search listed %s (%s, published %v, confirmed %v)", e.ID, e.Visibility, e.Published, e.Confirmed)
			}
		}
	}
}

// TestScaleDeterministic: the same seed on the same day makes the same
// instance (same IDs, same facts); another seed another one.
func TestScaleDeterministic(t *testing.T) {
	ctx := context.Background()
	make := func(seed uint64) scaleFacts {
		_, f, err := generateScale(ctx, testkit.OpenDB(t), scaleOptions{N: 150, Seed: seed, Now: scaleTestNow})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	a, b, c := make(5), make(5), make(6)
	if a != b {
		t.Errorf("seed 5 made two instances:\n%+v\n%+v", a, b)
	}
	if a.EventID == c.EventID {
		t.Errorf("seeds 5 and 6 made the same event %s", a.EventID)
	}
}
