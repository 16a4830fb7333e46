package service

import (
	"context"
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

// nearest returns the candidates of f (the first maxNearCandidate listed
// events in f's box, in order of start) within in's radius, nearest
// first, as anyone sees them: a hidden place counts where its rounded
// point is (cortege.Event.Redacted). Without words or a group, only the
// points are read (ListedEventPoints), not the events' texts; nearPage
// reads the page.
func (s *Service) nearest(ctx context.Context, f store.EventFilter, in EventQuery) ([]nearItem, error) {
	var out []nearItem
	if f.Terms != "" || f.GroupID != "" {
		evs, err := s.db.Q().SearchEvents(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, k := range evs {
			r := k.Event.Redacted(cortege.EventViewer{})
			if d := cortege.Distance(in.Lat, in.Lon, r.Lat, r.Lon); d <= in.RadiusKM {
				out = append(out, nearItem{k.Key, d, r})
			}
		}
	} else {
		pts, err := s.db.Q().ListedEventPoints(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, pt := range pts {
			r := (&cortege.Event{HasCoords: true, Lat: pt.Lat, Lon: pt.Lon, HidePlace: pt.HidePlace}).Redacted(cortege.EventViewer{})
			if d := cortege.Distance(in.Lat, in.Lon, r.Lat, r.Lon); d <= in.RadiusKM {
				out = append(out, nearItem{key: pt.Key, dist: d})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].dist < out[j].dist })
	return out, nil
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
