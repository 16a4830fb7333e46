package service_test

import (
	"fmt"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestGroupEventsPagesShowASeriesOnce: ten weekly series stand once each, at their next date, on the first page of a group's
// events; the next pages, which reach their later dates, do not show them
// again, and every single event is on exactly one page, in order of start,
// a page holding at most EventsPerPage items (the series' dates make the
// first page read the group's events more than once: groupStep).
func TestGroupEventsPagesShowASeriesOnce(t *testing.T) {
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	g := newGroup(t, e, org, "velo", cortege.VisibilityPublic, cortege.JoinOpen)
	in := eventInput(e, "Permanence hebdomadaire")
	in.GroupID = g.ID
	in.Repeat = &service.RepeatInput{Freq: cortege.FreqWeekly, Interval: 1}
	mustCreate(t, e, org, in)
	for i := range 9 {
		if i%5 == 4 {
			e.advance(61 * time.Minute) // under the hourly cap of events
		}
		weekly := eventInput(e, fmt.Sprintf("Atelier hebdomadaire %d", i))
		weekly.GroupID = g.ID
		weekly.Start = weekly.Start.Add(time.Duration(i) * 17 * time.Hour)
		weekly.End = weekly.Start.Add(time.Hour)
		weekly.Repeat = &service.RepeatInput{Freq: cortege.FreqWeekly, Interval: 1}
		mustCreate(t, e, org, weekly)
	}
	e.advance(25 * time.Hour) // under the daily cap of events
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
		one.Start = one.Start.Add(time.Duration(i) * 60 * time.Hour)
		one.End = one.Start.Add(time.Hour)
		singles[mustCreate(t, e, org, one).ID] = 0
	}
	seriesShown, pages := 0, 0
	var last time.Time
	for after := int64(0); ; pages++ {
		page, err := e.svc.GroupEvents(bg, cortege.Anonymous, g.ID, after, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Upcoming) > service.EventsPerPage {
			t.Errorf("page %d holds %d items", pages+1, len(page.Upcoming))
		}
		for _, it := range page.Upcoming {
			if it.Event.Start.Before(last) {
				t.Errorf("page %d: %q starts before the item above it", pages+1, it.Event.Title)
			}
			last = it.Event.Start
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
	if seriesShown != 10 {
		t.Errorf("the ten series were shown %d times over %d pages, want once each", seriesShown, pages+1)
	}
	for id, n := range singles {
		if n != 1 {
			t.Errorf("event %s shown on %d pages", id, n)
		}
	}
}
