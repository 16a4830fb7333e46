package store

import (
	"context"
	"encoding/json"
	"math"
	"slices"

	"codeberg.org/cortege/cortege"
)

// EventPoint is a listed event as the search near a place first needs it:
// where it is (the place may be hidden: the caller rounds the point as
// cortege.Event.Redacted does) and its start_key, without its texts.
type EventPoint struct {
	ID        string
	Lat, Lon  float64
	HidePlace bool
	Key       int64
}

// ListedEventPoints lists, in order of start, up to f.Limit listed events
// with coordinates inside f's box, not over at f.From and matching f's
// other filters (not Terms nor GroupID): one statement per span class,
// each from its own floor, merged.
func (q *Q) ListedEventPoints(ctx context.Context, f EventFilter) ([]EventPoint, error) {
	_, hi := window(f.From, f.To, 0)
	from := ms(f.From)
	seriesFloor := KeyOf(f.From.Add(-cortege.MaxEventDuration)) - 1
	parts, err := spanParts(f.From, func(class int, lo int64) ([]EventPoint, []int64, error) {
		rows, err := q.query(ctx, "ListedEventPoints", class, lo, hi, from, f.MinLat, f.MaxLat, f.MinLon, f.MaxLon,
			f.OnlineOnly, f.Category, f.Category, f.AllDates, seriesFloor, from, f.Limit, 0)
		if err != nil {
			return nil, nil, err
		}
		defer rows.Close()
		var out []EventPoint
		var keys []int64
		for rows.Next() {
			var p EventPoint
			if err := rows.Scan(&p.ID, &p.Lat, &p.Lon, &p.HidePlace, &p.Key); err != nil {
				return nil, nil, wrap("ListedEventPoints", err)
			}
			out, keys = append(out, p), append(keys, p.Key)
		}
		return out, keys, wrap("ListedEventPoints", rows.Err())
	})
	return firstByKey(parts, f.Limit), err
}

// NearPoint is a listed event near a place, as its search first needs it:
// an EventPoint with its series and status, to keep one date of a series.
type NearPoint struct {
	EventPoint
	SeriesID string
	Status   string
}

// ListedEventPointsNear lists up to limit listed events whose point as
// anyone sees it (rounded when the place is hidden) is inside f's box, not
// over at f.From and starting before f.To (none for
// zero), matching f's category and online filters, in no order: on SQLite
// through the R*Tree events_geo, which answers the box and the time.
func (q *Q) ListedEventPointsNear(ctx context.Context, f EventFilter, limit int) ([]NearPoint, error) {
	from, to := ms(f.From), int64(math.MaxInt64/2)
	if !f.To.IsZero() {
		to = ms(f.To)
	}
	args := []any{f.MaxLat, f.MinLat, f.MaxLon, f.MinLon, from, to, from, to}
	if q.db.Dialect == Postgres {
		args = []any{from, to, f.MinLat, f.MaxLat, f.MinLon, f.MaxLon, f.MinLat, f.MaxLat, f.MinLon, f.MaxLon}
	}
	args = append(args, f.OnlineOnly, f.Category, f.Category, limit)
	rows, err := q.query(ctx, "ListedEventPointsNear", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []NearPoint
	for rows.Next() {
		var p NearPoint
		if err := rows.Scan(&p.ID, &p.Lat, &p.Lon, &p.HidePlace, &p.Key, &p.SeriesID, &p.Status); err != nil {
			return nil, wrap("ListedEventPointsNear", err)
		}
		out = append(out, p)
	}
	return out, wrap("ListedEventPointsNear", rows.Err())
}

// CountEventPointsNear counts, up to limit, the listed events whose point
// as anyone sees it may be inside f's box and that are not over at f.From
// nor starting after f.To: at least as many as ListedEventPointsNear
// returns (its other filters left out), from the R*Tree alone on SQLite.
func (q *Q) CountEventPointsNear(ctx context.Context, f EventFilter, limit int) (int, error) {
	from, to := ms(f.From), int64(math.MaxInt64/2)
	if !f.To.IsZero() {
		to = ms(f.To)
	}
	var n int
	return n, q.get(ctx, "CountEventPointsNear", []any{f.MaxLat, f.MinLat, f.MaxLon, f.MinLon, from, to, limit}, &n)
}

// EventsByKeys returns the events of keys in the order of keys (those
// that no longer exist left out), in one statement.
func (q *Q) EventsByKeys(ctx context.Context, keys []int64) ([]KeyedEvent, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(keys)
	if err != nil {
		return nil, err
	}
	ks, err := q.keyedEvents(ctx, "EventsByKeys", string(b))
	if err != nil {
		return nil, err
	}
	rank := make(map[int64]int, len(keys))
	for i, k := range keys {
		rank[k] = i
	}
	slices.SortFunc(ks, func(a, b KeyedEvent) int { return rank[a.Key] - rank[b.Key] })
	return ks, nil
}
