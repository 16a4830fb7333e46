package service_test

import (
	"context"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestSeriesItemDates: a weekly series stands as one item of the list,
// with its next five dates not cancelled, soonest first, and how many
// upcoming dates it has; both follow the clock.
func TestSeriesItemDates(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "serie@example.org")
	in := eventInput(e, "Permanence du mardi")
	in.Repeat = &service.RepeatInput{Freq: cortege.FreqWeekly, Interval: 1}
	first := mustCreate(t, e, org, in)
	if err := e.svc.ExtendSeries(ctx); err != nil {
		t.Fatal(err)
	}
	occ, err := e.svc.SeriesOccurrences(ctx, cortege.Anonymous, service.ByID(first.ID))
	if err != nil || len(occ) < 10 {
		t.Fatalf("%d dates, %v", len(occ), err)
	}
	if _, err := e.svc.CancelEvent(ctx, org, service.ByID(occ[2].ID), service.ScopeThis, "Férié"); err != nil {
		t.Fatal(err)
	}
	check := func(what string, from time.Time) {
		t.Helper()
		var want []time.Time
		for i, o := range occ {
			if i != 2 && o.End.After(from) {
				want = append(want, o.Start)
			}
		}
		p, err := e.svc.SearchEvents(ctx, cortege.Anonymous, service.EventQuery{From: from, PerPage: 20})
		if err != nil {
			t.Fatal(err)
		}
		var sum *service.SeriesSummary
		for _, it := range p.Items {
			if it.Event.SeriesID == first.SeriesID {
				if sum != nil {
					t.Fatalf("%s: the series is listed twice", what)
				}
				sum = it.Series
			}
		}
		if sum == nil {
			t.Fatalf("%s: the series is not listed", what)
		}
		if sum.Count != len(want) {
			t.Errorf("%s: count %d, want %d", what, sum.Count, len(want))
		}
		if len(sum.Next) != min(5, len(want)) {
			t.Fatalf("%s: %d next dates, want %d", what, len(sum.Next), min(5, len(want)))
		}
		for i, n := range sum.Next {
			if !n.Start.Equal(want[i]) || n.Cancelled() {
				t.Errorf("%s: next date %d is %v, want %v", what, i, n.Start, want[i])
			}
		}
	}
	check("now", e.clock())
	check("in three weeks", occ[3].Start.Add(-time.Minute))
}
