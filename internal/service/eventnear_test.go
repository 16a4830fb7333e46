package service_test

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestEventsNearMatchesScan: events scattered from a few hundred metres
// to 80 km around Lyon, some with their place hidden (they count where
// their rounded point is), some over, a weekly series, some cancelled.
// At several moments and radii, the search near Lyon, page by page (its
// rings through the R*Tree on SQLite), gives exactly what measuring every
// event gives: the listed events not over within the radius, a series
// once (its first date not cancelled), nearest first.
func TestEventsNearMatchesScan(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	orgs := []cortege.Actor{signIn(t, e, "pres1@example.org"), signIn(t, e, "pres2@example.org"), signIn(t, e, "pres3@example.org")}
	rng := rand.New(rand.NewPCG(9, 12))
	const lat0, lon0 = 45.7640, 4.8357
	type ev struct {
		id, title, series string
		start, end        time.Time
		ev                *cortege.Event
	}
	var all []ev
	base := e.clock().Add(2 * time.Hour).Truncate(time.Minute)
	for i := range 70 {
		if i%10 == 9 {
			e.advance(61 * time.Minute) // under the hourly cap of events
		}
		dist := []float64{0.3, 1, 2.5, 3.9, 4.1, 6, 9, 12, 18, 24, 26, 35, 49, 51, 80}[rng.IntN(15)] * (0.8 + 0.4*rng.Float64())
		angle := rng.Float64() * 2 * math.Pi
		in := eventInput(e, fmt.Sprintf("Rassemblement %d", i))
		in.Lat = lat0 + dist/111.2*math.Sin(angle)
		in.Lon = lon0 + dist/(111.2*math.Cos(lat0*math.Pi/180))*math.Cos(angle)
		in.HasCoords, in.HidePlace = true, i%7 == 3
		in.Start = base.Add(time.Duration(rng.IntN(20*24)) * time.Hour)
		in.End = in.Start.Add(time.Duration(1+rng.IntN(30)) * time.Hour)
		if i == 5 {
			in.Title, in.Repeat = "Permanence hebdomadaire", &service.RepeatInput{Freq: cortege.FreqWeekly, Interval: 1}
		}
		created := mustCreate(t, e, orgs[i%3], in)
		all = append(all, ev{id: created.ID, title: in.Title, series: created.SeriesID, start: in.Start, end: in.End, ev: created})
	}
	if err := e.svc.ExtendSeries(ctx); err != nil {
		t.Fatal(err)
	}
	// The series' dates, and a few cancellations (the series' second date).
	occ, err := e.svc.SeriesOccurrences(ctx, cortege.Anonymous, service.ByID(all[5].id))
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range occ {
		if o.ID == all[5].id {
			continue
		}
		all = append(all, ev{id: o.ID, title: o.Title, series: o.SeriesID, start: o.Start, end: o.End, ev: o})
		if i == 1 {
			if _, err := e.svc.CancelEvent(ctx, orgs[2], service.ByID(o.ID), service.ScopeThis, "Salle indisponible"); err != nil {
				t.Fatal(err)
			}
			all[len(all)-1].ev = nil // cancelled: not the series' date any more
		}
	}
	for _, at := range []time.Duration{0, 3 * 24 * time.Hour, 9*24*time.Hour + 5*time.Hour, 19 * 24 * time.Hour} {
		now := base.Add(at)
		if now.After(e.clock()) {
			e.advance(now.Sub(e.clock()))
		}
		for _, radius := range []float64{3, 10, 25, 50} {
			type hit struct {
				title string
				dist  float64
				start time.Time
			}
			var want []hit
			series := map[string]bool{}
			byStart := slices.Clone(all)
			slices.SortFunc(byStart, func(a, b ev) int { return a.start.Compare(b.start) })
			for _, x := range byStart {
				if !x.end.After(now) || x.ev == nil {
					continue
				}
				if x.series != "" {
					if series[x.series] {
						continue
					}
					series[x.series] = true
				}
				r := x.ev.Redacted(cortege.EventViewer{})
				if d := cortege.Distance(lat0, lon0, r.Lat, r.Lon); d <= radius {
					want = append(want, hit{x.title, d, x.start})
				}
			}
			slices.SortStableFunc(want, func(a, b hit) int { return cmp.Compare(a.dist, b.dist) })
			var got []hit
			for page := 1; page <= 10; page++ {
				p, err := e.svc.SearchEvents(ctx, cortege.Anonymous, service.EventQuery{Near: true, Lat: lat0, Lon: lon0, RadiusKM: radius,
					From: now, Page: page, PerPage: 6})
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range p.Items {
					got = append(got, hit{it.Event.Title, it.DistanceKM, it.Event.Start})
				}
				if !p.HasNext {
					break
				}
			}
			if len(got) != len(want) {
				t.Fatalf("at base+%v within %v km: %d events, the scan finds %d:\n got %v\nwant %v", at, radius, len(got), len(want), got, want)
			}
			for i := range want {
				if got[i].title != want[i].title || math.Abs(got[i].dist-want[i].dist) > 1e-9 {
					t.Fatalf("at base+%v within %v km, #%d: %q at %.3f km, the scan: %q at %.3f km", at, radius, i, got[i].title, got[i].dist, want[i].title, want[i].dist)
				}
			}
		}
	}
}
