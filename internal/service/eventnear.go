package service

import (
	"cmp"
	"context"
	"slices"
	"sort"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// nearItem is a candidate of a search near a place: its distance, its
// start_key and, when already read, the event as anyone may see it.
type nearItem struct {
	key   int64
	dist  float64
	event *cortege.Event
}

// Rings of the search near a place without words or a group: it counts
// the tree's entries within nearFirstRing, then further where that holds
// too few events for the pages asked for, or nearer where it holds more
// than a few times what they need (bisecting between the two), so that a
// dense city and the countryside both cost a few counts and one read of
// a few hundred points. After nearTries rings (thousands of events at one
// spot), the nearMaxPoints points read are measured: the nearest of them,
// not always the nearest of all.
const (
	nearFirstRing = 2.0 // km
	nearMaxPoints = 1000
	nearTries     = 12
	// nearMargin widens the box of the search with words or a group: a
	// hidden place counts where its rounded point is (a tenth of a
	// degree: at most 5.6 km north or south and 4 km east or west of the
	// real one in France); the tree of the rings holds rounded points.
	nearMargin = 8.0 // km
)

// nearest returns the candidates of in, nearest first, within its radius,
// as anyone sees them: a hidden place counts where its rounded point is
// (cortege.Event.Redacted), and a series is one candidate, its first date
// not cancelled (every date with in.allDates). need is how many the pages
// asked for take (and one more, to know there is a next page). Without
// words or a group, only the points are read, ring by ring through the
// R*Tree (ListedEventPointsNear), not the events' texts; nearPage reads
// the page. With words or a group, the first maxNearCandidate listed
// events of f in the box, in order of start, are measured.
func (s *Service) nearest(ctx context.Context, f store.EventFilter, in EventQuery, need int) ([]nearItem, error) {
	if f.Terms != "" || f.GroupID != "" {
		f.MinLat, f.MaxLat, f.MinLon, f.MaxLon = cortege.BoundingBox(in.Lat, in.Lon, in.RadiusKM+nearMargin)
		f.Limit = maxNearCandidate
		evs, err := s.db.Q().SearchEvents(ctx, f)
		if err != nil {
			return nil, err
		}
		var out []nearItem
		for _, k := range evs {
			r := k.Event.Redacted(cortege.EventViewer{})
			if d := cortege.Distance(in.Lat, in.Lon, r.Lat, r.Lon); d <= in.RadiusKM {
				out = append(out, nearItem{k.Key, d, r})
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].dist < out[j].dist })
		return out, nil
	}
	// The ring is sized on the tree's counts (no row read), then read.
	ring, sparse, dense := min(nearFirstRing, in.RadiusKM), 0.0, 0.0
	enough := min(max(8*need, 200), nearMaxPoints)
	box := func(ring float64) {
		// A little wider than the ring: the box's degrees of longitude are
		// those of its centre's latitude, a little longer than further north.
		f.MinLat, f.MaxLat, f.MinLon, f.MaxLon = cortege.BoundingBox(in.Lat, in.Lon, ring*1.05+0.1)
	}
	for try := 1; ; try++ {
		box(ring)
		n, err := s.db.Q().CountEventPointsNear(ctx, f, enough)
		if err != nil {
			return nil, err
		}
		switch {
		case n >= enough && try < nearTries:
			dense, ring = ring, (sparse+ring)/2 // too many to read: nearer
			continue
		case n < need && ring < in.RadiusKM && try < nearTries:
			sparse = ring // too few: further, below a ring known too dense
			if dense > 0 {
				ring = (ring + dense) / 2
			} else {
				ring = min(2*ring, in.RadiusKM)
			}
			continue
		}
		pts, err := s.db.Q().ListedEventPointsNear(ctx, f, nearMaxPoints)
		if err != nil {
			return nil, err
		}
		out := nearPoints(pts, in, ring)
		if len(out) >= need || ring >= in.RadiusKM || try >= nearTries {
			return out, nil
		}
		// The rows held fewer than the tree (other filters, a series, the
		// corners of the box): further.
		sparse = ring
		if dense > 0 {
			ring = (ring + dense) / 2
		} else {
			ring = min(2*ring, in.RadiusKM)
		}
	}
}

// nearPoints measures the points within ring km, keeps one date of each
// series (its first not cancelled, unless in asks for every date) and
// sorts them nearest first, then by start.
func nearPoints(pts []store.NearPoint, in EventQuery, ring float64) []nearItem {
	slices.SortFunc(pts, func(a, b store.NearPoint) int { return cmp.Compare(a.Key, b.Key) })
	seen := map[string]bool{}
	var out []nearItem
	for _, pt := range pts {
		if pt.SeriesID != "" && !in.allDates {
			if seen[pt.SeriesID] || pt.Status == cortege.EventCancelled {
				continue
			}
			seen[pt.SeriesID] = true
		}
		r := (&cortege.Event{HasCoords: true, Lat: pt.Lat, Lon: pt.Lon, HidePlace: pt.HidePlace}).Redacted(cortege.EventViewer{})
		if d := cortege.Distance(in.Lat, in.Lon, r.Lat, r.Lon); d <= ring {
			out = append(out, nearItem{key: pt.Key, dist: d})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].dist < out[j].dist })
	return out
}

// nearPage turns a page of candidates into items, reading in one
// statement the events not read yet.
func (s *Service) nearPage(ctx context.Context, page []nearItem) ([]EventItem, error) {
	var keys []int64
	for _, n := range page {
		if n.event == nil {
			keys = append(keys, n.key)
		}
	}
	read := map[int64]*cortege.Event{}
	if len(keys) > 0 {
		ks, err := s.db.Q().EventsByKeys(ctx, keys)
		if err != nil {
			return nil, err
		}
		for _, k := range ks {
			read[k.Key] = k.Event.Redacted(cortege.EventViewer{})
		}
	}
	items := make([]EventItem, 0, len(page))
	for _, n := range page {
		e := n.event
		if e == nil {
			if e = read[n.key]; e == nil {
				continue // deleted between the two statements
			}
		}
		items = append(items, EventItem{Event: e, DistanceKM: n.dist, HasDist: true})
	}
	return items, nil
}
