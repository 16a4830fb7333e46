package service_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestEventListSpans lists events of every span class (the store walks
// each class from its own floor, migration 0021) at moments when some are
// on, some over and some to come, and checks the list against the rule
// itself: every listed event not over at the moment, in order of start,
// through the list's own pages.
func TestEventListSpans(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	// Two organisers: an account creates at most 30 events a day.
	orgs := []cortege.Actor{signIn(t, e, "spans@example.org"), signIn(t, e, "spans2@example.org")}
	base := e.clock().Add(48 * time.Hour).Truncate(time.Hour)
	durations := []time.Duration{30 * time.Minute, 3 * time.Hour, 3*time.Hour + time.Minute, 11 * time.Hour,
		12*time.Hour + time.Minute, 2 * 24 * time.Hour, 72*time.Hour + time.Minute, 20 * 24 * time.Hour, cortege.MaxEventDuration}
	type ev struct {
		title      string
		start, end time.Time
	}
	var all []ev
	for i, d := range durations {
		for j, offset := range []time.Duration{0, 90 * time.Minute, 26 * time.Hour, 5 * 24 * time.Hour} {
			in := eventInput(e, fmt.Sprintf("Durée %d, départ %d", i, j))
			in.Start = base.Add(offset)
			in.End = in.Start.Add(d)
			mustCreate(t, e, orgs[len(all)%2], in)
			all = append(all, ev{in.Title, in.Start, in.End})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].start.Before(all[j].start) })
	for _, at := range []time.Duration{0, time.Hour, 2*time.Hour + 59*time.Minute, 4 * time.Hour, 13 * time.Hour, 27 * time.Hour,
		3 * 24 * time.Hour, 4 * 24 * time.Hour, 6 * 24 * time.Hour, 21 * 24 * time.Hour, 30 * 24 * time.Hour} {
		now := base.Add(at)
		var want []string
		for _, x := range all {
			if x.end.After(now) {
				want = append(want, x.title)
			}
		}
		var got []string
		var after int64
		for page := 0; ; page++ {
			p, err := e.svc.SearchEvents(ctx, cortege.Anonymous, service.EventQuery{From: now, After: after, PerPage: 5})
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
			t.Errorf("at base+%v:\n got %q\nwant %q", at, got, want)
		}
	}
}
