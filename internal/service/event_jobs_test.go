package service_test

import (
	"context"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestReminderOnceWithTwoNodesAndARestart runs two "servers" (two database
// pools, two services, two job runners) on one database: both scan for due
// reminders at once, a worker dies holding a reminder job, the survivors
// drain the queue, its lease runs out and the job is taken over. Each
// participant still gets exactly one reminder, and later scans add none.
func TestReminderOnceWithTwoNodesAndARestart(t *testing.T) {
	ctx := context.Background()
	u := testkit.TestDatabaseURL(t)
	if u == "" {
		u = store.SQLitePath(t.TempDir())
	}
	open := func() *store.DB {
		db, err := store.OpenAndMigrate(ctx, store.Config{URL: u, MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	e := newEnv(t) // mail server, clock, and a first service for the setup
	db1, db2 := open(), open()
	r, err := mail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	transport, err := mail.NewSMTP(e.smtp.URL())
	if err != nil {
		t.Fatal(err)
	}
	type node struct {
		svc    *service.Service
		runner *jobs.Runner
		db     *store.DB
	}
	var nodes []node
	for _, db := range []*store.DB{db1, db2} {
		db.SetClock(e.clock)
		svc := service.New(db, service.Config{BaseURL: "https://cortege.example", UploadsDir: t.TempDir(), Now: e.clock})
		runner := jobs.NewRunner(db, jobs.Config{Now: e.clock, Workers: 3})
		svc.RegisterJobs(runner, service.Mailer{Transport: transport, Renderer: r})
		nodes = append(nodes, node{svc, runner, db})
	}
	e.db, e.svc, e.runner = db1, nodes[0].svc, nodes[0].runner

	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Réunion publique")
	in.Start = e.clock().Add(30 * time.Hour).Truncate(time.Minute)
	in.End = in.Start.Add(2 * time.Hour)
	ev := mustCreate(t, e, org, in)
	people := []string{"p1@example.org", "p2@example.org", "p3@example.org"}
	for _, addr := range people {
		mustJoin(t, e, signIn(t, e, addr), ev.ID)
	}
	e.drain(t)
	e.advance(7 * time.Hour) // 23 hours before the start

	race := func(f func(n node) error) {
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for _, n := range nodes {
			for range 2 {
				wg.Add(1)
				go func() { defer wg.Done(); errs <- f(n) }()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	race(func(n node) error { return n.svc.ScanReminders(ctx) })
	// A worker of node 1 claims a reminder, then its server is killed.
	if _, err := db1.Q().ClaimJob(ctx, "killed-worker", time.Minute); err != nil {
		t.Fatalf("no job to claim: %v", err)
	}
	race(func(n node) error { return n.runner.Drain(ctx) })
	e.advance(2 * time.Minute) // the dead worker's lease runs out
	race(func(n node) error { return n.svc.ScanReminders(ctx) })
	race(func(n node) error { return n.runner.Drain(ctx) })
	e.advance(time.Hour)
	race(func(n node) error { return n.svc.ScanReminders(ctx) })
	race(func(n node) error { return n.runner.Drain(ctx) })

	for _, addr := range people {
		got := eventMailsTo(e, addr, "Rappel")
		if len(got) != 1 {
			t.Errorf("%s got %d reminders, want exactly 1", addr, len(got))
		}
		if len(got) == 1 && !strings.Contains(got[0].Text, "Place Bellecour") {
			t.Errorf("reminder without the place:\n%s", got[0].Text)
		}
	}
	if n := len(eventMailsTo(e, "org@example.org", "Rappel")); n != 0 {
		t.Errorf("organiser got %d reminders", n)
	}
	// Moving the event to a later day sends a new reminder for the new date.
	in.Start, in.End = in.Start.Add(48*time.Hour), in.End.Add(48*time.Hour)
	if _, err := nodes[1].svc.UpdateEvent(ctx, org, service.ByID(ev.ID), in, service.ScopeThis); err != nil {
		t.Fatal(err)
	}
	e.advance(48 * time.Hour)
	race(func(n node) error { return n.svc.ScanReminders(ctx) })
	race(func(n node) error { return n.runner.Drain(ctx) })
	if n := len(eventMailsTo(e, "p1@example.org", "Rappel")); n != 2 {
		t.Errorf("after the move, p1 has %d reminders, want 2", n)
	}
}

// TestSeriesThirdFriday creates "every third Friday at 19:00" in Paris in
// January 2026: the generated occurrences fall on the right Fridays at
// 19:00 local on both sides of the March change (and in the .ics);
// cancelling one leaves the others; editing "this and following" moves the
// later ones only.
func TestSeriesThirdFriday(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	paris, _ := time.LoadLocation("Europe/Paris")
	e.now = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Permanence du quartier")
	in.Start = time.Date(2026, 1, 16, 19, 0, 0, 0, paris)
	in.End = in.Start.Add(2 * time.Hour)
	in.Repeat = &service.RepeatInput{Freq: cortege.FreqMonthlyWeekday}
	first := mustCreate(t, e, org, in)
	e.advance(46 * 24 * time.Hour) // 20 February: the horizon now reaches May
	if err := e.svc.ExtendSeries(ctx); err != nil {
		t.Fatal(err)
	}
	occ, err := e.svc.SeriesOccurrences(ctx, cortege.Anonymous, service.ByID(first.ID))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-01-16 19:00 +0100", "2026-02-20 19:00 +0100", "2026-03-20 19:00 +0100", "2026-04-17 19:00 +0200", "2026-05-15 19:00 +0200"}
	if len(occ) != len(want) {
		t.Fatalf("%d occurrences, want %d", len(occ), len(want))
	}
	for i, o := range occ {
		if got := o.Start.In(paris).Format("2006-01-02 15:04 -0700"); got != want[i] || o.Occurrence != i {
			t.Errorf("occurrence %d = %s (index %d), want %s", i, got, o.Occurrence, want[i])
		}
	}
	ics, err := e.svc.EventICS(ctx, cortege.Anonymous, service.ByID(occ[3].ID))
	if err != nil || !strings.Contains(string(ics), "DTSTART;TZID=Europe/Paris:20260417T190000") || !strings.Contains(string(ics), "TZOFFSETTO:+0200") {
		t.Fatalf("April .ics:\n%s", ics)
	}
	// Cancelling March leaves the others.
	if _, err := e.svc.CancelEvent(ctx, org, service.ByID(occ[2].ID), service.ScopeThis, ""); err != nil {
		t.Fatal(err)
	}
	// From April on, the meeting moves to 18:30.
	upd := in
	upd.Repeat = nil
	upd.Start = time.Date(2026, 4, 17, 18, 30, 0, 0, paris)
	upd.End = upd.Start.Add(2 * time.Hour)
	if _, err := e.svc.UpdateEvent(ctx, org, service.ByID(occ[3].ID), upd, service.ScopeFollowing); err != nil {
		t.Fatal(err)
	}
	occ, _ = e.svc.SeriesOccurrences(ctx, cortege.Anonymous, service.ByID(first.ID))
	for i, o := range occ {
		cancelled := i == 2
		if o.Cancelled() != cancelled {
			t.Errorf("occurrence %d cancelled = %v", i, o.Cancelled())
		}
		clock := "19:00"
		if i >= 3 {
			clock = "18:30"
		}
		if got := o.Start.In(paris).Format("15:04"); got != clock {
			t.Errorf("occurrence %d at %s, want %s", i, got, clock)
		}
	}
	// The group page shows the next occurrence once, not every copy.
	g := newGroup(t, e, org, "quartier", cortege.VisibilityPublic, cortege.JoinOpen)
	in2 := eventInput(e, "Réunion mensuelle")
	in2.GroupID = g.ID
	in2.Repeat = &service.RepeatInput{Freq: cortege.FreqWeekly}
	mustCreate(t, e, org, in2)
	ge, err := e.svc.GroupEvents(ctx, cortege.Anonymous, g.ID, 0, 1)
	if err != nil || len(ge.Upcoming) != 1 || ge.Upcoming[0].More < 5 {
		t.Fatalf("group upcoming = %+v, %v", ge, err)
	}
}

func TestEventSearch(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	mk := func(title string, edit func(*service.EventInput)) *cortege.Event {
		in := eventInput(e, title)
		edit(&in)
		return mustCreate(t, e, org, in)
	}
	paris := mk("Défilé du 1er Mai", func(in *service.EventInput) {
		in.Category, in.HasCoords, in.Lat, in.Lon, in.PlaceArea = "demonstration", true, 48.8566, 2.3522, "Paris"
	})
	mk("Atelier en ligne", func(in *service.EventInput) { in.Place, in.PlaceArea, in.OnlineURL = "", "", "https://visio.example/a" })
	mk("Défilé secret", func(in *service.EventInput) { in.Visibility = cortege.VisibilityUnlisted })
	mk("Défilé brouillon", func(in *service.EventInput) { in.Publish = false })
	lyon := mk("Réunion à Lyon", func(in *service.EventInput) {
		in.HasCoords, in.Lat, in.Lon, in.HidePlace, in.Place = true, 45.7640, 4.8357, true, "Chez Marie"
	})
	past := mk("Défilé passé", func(in *service.EventInput) {})
	e.advance(72 * time.Hour) // "Défilé passé" is over…
	later := mk("Défilé à venir", func(in *service.EventInput) {})
	_ = past
	for _, c := range []struct {
		name string
		q    service.EventQuery
		want []string
	}{
		{"accent-insensitive text", service.EventQuery{Text: "DEFILE", From: e.clock().Add(-100 * time.Hour)}, []string{"Défilé du 1er Mai", "Défilé passé", "Défilé à venir"}},
		{"past events drop out by default", service.EventQuery{Text: "défilé"}, []string{"Défilé à venir"}},
		{"several words", service.EventQuery{Text: "defile mai", From: e.clock().Add(-100 * time.Hour)}, []string{"Défilé du 1er Mai"}},
		{"words in any order", service.EventQuery{Text: "mai defile", From: e.clock().Add(-100 * time.Hour)}, []string{"Défilé du 1er Mai"}},
		{"online only", service.EventQuery{OnlineOnly: true, From: e.clock().Add(-100 * time.Hour)}, []string{"Atelier en ligne"}},
		{"category", service.EventQuery{Category: "demonstration", From: e.clock().Add(-100 * time.Hour)}, []string{"Défilé du 1er Mai"}},
		{"near Paris", service.EventQuery{Near: true, Lat: 48.86, Lon: 2.35, RadiusKM: 10, From: e.clock().Add(-100 * time.Hour)}, []string{"Défilé du 1er Mai"}},
		// The others are placed at Lyon's centre from their commune (PlaceArea "Lyon"), nearer than the rounded hidden place.
		{"near Lyon, hidden place rounded", service.EventQuery{Near: true, Lat: 45.76, Lon: 4.83, RadiusKM: 20, From: e.clock().Add(-100 * time.Hour)}, []string{"Défilé passé", "Défilé à venir", "Réunion à Lyon"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := e.svc.SearchEvents(ctx, cortege.Anonymous, c.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range p.Items {
				got = append(got, it.Event.Title)
				if it.Event.Place == "Chez Marie" {
					t.Error("hidden place in search results")
				}
			}
			sort.Strings(got)
			sort.Strings(c.want)
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
	p1, err := e.svc.SearchEvents(ctx, cortege.Anonymous, service.EventQuery{Text: "defile", From: e.clock().Add(-100 * time.Hour), PerPage: 2})
	if err != nil || len(p1.Items) != 2 || !p1.HasNext {
		t.Fatalf("page 1: %+v, %v", p1, err)
	}
	p2, _ := e.svc.SearchEvents(ctx, cortege.Anonymous, service.EventQuery{Text: "defile", From: e.clock().Add(-100 * time.Hour), PerPage: 2, Page: 2})
	if len(p2.Items) != 1 || p2.HasNext || p2.Items[0].Event.ID != later.ID {
		t.Fatalf("page 2: %+v", p2)
	}
	// Past events remain reachable by link.
	if _, err := e.svc.Event(ctx, cortege.Anonymous, service.ByID(past.ID)); err != nil {
		t.Fatal(err)
	}
	_, _ = paris, lyon
}
