package service

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Pagination of event lists.
const (
	EventsPerPage    = 20
	maxNearCandidate = 1000
	maxSearchWords   = 8
)

// EventQuery is a discovery search. Zero values mean "any"; From defaults
// to now, so events past their end drop out of default listings (they
// stay reachable by link).
type EventQuery struct {
	Text       string
	From, To   time.Time
	Near       bool
	Lat, Lon   float64
	RadiusKM   float64 // default 25
	OnlineOnly bool
	Category   string
	GroupID    string
	// After is the cursor of the page (EventPage.Next of the previous
	// one, see ParseCursor); without it the page is found by its number,
	// Page (from 1), which then only labels it. A search near a point is
	// ordered by distance and numbers its pages.
	After   int64
	Page    int
	PerPage int
	// allDates lists every date of a series instead of one item standing
	// for the series (calendar feeds, which write the rule).
	allDates bool
}

// EventItem is an event in a list, as anyone may see it, with its
// distance from the searched point when there was one.
type EventItem struct {
	Event      *cortege.Event
	DistanceKM float64
	HasDist    bool
	// Series is set when the item stands for a whole series (Event is its
	// next date): the rule and its upcoming dates.
	Series *SeriesSummary
}

// EventPage is one page of results.
type EventPage struct {
	Items   []EventItem
	Page    int
	HasNext bool
	// Next is the cursor of the next page ("" when there is none, or when
	// pages are numbered: searches near a point).
	Next string
}

// ParseCursor reads the cursor of a page of events (EventPage.Next); ""
// is the first page. field names the parameter in the error.
func ParseCursor(field, s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, cortege.Invalid(field, "err.search.cursor")
	}
	return n, nil
}

// searchTerms folds the search text and joins its words with "%" for the
// store, which matches each from the start of a word (cortege.MatchesWords).
func searchTerms(text string) string {
	return strings.Join(cortege.SearchTerms(text, maxSearchWords), "%")
}

// SearchEvents finds listed events (public, published, confirmed) by text
// (accent-insensitive), dates, distance from a point, online only,
// category and group, in order of start (or of distance when searching
// near a point), one page at a time, read from the page's cursor: one
// statement whatever the number of events. A series is one item: its
// first date not cancelled and not over, with the series attached.
func (s *Service) SearchEvents(ctx context.Context, a cortege.Actor, in EventQuery) (*EventPage, error) {
	if in.Page < 1 {
		in.Page = 1
	}
	if in.PerPage <= 0 || in.PerPage > 100 && !in.allDates {
		in.PerPage = EventsPerPage
	}
	if err := cortege.CheckTime("from", in.From); err != nil {
		return nil, err
	}
	if err := cortege.CheckTime("to", in.To); err != nil {
		return nil, err
	}
	if in.From.IsZero() {
		in.From = s.now()
	}
	if !in.To.IsZero() && in.To.Before(in.From) {
		return nil, cortege.Invalid("to", "err.search.dates")
	}
	f := store.EventFilter{From: in.From, To: in.To, Terms: searchTerms(in.Text), OnlineOnly: in.OnlineOnly,
		Category: strings.ToLower(strings.TrimSpace(in.Category)), GroupID: in.GroupID, AllDates: in.allDates}
	if in.Near {
		if math.IsNaN(in.Lat) || math.IsNaN(in.Lon) || in.Lat < -90 || in.Lat > 90 || in.Lon < -180 || in.Lon > 180 {
			return nil, cortege.Invalid("lat", "err.coordinates.invalid")
		}
		if in.RadiusKM <= 0 {
			in.RadiusKM = 25
		}
		if in.RadiusKM > 1000 {
			in.RadiusKM = 1000
		}
		f.Box = true
		near, err := s.nearest(ctx, f, in, in.Page*in.PerPage+1)
		if err != nil {
			return nil, err
		}
		start := min((in.Page-1)*in.PerPage, len(near))
		end := min(start+in.PerPage, len(near))
		items, err := s.nearPage(ctx, near[start:end])
		if err != nil {
			return nil, err
		}
		p := &EventPage{Items: items, Page: in.Page, HasNext: end < len(near)}
		if in.allDates {
			return p, nil
		}
		return p, s.withSeries(ctx, p.Items, in.From)
	}
	f.After, f.Limit = in.After, in.PerPage+1
	if in.After == 0 {
		f.Offset = (in.Page - 1) * in.PerPage
	}
	evs, err := s.db.Q().SearchEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	p := &EventPage{Page: in.Page, HasNext: len(evs) > in.PerPage}
	for i, k := range evs {
		if i == in.PerPage {
			p.Next = strconv.FormatInt(evs[i-1].Key, 10)
			break
		}
		p.Items = append(p.Items, EventItem{Event: k.Event.Redacted(cortege.EventViewer{})})
	}
	if in.allDates {
		return p, nil
	}
	return p, s.withSeries(ctx, p.Items, in.From)
}

