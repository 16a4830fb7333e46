package store

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"

	"codeberg.org/cortege/cortege"
)

// keyShift is the factor of starts_at in start_key (2^20): an event's key
// is its start in milliseconds times keyShift plus its rank among the
// events starting that millisecond (migration 0012).
const keyShift = 1 << 20

// KeyOf returns the smallest start_key of events starting at t: a cursor
// "after" it (minus one) starts a list at t.
func KeyOf(t time.Time) int64 { return ms(t) * keyShift }

// noKey is above every start_key (the years end at cortege.MaxYear).
const noKey = int64(1<<63 - 1)

// EventFilter selects listed events for discovery.
type EventFilter struct {
	From, To   time.Time // events not over at From and starting before To
	Terms      string    // folded words joined by "%" ("" for any)
	Box        bool      // restrict to the bounding box below
	MinLat     float64
	MaxLat     float64
	MinLon     float64
	MaxLon     float64
	OnlineOnly bool
	Category   string
	GroupID    string
	// AllDates lists every date of a series; otherwise a series is one
	// item, its first date not cancelled and not over at From.
	AllDates bool
	// After is the cursor: the start_key of the last item of the previous
	// page (0 for the first page).
	After  int64
	Limit  int
	Offset int
}

// KeyedEvent is an event of a list with its start_key, the cursor of the
// page that follows it.
type KeyedEvent struct {
	Event *cortege.Event
	Key   int64
}

// keyFloor is the start_key below which no event is still on at from:
// none started more than MaxEventDuration before it (every key, for a
// zero from).
func keyFloor(from time.Time) int64 {
	if from.IsZero() {
		return math.MinInt64
	}
	return KeyOf(from.Add(-cortege.MaxEventDuration)) - 1
}

// window returns the keys a list of events not over at from and starting
// before to reads between: no event started more than MaxEventDuration
// before from is still on at from.
func window(from, to time.Time, after int64) (lo, hi int64) {
	lo = keyFloor(from)
	if after > lo {
		lo = after
	}
	hi = noKey
	if !to.IsZero() {
		hi = KeyOf(to)
	}
	return lo, hi
}

func (q *Q) keyedEvents(ctx context.Context, name string, args ...any) ([]KeyedEvent, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []KeyedEvent
	for rows.Next() {
		var k KeyedEvent
		if k.Event, err = scanEvent(rows, &k.Key); err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, k)
	}
	return out, wrap(name, rows.Err())
}

// SearchEvents lists listed events matching f, in order of start, from
// the cursor f.After, reading the page, not the instance: by text through
// the full-text index in one statement; otherwise one statement per span
// class (bySpan), by group through its organiser rows.
func (q *Q) SearchEvents(ctx context.Context, f EventFilter) ([]KeyedEvent, error) {
	_, hi := window(f.From, f.To, f.After)
	from := ms(f.From)
	filters := []any{from, f.Box, f.MinLat, f.MaxLat, f.MinLon, f.MaxLon, f.OnlineOnly, f.Category, f.Category}
	seriesFloor := KeyOf(f.From.Add(-cortege.MaxEventDuration)) - 1
	limit := f.Limit
	if limit > 0 {
		limit += f.Offset
	}
	if f.Terms != "" {
		var match string
		if err := q.get(ctx, "SearchMatch", []any{f.Terms}, &match); err != nil {
			return nil, err
		}
		// The matches from the shortest class's floor, every class; those
		// begun before it, class by class (few: long events still on).
		floor := int64(math.MinInt64)
		if !f.From.IsZero() {
			floor = KeyOf(f.From.Add(-spanBounds[0])) - 1
		}
		return q.bySpan(ctx, f.From, f.After, f.Offset, f.Limit, func(class int, lo int64) ([]KeyedEvent, error) {
			name, top := "ListedEventsMatching", hi
			if class > 0 {
				name, top = "ListedEventsMatchingLong", min(hi, floor+1)
				if lo >= top-1 {
					return nil, nil
				}
			}
			args := []any{match}
			if class > 0 {
				args = []any{f.Terms, class}
			}
			args = append(append(args, lo, top), filters...)
			args = append(args, f.GroupID, f.GroupID, f.AllDates, seriesFloor, from, limit, 0)
			return q.keyedEvents(ctx, name, args...)
		})
	}
	name, lead := "ListedEvents", []any{}
	if f.GroupID != "" {
		name, lead = "ListedEventsOfGroup", []any{f.GroupID}
	}
	return q.bySpan(ctx, f.From, f.After, f.Offset, f.Limit, func(class int, lo int64) ([]KeyedEvent, error) {
		args := append(append(slices.Clip(lead), class, lo, hi), filters...)
		args = append(args, f.AllDates, seriesFloor, from, limit, 0)
		return q.keyedEvents(ctx, name, args...)
	})
}

// spanBounds are the longest durations of the events of each span class
// (the column events.span_class, migration 0021, copied to the organisers'
// rows by migration 0022): a list of events not over at From walks each
// class from From minus its bound, so it skips the events over in the last
// few hours, not in the last MaxEventDuration.
var spanBounds = [...]time.Duration{3 * time.Hour, 12 * time.Hour, 72 * time.Hour, cortege.MaxEventDuration}

