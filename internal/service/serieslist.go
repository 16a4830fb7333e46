package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Lists show a series once: its next date stands for all of them, with
// the rule in words. These limit the work of one page.
const (
	seriesScanMax = 5000 // dates read at most to fill one page
	seriesNext    = 5    // upcoming dates given with a series item
)

// SeriesSummary is what a list shows of a series standing as one item.
type SeriesSummary struct {
	Series *cortege.Series
	// Next are its upcoming listed dates (not cancelled), soonest first,
	// at most five; Count is how many it has (dates are generated up to
	// cortege.SeriesHorizon ahead).
	Next  []*cortege.Event
	Count int
}

// once keeps one date per series in a list, in the list's order: the
// first that is not cancelled (a cancelled date shows in the series' own
// list, not in place of the series). Events outside a series all pass.
type once map[string]bool

func (o once) keep(e *cortege.Event) bool {
	if e.SeriesID == "" {
		return true
	}
	if e.Cancelled() || o[e.SeriesID] {
		return false
	}
	o[e.SeriesID] = true
	return true
}

// seriesSummaries describes the series of the listed events evs, in one
// statement each for the rules and the upcoming dates (from on).
func (s *Service) seriesSummaries(ctx context.Context, evs []*cortege.Event, from time.Time) (map[string]*SeriesSummary, error) {
	var ids []string
	for _, e := range evs {
		if e.SeriesID != "" {
			ids = append(ids, e.SeriesID)
		}
	}
	out := map[string]*SeriesSummary{}
	if len(ids) == 0 {
		return out, nil
	}
	q := s.db.Q()
	rules, err := q.SeriesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	dates, counts, err := q.ListedSeriesDates(ctx, ids, from, seriesNext)
	if err != nil {
		return nil, err
	}
	for id, ser := range rules {
		d := dates[id]
		sum := &SeriesSummary{Series: ser, Count: counts[id]}
		for _, e := range d {
			sum.Next = append(sum.Next, e.Redacted(cortege.EventViewer{}))
		}
		out[id] = sum
	}
	return out, nil
}

// withSeries attaches its series to each item standing for one.
func (s *Service) withSeries(ctx context.Context, items []EventItem, from time.Time) error {
	evs := make([]*cortege.Event, len(items))
	for i, it := range items {
		evs[i] = it.Event
	}
	sums, err := s.seriesSummaries(ctx, evs, from)
	if err != nil {
		return err
	}
	for i := range items {
		items[i].Series = sums[items[i].Event.SeriesID]
	}
	return nil
}

// SeriesNext is the date a link to the whole series leads to, as the
// actor may see it: the next one not cancelled, else the last one.
func (s *Service) SeriesNext(ctx context.Context, a cortege.Actor, seriesID string) (*cortege.Event, error) {
	q := s.db.Q()
	all, err := q.EventsInSeries(ctx, seriesID, 0)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var last *cortege.Event
	for _, o := range all {
		v, _, err := s.viewer(ctx, q, a, o, false)
		if err != nil {
			return nil, err
		}
		if !o.VisibleTo(v) {
			continue
		}
		if !o.Past(now) && !o.Cancelled() {
			return o.Redacted(v), nil
		}
		last = o.Redacted(v)
	}
	if last == nil {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.event.not_found")
	}
	return last, nil
}

// nextOfEach keeps, of each series in evs (in order of start), one date in
// its own place: the next one not cancelled and not over, else the last
// not cancelled, else the last. Single events all stay. It returns the
// rules of the series kept.
func (s *Service) nextOfEach(ctx context.Context, q *store.Q, evs []*cortege.Event) ([]*cortege.Event, map[string]*cortege.Series, error) {
	now := s.now()
	pick := map[string]*cortege.Event{}
	settled := map[string]bool{}
	var ids []string
	for _, e := range evs {
		if e.SeriesID == "" || settled[e.SeriesID] {
			continue
		}
		cur, seen := pick[e.SeriesID]
		if !seen {
			ids = append(ids, e.SeriesID)
		}
		switch {
		case !e.Cancelled() && !e.Past(now):
			pick[e.SeriesID], settled[e.SeriesID] = e, true
		case !seen || !e.Cancelled() || cur.Cancelled():
			pick[e.SeriesID] = e
		}
	}
	var out []*cortege.Event
	for _, e := range evs {
		if e.SeriesID == "" || pick[e.SeriesID] == e {
			out = append(out, e)
		}
	}
	rules, err := q.SeriesByIDs(ctx, ids)
	return out, rules, err
}