// SeriesItem is an upcoming event in a group's list: the next occurrence of
// a series stands for the whole series.
type SeriesItem struct {
	Event *cortege.Event
	// More counts the series' other upcoming occurrences in the list.
	More int
	// Series is the rule of the series Event belongs to, nil for a single
	// event.
	Series *cortege.Series
}

// GroupEventsPage is a page of a group's events: its upcoming ones from a
// cursor and a page of its past ones.
type GroupEventsPage struct {
	Upcoming []SeriesItem
	// Next is the cursor of the upcoming events that follow (0: none).
	Next int64
	Past []*cortege.Event
}

// groupScan is how many of a group's events one page reads at most to
// gather its upcoming items (a series' dates count once); groupStep is
// how many it reads at a time, until it has a page of items.
const (
	groupScan = 200
	groupStep = 2*EventsPerPage + 1
)

// groupEventsFrom reads a group's events not over at now from the cursor
// after, groupStep at a time, until they hold more than a page of items
// (an event, or a series whatever its dates), groupScan events, or the
// end. It reports whether it stopped before the end.
func groupEventsFrom(ctx context.Context, q *store.Q, groupID string, now time.Time, after int64) ([]store.KeyedEvent, bool, error) {
	var evs []store.KeyedEvent
	items := map[string]bool{}
	for {
		step := min(groupStep, groupScan-len(evs))
		chunk, err := q.EventsByGroup(ctx, groupID, now, time.Time{}, after, step)
		if err != nil {
			return nil, false, err
		}
		evs = append(evs, chunk...)
		for _, k := range chunk {
			item := k.Event.SeriesID
			if item == "" {
				item = "event " + k.Event.ID
			}
			items[item] = true
		}
		switch {
		case len(chunk) < step:
			return evs, false, nil
		case len(items) > EventsPerPage, len(evs) >= groupScan:
			return evs, true, nil
		}
		after = chunk[len(chunk)-1].Key
	}
}