// keyed is a list's items with their start_keys, in order.
type keyed[T any] struct {
	items []T
	keys  []int64
}

// spanParts runs page once per span class from the class's floor (from
// minus its bound; every key for a zero from), as bySpan does, for lists
// whose items are not KeyedEvents.
func spanParts[T any](from time.Time, page func(class int, lo int64) ([]T, []int64, error)) ([]keyed[T], error) {
	parts := make([]keyed[T], 0, len(spanBounds))
	for class, bound := range spanBounds {
		lo := int64(math.MinInt64)
		if !from.IsZero() {
			lo = KeyOf(from.Add(-bound)) - 1
		}
		items, keys, err := page(class, lo)
		if err != nil {
			return nil, err
		}
		parts = append(parts, keyed[T]{items, keys})
	}
	return parts, nil
}

// firstByKey merges lists in order of start_key and keeps the first limit
// items (all when limit ≤ 0).
func firstByKey[T any](parts []keyed[T], limit int) []T {
	type item struct {
		v T
		k int64
	}
	var all []item
	for _, p := range parts {
		for i, v := range p.items {
			all = append(all, item{v, p.keys[i]})
		}
	}
	slices.SortFunc(all, func(a, b item) int { return cmp.Compare(a.k, b.k) })
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	out := make([]T, len(all))
	for i, x := range all {
		out[i] = x.v
	}
	return out
}

// bySpan runs one page of a list per span class, each from its own floor
// (from minus the class's bound, or the cursor after when later), and
// merges them in order of start, skipping offset and keeping limit (all
// when limit ≤ 0): a constant number of statements, each reading its page
// and the events of its class over since its floor.
func (q *Q) bySpan(ctx context.Context, from time.Time, after int64, offset, limit int, page func(class int, lo int64) ([]KeyedEvent, error)) ([]KeyedEvent, error) {
	var all []KeyedEvent
	for class, bound := range spanBounds {
		lo := int64(math.MinInt64)
		if !from.IsZero() {
			lo = KeyOf(from.Add(-bound)) - 1
		}
		ks, err := page(class, max(lo, after))
		if err != nil {
			return nil, err
		}
		all = append(all, ks...)
	}
	slices.SortFunc(all, func(a, b KeyedEvent) int { return cmp.Compare(a.Key, b.Key) })
	all = all[min(offset, len(all)):]
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}

// EventsByGroup lists, in order of start from the cursor after, the
// events a group organises not over at from and starting before to.
func (q *Q) EventsByGroup(ctx context.Context, groupID string, from, to time.Time, after int64, limit int) ([]KeyedEvent, error) {
	_, hi := window(from, to, after)
	return q.bySpan(ctx, from, after, 0, limit, func(class int, lo int64) ([]KeyedEvent, error) {
		return q.keyedEvents(ctx, "EventsByGroup", groupID, class, lo, hi, ms(from), limit)
	})
}

// PastEventsByGroup lists a group's events over at now, latest first.
func (q *Q) PastEventsByGroup(ctx context.Context, groupID string, now time.Time, limit, offset int) ([]*cortege.Event, error) {
	ks, err := q.keyedEvents(ctx, "PastEventsByGroup", groupID, KeyOf(now), ms(now), limit, offset)
	return eventsOf(ks), err
}

// eventsOf drops the keys.
func eventsOf(ks []KeyedEvent) []*cortege.Event {
	out := make([]*cortege.Event, len(ks))
	for i, k := range ks {
		out[i] = k.Event
	}
	return out
}

// EventRelation is what a profile is to one event: organiser through a
// group, member of an organising group, its participation's status.
type EventRelation struct {
	GroupOrganiser bool
	GroupMember    bool
	Status         string
}

// EventRelations returns, in one statement, what a profile is to each of
// the events ids, by event ID.
func (q *Q) EventRelations(ctx context.Context, profileID string, ids []string) (map[string]EventRelation, error) {
	out := map[string]EventRelation{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := idList(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, "EventRelations", profileID, profileID, profileID, list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r EventRelation
		if err := rows.Scan(&id, &r.GroupOrganiser, &r.GroupMember, &r.Status); err != nil {
			return nil, wrap("EventRelations", err)
		}
		out[id] = r
	}
	return out, wrap("EventRelations", rows.Err())
}

// CancelReasons returns the reasons recorded for the events ids, by ID,
// in one statement.
func (q *Q) CancelReasons(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := idList(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, "CancelReasons", list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, reason string
		if err := rows.Scan(&id, &reason); err != nil {
			return nil, wrap("CancelReasons", err)
		}
		out[id] = reason
	}
	return out, wrap("CancelReasons", rows.Err())
}

// GroupSeriesUpTo reports which of the series have an event the group
// organises with start_key at most upTo that is not over at now: on the
// group's pages of events after upTo, those were shown already.
func (q *Q) GroupSeriesUpTo(ctx context.Context, groupID string, upTo int64, now time.Time, series []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(series) == 0 {
		return out, nil
	}
	list, err := idList(series)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, "GroupSeriesUpTo", groupID, upTo, ms(now), list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
