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

// Rings of the search near a place without words or a group: it looks
// within nearFirstRing, then twice as far, and so on up to the radius,
// until it has enough events to fill the pages asked for; nearMaxPoints
// bounds what one ring reads (a ring denser than that keeps the points
// read: the nearest of them, not always the nearest of all).
const (
	nearFirstRing = 4.0 // km
	nearMaxPoints = 5000
	// nearMargin widens each ring's box: a hidden place counts where its
	// rounded point is, which may be a few kilometres from the real one.
	nearMargin = 15.0 // km
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
	for ring := min(nearFirstRing, in.RadiusKM); ; ring = min(2*ring, in.RadiusKM) {
		f.MinLat, f.MaxLat, f.MinLon, f.MaxLon = cortege.BoundingBox(in.Lat, in.Lon, ring+nearMargin)
		pts, err := s.db.Q().ListedEventPointsNear(ctx, f, nearMaxPoints)
		if err != nil {
			return nil, err
		}
		out := nearPoints(pts, in, ring)
		if len(out) >= need || ring >= in.RadiusKM || len(pts) >= nearMaxPoints {
			return out, nil
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
