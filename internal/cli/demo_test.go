package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
)

// demoActor signs in as a demo person through an API token, as a script
// would.
func demoActor(t *testing.T, svc *service.Service, email string) cortege.Actor {
	t.Helper()
	ctx := context.Background()
	secret, err := svc.CreateTokenFor(ctx, email, "test", service.IdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.TokenActor(ctx, secret, "test")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestDemo fills a fresh database with the demo, checks through the service
// that what it promises is there, and that a second run is refused.
func TestDemo(t *testing.T) {
	ctx := context.Background()
	if code, _, errs := run(t, nil, "demo", "--help"); code != 0 || !strings.Contains(errs, "--force") {
		t.Fatalf("demo --help: exit %d, %q", code, errs)
	}
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
	// A server announced itself at this URL: without --base-url, the
	// demo's links point there, as admin create's do.
	svc := service.New(db, service.Config{BaseURL: "https://demo.example", UploadsDir: filepath.Join(data, "uploads")})
	if err := svc.RecordBaseURL(ctx); err != nil {
		t.Fatal(err)
	}

	code, out, errs := run(t, nil, append([]string{"demo"}, args...)...)
	if code != 0 || strings.Contains(errs, "warning") {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "https://demo.example/login/confirm?token=") || !strings.Contains(out, "https://demo.example/events/") || !strings.Contains(out, "camille.martin@example.org") {
		t.Fatalf("no sign-in link to the recorded URL for the demo administrator:\n%s", out)
	}
	admin := demoActor(t, svc, "camille.martin@example.org")
	if !admin.IsAdmin() {
		t.Fatal("the demo administrator is not an administrator")
	}
	fileExists := func(what, name string) {
		t.Helper()
		if _, err := os.Stat(svc.UploadPath(name)); name == "" || err != nil {
			t.Errorf("%s: no file %q (%v)", what, name, err)
		}
	}

	// Groups: open, by approval, private; with pictures and members.
	groups := map[string]*cortege.Group{}
	for handle, mode := range map[string]string{"velo_lyon": cortege.JoinOpen, "alternatiba_lyon": cortege.JoinOpen, "locataires_paris11": cortege.JoinApproval, "amis_terre_rennes": cortege.JoinInvitation} {
		g, err := svc.GroupByHandle(ctx, admin, handle)
		if err != nil {
			t.Fatalf("group %s: %v", handle, err)
		}
		if g.JoinMode != mode {
			t.Errorf("group %s: join mode %q, want %q", handle, g.JoinMode, mode)
		}
		fileExists(handle+" banner", g.Banner)
		groups[handle] = g
	}
	if _, err := svc.GroupByHandle(ctx, cortege.Anonymous, "amis_terre_rennes"); !cortege.IsNotFound(err) {
		t.Errorf("the private group is visible to a visitor: %v", err)
	}
	page, err := svc.GroupPage(ctx, cortege.Anonymous, "velo_lyon")
	if err != nil || page.MemberCount < 4 || len(page.Posts) == 0 {
		t.Fatalf("velo_lyon page: %v, %d members, %d posts", err, page.MemberCount, len(page.Posts))
	}
	dp, err := svc.Discussions(ctx, admin, groups["velo_lyon"].ID, 1)
	if err != nil || len(dp.Discussions) == 0 || !dp.Discussions[0].Pinned {
		t.Fatalf("velo_lyon discussions: %v %+v", err, dp)
	}

	// Events of every group, as the administrator sees them.
	var events []*cortege.Event
	for _, g := range groups {
		ge, err := svc.GroupEvents(ctx, admin, g.ID, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range ge.Upcoming {
			events = append(events, it.Event)
		}
		events = append(events, ge.Past...)
	}
	find := func(what string, ok func(*cortege.Event) bool) *cortege.Event {
		t.Helper()
		for _, e := range events {
			if ok(e) {
				return e
			}
		}
		t.Fatalf("no %s event among %d", what, len(events))
		return nil
	}
	now := time.Now()
	if up := find("upcoming", func(e *cortege.Event) bool { return !e.Past(now) && !e.Cancelled() }); up == nil {
		return
	}

	co := find("co-organised", func(e *cortege.Event) bool {
		v, err := svc.Event(ctx, cortege.Anonymous, service.ByID(e.ID))
		if err != nil {
			return false
		}
		n := 0
		for _, o := range v.Organisers {
			if o.Status == cortege.OrganiserAccepted {
				n++
			}
		}
		return n == 2
	})
	if co.Past(now) {
		t.Errorf("the co-organised event is over")
	}

	cancelled := find("cancelled", (*cortege.Event).Cancelled)
	changes, err := svc.EventChanges(ctx, cortege.Anonymous, service.ByID(cancelled.ID))
	if err != nil || len(changes) < 3 {
		t.Errorf("history of the cancelled event: %v, %d changes", err, len(changes))
	}

	approval := find("approval", func(e *cortege.Event) bool { return e.JoinMode == cortege.JoinApproval && e.HidePlace })
	v, err := svc.Event(ctx, cortege.Anonymous, service.ByID(approval.ID))
	if err != nil || !v.PlaceHidden || v.Event.Place != "" {
		t.Errorf("approval event shows its address to a visitor: %v %+v", err, v)
	}
	parts, err := svc.Participants(ctx, demoActor(t, svc, "julien.moreau@example.org"), service.ByID(approval.ID))
	if err != nil {
		t.Fatal(err)
	}
	statuses, anonymous := map[string]int{}, 0
	for _, p := range parts {
		statuses[p.Status]++
		if p.Anonymous {
			anonymous++
		}
	}
	if statuses[cortege.PartApproved] < 2 || statuses[cortege.PartPending] < 1 || statuses[cortege.PartWaitlisted] < 1 || anonymous < 1 {
		t.Errorf("approval event participants: %v, %d without an account", statuses, anonymous)
	}

	online := find("online", func(e *cortege.Event) bool { return e.OnlineURL != "" && !e.Physical() })
	if online.Past(now) {
		t.Error("the online event is over")
	}

	series := find("series", func(e *cortege.Event) bool { return e.SeriesID != "" })
	occ, err := svc.SeriesOccurrences(ctx, cortege.Anonymous, service.ByID(series.ID))
	if err != nil || len(occ) < 2 {
		t.Fatalf("series: %v, %d occurrences", err, len(occ))
	}
	for _, o := range occ {
		if s := o.LocalStart(); o.TZ != "Europe/Paris" || s.Weekday() != time.Friday || s.Day() < 15 || s.Day() > 21 || s.Hour() != 19 {
			t.Errorf("occurrence %s is not a third Friday at 19:00 in Paris", s)
		}
	}

	report := find("past with a report", func(e *cortege.Event) bool {
		ph, err := svc.Photos(ctx, cortege.Anonymous, service.ByID(e.ID))
		return e.Past(now) && e.Report != "" && err == nil && len(ph) >= 3
	})
	photos, _ := svc.Photos(ctx, cortege.Anonymous, service.ByID(report.ID))
	for _, p := range photos {
		fileExists("photo", p.File)
	}
	counts, err := svc.Counts(ctx, demoActor(t, svc, "lea.dubois@example.org"), service.ByID(report.ID))
	if err != nil || counts.Attended < 2 || counts.Attended >= counts.Approved {
		t.Errorf("check-ins of the past event: %v %+v", err, counts)
	}

	// The demo only fills an empty instance.
	code, _, errs = run(t, nil, append([]string{"demo"}, args...)...)
	if code == 0 || !strings.Contains(errs, "--force") {
		t.Fatalf("second run: exit %d, %q", code, errs)
	}
}