// GroupEvents lists a page of a group's upcoming events the actor may see
// from the cursor after (0: the first), the next occurrence of each
// series first and once, and its past events (latest first, those with a
// report included), numbered pages: a few statements whatever the
// group's number of events.
func (s *Service) GroupEvents(ctx context.Context, a cortege.Actor, groupID string, after int64, pastPage int) (*GroupEventsPage, error) {
	q := s.db.Q()
	now := s.now()
	evs, more, err := groupEventsFrom(ctx, q, groupID, now, after)
	if err != nil {
		return nil, err
	}
	all := make([]*cortege.Event, len(evs))
	for i, k := range evs {
		all[i] = k.Event
	}
	if pastPage < 1 {
		pastPage = 1
	}
	old, err := q.PastEventsByGroup(ctx, groupID, now, EventsPerPage, (pastPage-1)*EventsPerPage)
	if err != nil {
		return nil, err
	}
	vs, err := s.viewers(ctx, q, a, append(append([]*cortege.Event{}, all...), old...))
	if err != nil {
		return nil, err
	}
	// A series an earlier page showed (its next date stood for it there)
	// is not shown again.
	var shown map[string]bool
	if after > 0 {
		var series []string
		for _, e := range all {
			if e.SeriesID != "" && !slices.Contains(series, e.SeriesID) {
				series = append(series, e.SeriesID)
			}
		}
		if shown, err = q.GroupSeriesUpTo(ctx, groupID, after, now, series); err != nil {
			return nil, err
		}
	}
	out := &GroupEventsPage{}
	index := map[string]int{}
	for i, k := range evs {
		e, v := k.Event, vs[k.Event.ID]
		if !e.VisibleTo(v) || shown[e.SeriesID] {
			continue
		}
		if e.SeriesID != "" {
			if i, ok := index[e.SeriesID]; ok {
				out.Upcoming[i].More++
				if out.Upcoming[i].Event.Cancelled() && !e.Cancelled() {
					out.Upcoming[i].Event = e.Redacted(v) // the next date held stands for the series
				}
				continue
			}
		}
		if len(out.Upcoming) == EventsPerPage {
			out.Next = evs[i-1].Key
			break
		}
		if e.SeriesID != "" {
			index[e.SeriesID] = len(out.Upcoming)
		}
		out.Upcoming = append(out.Upcoming, SeriesItem{Event: e.Redacted(v)})
	}
	if out.Next == 0 && more {
		// The read stopped before the end (hidden events, or dates of
		// series filled it): the rest is on the next page.
		out.Next = evs[len(evs)-1].Key
	}
	if len(index) > 0 {
		ids := make([]string, 0, len(index))
		for id := range index {
			ids = append(ids, id)
		}
		rules, err := q.SeriesByIDs(ctx, ids)
		if err != nil {
			return nil, err
		}
		for id, i := range index {
			out.Upcoming[i].Series = rules[id]
		}
	}
	for _, e := range old {
		if v := vs[e.ID]; e.VisibleTo(v) {
			out.Past = append(out.Past, e.Redacted(v))
		}
	}
	return out, nil
}

// EventDashboard is the events part of a signed-in person's dashboard.
type EventDashboard struct {
	Upcoming   []store.JoinedEvent    // events I take part in, soonest first
	Organising []store.OrganisedEvent // events I organise, with requests to handle
	Suggested  []*cortege.Event       // upcoming events of my groups I have not joined
	Past       []store.JoinedEvent    // my past events, to add a report or photos
}

// MyEvents returns the actor's event dashboard.
func (s *Service) MyEvents(ctx context.Context, a cortege.Actor) (*EventDashboard, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	if a.Profile == nil {
		return &EventDashboard{}, nil
	}
	q := s.db.Q()
	now := s.now()
	pid := a.Profile.ID
	d := &EventDashboard{}
	var err error
	if d.Upcoming, err = q.EventsJoinedBy(ctx, pid, now, time.Time{}, 50); err != nil {
		return nil, err
	}
	if d.Organising, err = q.EventsOrganisedBy(ctx, pid, now, 50); err != nil {
		return nil, err
	}
	sug, err := q.SuggestedEvents(ctx, pid, now, 20)
	if err != nil {
		return nil, err
	}
	keep := once{} // a series is suggested once, by its next date
	for _, e := range sug {
		if keep.keep(e) {
			d.Suggested = append(d.Suggested, e.Redacted(cortege.EventViewer{SignedIn: true, GroupMember: true}))
		}
	}
	if d.Past, err = q.PastEventsJoinedBy(ctx, pid, now, 20); err != nil {
		return nil, err
	}
	for i := range d.Upcoming {
		d.Upcoming[i].Event = d.Upcoming[i].Event.Redacted(cortege.EventViewer{SignedIn: true, Status: d.Upcoming[i].Status})
	}
	for i := range d.Past {
		d.Past[i].Event = d.Past[i].Event.Redacted(cortege.EventViewer{SignedIn: true, Status: d.Past[i].Status})
	}
	return d, nil
}
