package service_test

import (
	"fmt"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestGroupEventsPagesShowASeriesOnce: a weekly series stands once, at its
// next date, on the first page of a group's events; the next pages, which
// reach its later dates, do not show it again, and every single event is
// on exactly one page.
func TestGroupEventsPagesShowASeriesOnce(t *testing.T) {
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	g := newGroup(t, e, org, "velo", cortege.VisibilityPublic, cortege.JoinOpen)
	in := eventInput(e, "Permanence hebdomadaire")
	in.GroupID = g.ID
	in.Repeat = &service.RepeatInput{Freq: cortege.FreqWeekly, Interval: 1}
	mustCreate(t, e, org, in)
	if err := e.svc.ExtendSeries(bg); err != nil {
		t.Fatal(err)
	}
	singles := map[string]int{}
	for i := range service.EventsPerPage + 5 {
		if i%10 == 9 {
			e.advance(61 * time.Minute) // under the hourly cap of events
		}
		one := eventInput(e, fmt.Sprintf("Réunion %d", i))
		one.GroupID = g.ID
		one.Start = one.Start.Add(time.Duration(i) * 20 * time.Hour)
		one.End = one.Start.Add(time.Hour)
		singles[mustCreate(t, e, org, one).ID] = 0
	}
	seriesShown, pages := 0, 0
	for after := int64(0); ; pages++ {
		page, err := e.svc.GroupEvents(bg, cortege.Anonymous, g.ID, after, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Upcoming {
			if it.Event.SeriesID != "" {
				seriesShown++
				continue
			}
			singles[it.Event.ID]++
		}
		if page.Next == 0 || pages > 10 {
			break
		}
		after = page.Next
	}
	if pages < 1 {
		t.Fatalf("only %d page(s): the test needs the series' later dates on a next page", pages+1)
	}
	if seriesShown != 1 {
		t.Errorf("the series was shown %d times over %d pages, want once", seriesShown, pages+1)
	}
	for id, n := range singles {
		if n != 1 {
			t.Errorf("event %s shown on %d pages", id, n)
		}
	}
}
