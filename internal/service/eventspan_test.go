package service_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestEventListSpans lists events of every span class (the store walks
// each class from its own floor, migration 0021) at moments when some are
// on, some over and some to come, and checks the list against the rule
// itself: every listed event not over at the moment, in order of start,
// through the list's own pages; also a group's list and page, and text
// searches (whole words, prefixes expanded into words or kept short, a
// prefix of no word) that reach the long events begun days before.
func TestEventListSpans(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	// Two organisers: an account creates at most 30 events a day.
	orgs := []cortege.Actor{signIn(t, e, "spans@example.org"), signIn(t, e, "spans2@example.org")}
	g := newGroup(t, e, orgs[0], "durees", cortege.VisibilityPublic, cortege.JoinOpen)
	base := e.clock().Add(48 * time.Hour).Truncate(time.Hour)
	durations := []time.Duration{30 * time.Minute, 3 * time.Hour, 3*time.Hour + time.Minute, 11 * time.Hour,
		12*time.Hour + time.Minute, 2 * 24 * time.Hour, 72*time.Hour + time.Minute, 20 * 24 * time.Hour, cortege.MaxEventDuration}
	type ev struct {
		title      string
		start, end time.Time
		group      bool
		atelier    bool
	}
	var all []ev
	for i, d := range durations {
		for j, offset := range []time.Duration{0, 90 * time.Minute, 26 * time.Hour, 5 * 24 * time.Hour} {
			kind := []string{"Atelier", "Réunion"}[(i+j)%2]
			in := eventInput(e, fmt.Sprintf("%s durée %d, départ %d", kind, i, j))
			in.Start = base.Add(offset)
			in.End = in.Start.Add(d)
			inGroup := len(all)%2 == 0 // orgs[0]'s events are the group's
			if inGroup {
				in.GroupID = g.ID
			}
			mustCreate(t, e, orgs[len(all)%2], in)
			all = append(all, ev{in.Title, in.Start, in.End, inGroup, kind == "Atelier"})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].start.Before(all[j].start) })
	for _, at := range []time.Duration{0, time.Hour, 2*time.Hour + 59*time.Minute, 4 * time.Hour, 13 * time.Hour, 27 * time.Hour,
		3 * 24 * time.Hour, 4 * 24 * time.Hour, 6 * 24 * time.Hour, 21 * 24 * time.Hour, 30 * 24 * time.Hour} {
		now := base.Add(at)
		e.advance(now.Sub(e.clock()))
		for _, c := range []struct{ groupID, text string }{{"", ""}, {g.ID, ""}, {"", "atel"}, {"", "at"}, {"", "atelier"},
			{"", "réunion"}, {g.ID, "reun"}, {"", "reunions"}} {
			groupID := c.groupID
			var want []string
			for _, x := range all {
				if x.end.After(now) && (groupID == "" || x.group) && (c.text == "" || x.atelier == strings.HasPrefix(c.text, "at")) && c.text != "reunions" {
					want = append(want, x.title)
				}
			}
			var got []string
			var after int64
			for page := 0; ; page++ {
				p, err := e.svc.SearchEvents(ctx, cortege.Anonymous, service.EventQuery{From: now, After: after, PerPage: 5, GroupID: groupID, Text: c.text})
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range p.Items {
					got = append(got, it.Event.Title)
				}
				if p.Next == "" || page > 50 {
					break
				}
				if after, err = service.ParseCursor("after", p.Next); err != nil {
					t.Fatal(err)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("at base+%v, group %q, text %q:\n got %q\nwant %q", at, groupID, c.text, got, want)
			}
			if groupID == "" || c.text != "" {
				continue
			}
			// The group's page lists the same, through its own pages.
			got = nil
			for after, page := int64(0), 0; page < 50; page++ {
				gp, err := e.svc.GroupEvents(ctx, cortege.Anonymous, g.ID, after, 1)
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range gp.Upcoming {
					got = append(got, it.Event.Title)
				}
				if after = gp.Next; after == 0 {
					break
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("group page at base+%v:\n got %q\nwant %q", at, got, want)
			}
		}
	}
}
