package service_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

// TestEventDashboardSpans checks the dashboard's lists of events against
// their rule at moments when events of every span class are on, over and
// to come: "organising" holds the events a person created or whose group
// they run, not over, in order of start; "suggested" holds the events of
// the groups they belong to as a plain member that they neither created
// nor joined, not over, in order of start; a person gets no suggestion
// from a group they run (its events are under "organising").
func TestEventDashboardSpans(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	admin := signIn(t, e, "tableau@example.org")
	g := newGroup(t, e, admin, "tableau_de_bord", cortege.VisibilityPublic, cortege.JoinOpen)
	plain := member(t, e, admin, g, "membre.tableau@example.org", cortege.GroupMember)
	mod := member(t, e, admin, g, "moderatrice.tableau@example.org", cortege.GroupModerator)
	outsider := signIn(t, e, "ailleurs.tableau@example.org")
	base := e.clock().Add(48 * time.Hour).Truncate(time.Hour)
	durations := []time.Duration{30 * time.Minute, 3*time.Hour + time.Minute, 11 * time.Hour, 12*time.Hour + time.Minute,
		2 * 24 * time.Hour, 72*time.Hour + time.Minute, 20 * 24 * time.Hour}
	type ev struct {
		title         string
		start, end    time.Time
		group         bool
		byAdmin       bool
		byPlain       bool
		joinedByPlain bool
	}
	var all []ev
	for i, d := range durations {
		for j, offset := range []time.Duration{0, 90 * time.Minute, 26 * time.Hour, 5 * 24 * time.Hour} {
			n := len(all)
			in := eventInput(e, fmt.Sprintf("Tableau durée %d, départ %d", i, j))
			in.Start = base.Add(offset)
			in.End = in.Start.Add(d)
			x := ev{title: in.Title, start: in.Start, end: in.End}
			by := outsider
			switch n % 4 {
			case 0: // the group's, created by its administrator
				in.GroupID, x.group, x.byAdmin, by = g.ID, true, true, admin
			case 1: // the group's, created by its moderator
				in.GroupID, x.group, by = g.ID, true, mod
			case 2: // the administrator's own, outside the group
				x.byAdmin, by = true, admin
			default: // the plain member's own, outside the group
				x.byPlain, by = true, plain
			}
			created := mustCreate(t, e, by, in)
			if x.group && !x.byPlain && n%3 == 0 {
				mustJoin(t, e, plain, created.ID)
				x.joinedByPlain = true
			}
			all = append(all, x)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].start.Before(all[j].start) })
	for _, at := range []time.Duration{0, time.Hour, 4 * time.Hour, 13 * time.Hour, 27 * time.Hour, 3 * 24 * time.Hour,
		6 * 24 * time.Hour, 21 * 24 * time.Hour} {
		now := base.Add(at)
		e.advance(now.Sub(e.clock()))
		var wantOrganising, wantSuggested, wantMod, wantPlain []string
		for _, x := range all {
			if !x.end.After(now) {
				continue
			}
			if x.byAdmin || x.group {
				wantOrganising = append(wantOrganising, x.title)
			}
			if x.group {
				wantMod = append(wantMod, x.title)
			}
			if x.byPlain {
				wantPlain = append(wantPlain, x.title)
			}
			if x.group && !x.joinedByPlain {
				wantSuggested = append(wantSuggested, x.title)
			}
		}
		if len(wantSuggested) > 20 {
			wantSuggested = wantSuggested[:20]
		}
		d, err := e.svc.MyEvents(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range d.Organising {
			got = append(got, o.Event.Title)
		}
		if fmt.Sprint(got) != fmt.Sprint(wantOrganising) {
			t.Errorf("at base+%v, organising:\n got %q\nwant %q", at, got, wantOrganising)
		}
		if len(d.Suggested) != 0 {
			t.Errorf("at base+%v, the administrator is suggested %d events of the group they run", at, len(d.Suggested))
		}
		if d, err = e.svc.MyEvents(ctx, mod); err != nil {
			t.Fatal(err)
		}
		got = nil
		for _, o := range d.Organising {
			got = append(got, o.Event.Title)
		}
		if fmt.Sprint(got) != fmt.Sprint(wantMod) || len(d.Suggested) != 0 {
			t.Errorf("at base+%v, moderator organising:\n got %q\nwant %q (and %d suggested)", at, got, wantMod, len(d.Suggested))
		}
		if d, err = e.svc.MyEvents(ctx, plain); err != nil {
			t.Fatal(err)
		}
		got = nil
		for _, o := range d.Organising {
			got = append(got, o.Event.Title)
		}
		if fmt.Sprint(got) != fmt.Sprint(wantPlain) {
			t.Errorf("at base+%v, the member's own events:\n got %q\nwant %q", at, got, wantPlain)
		}
		got = nil
		for _, s := range d.Suggested {
			got = append(got, s.Title)
		}
		if fmt.Sprint(got) != fmt.Sprint(wantSuggested) {
			t.Errorf("at base+%v, suggested to the member:\n got %q\nwant %q", at, got, wantSuggested)
		}
	}
}
