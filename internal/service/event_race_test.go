package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestLastSeatRace: five people join an event with one seat at the same
// moment; exactly one gets it, the others are waitlisted in order.
func TestLastSeatRace(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Petite salle")
	in.Capacity = 1
	ev := mustCreate(t, e, org, in)
	var people []cortege.Actor
	for i := range 5 {
		people = append(people, signIn(t, e, fmt.Sprintf("p%d@example.org", i)))
	}
	var wg sync.WaitGroup
	statuses := make(chan string, len(people))
	for _, a := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := e.svc.JoinEvent(ctx, a, service.ByID(ev.ID), service.JoinInput{})
			if err != nil {
				t.Error(err)
				return
			}
			statuses <- p.Status
		}()
	}
	wg.Wait()
	close(statuses)
	n := map[string]int{}
	for s := range statuses {
		n[s]++
	}
	if n[cortege.PartApproved] != 1 || n[cortege.PartWaitlisted] != 4 {
		t.Fatalf("statuses = %v, want 1 approved and 4 waitlisted", n)
	}
}

func TestInvitationOnly(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Réunion restreinte")
	in.JoinMode = cortege.JoinInvitation
	ev := mustCreate(t, e, org, in)
	guest := signIn(t, e, "guest@example.org")
	stranger := signIn(t, e, "stranger@example.org")
	if _, err := e.svc.JoinEvent(ctx, stranger, service.ByID(ev.ID), service.JoinInput{}); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("uninvited join: %v", err)
	}
	if _, err := e.svc.InviteToEvent(ctx, org, service.ByID(ev.ID), "@"+guest.Profile.Handle); err != nil {
		t.Fatal(err)
	}
	if p := mustJoin(t, e, guest, ev.ID); p.Status != cortege.PartApproved {
		t.Fatalf("invited join: %s", p.Status)
	}
}

// TestServiceICSInICALJS runs the calendars the service produces (an event
// in a zone, a cancelled one, a multi-day one across New York's spring
// change, and a third-Friday occurrence after the Paris change) through
// Mozilla's ical.js when it is installed (see internal/ics).
func TestServiceICSInICALJS(t *testing.T) {
	dir := os.Getenv("CORTEGE_ICALJS_DIR")
	if dir == "" {
		dir, _ = filepath.Abs("../ics/testdata")
	}
	node, err := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(dir, "node_modules", "ical.js", "dist", "ical.es5.cjs"))
	if err != nil || modErr != nil {
		if os.Getenv("CORTEGE_ICALJS") == "required" {
			t.Fatalf("ical.js required but unavailable: %v %v", err, modErr)
		}
		t.Skip("node or ical.js not installed")
	}
	ctx := context.Background()
	e := newEnv(t)
	e.now = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	paris, _ := time.LoadLocation("Europe/Paris")
	ny, _ := time.LoadLocation("America/New_York")
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Permanence")
	in.Start, in.End = time.Date(2026, 1, 16, 19, 0, 0, 0, paris), time.Date(2026, 1, 16, 21, 0, 0, 0, paris)
	in.Repeat = &service.RepeatInput{Freq: cortege.FreqMonthlyWeekday}
	series := mustCreate(t, e, org, in)
	e.advance(46 * 24 * time.Hour)
	if err := e.svc.ExtendSeries(ctx); err != nil {
		t.Fatal(err)
	}
	occ, _ := e.svc.SeriesOccurrences(ctx, cortege.Anonymous, service.ByID(series.ID))
	cancelled := occ[2]
	if _, err := e.svc.CancelEvent(ctx, org, service.ByID(cancelled.ID), service.ScopeThis, ""); err != nil {
		t.Fatal(err)
	}
	multi := eventInput(e, "Week-end")
	multi.TZ = "America/New_York"
	multi.Start, multi.End = time.Date(2026, 3, 7, 20, 0, 0, 0, ny), time.Date(2026, 3, 9, 10, 0, 0, 0, ny)
	mev := mustCreate(t, e, org, multi)
	for _, c := range []struct {
		id, start, end, tzid, status string
	}{
		{occ[3].ID, "2026-04-17T17:00:00.000Z", "2026-04-17T19:00:00.000Z", "Europe/Paris", "CONFIRMED"},
		{cancelled.ID, "2026-03-20T18:00:00.000Z", "2026-03-20T20:00:00.000Z", "Europe/Paris", "CANCELLED"},
		{mev.ID, "2026-03-08T01:00:00.000Z", "2026-03-09T14:00:00.000Z", "America/New_York", "CONFIRMED"},
	} {
		b, err := e.svc.EventICS(ctx, cortege.Anonymous, service.ByID(c.id))
		if err != nil {
			t.Fatal(err)
		}
		script, _ := filepath.Abs("../ics/testdata/icaljs_check.cjs")
		cmd := exec.Command(node, script, dir)
		cmd.Stdin = bytes.NewReader(b)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("ical.js: %v\n%s", err, b)
		}
		var got []struct{ Start, End, Tzid, Status string }
		if err := json.Unmarshal(out, &got); err != nil || len(got) != 1 {
			t.Fatalf("%s: %v", out, err)
		}
		g := got[0]
		if g.Start != c.start || g.End != c.end || g.Tzid != c.tzid || g.Status != c.status {
			t.Errorf("ical.js shows %+v, want %+v\n%s", g, c, b)
		}
	}
}
