package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"codeberg.org/cortege/cortege"
)

func scanSeries(s scanner) (*cortege.Series, error) {
	var x cortege.Series
	var wd int
	var first, dur, until, gen, created int64
	if err := s.Scan(&x.ID, &x.Freq, &x.Interval, &wd, &x.Week, &x.MonthDay, &x.TZ, &first, &dur, &until,
		&x.TemplateID, &gen, &created); err != nil {
		return nil, err
	}
	x.Weekday = time.Weekday(wd)
	x.FirstStart, x.Duration, x.Until = fromMS(first), time.Duration(dur)*time.Millisecond, fromMS(until)
	x.GeneratedUntil, x.CreatedAt = fromMS(gen), fromMS(created)
	return &x, nil
}

// CreateSeries inserts a series rule.
func (q *Q) CreateSeries(ctx context.Context, s *cortege.Series) error {
	_, err := q.exec(ctx, "CreateSeries", s.ID, s.Freq, s.Interval, int(s.Weekday), s.Week, s.MonthDay, s.TZ,
		ms(s.FirstStart), s.Duration.Milliseconds(), ms(s.Until), s.TemplateID, ms(s.GeneratedUntil), ms(s.CreatedAt))
	return err
}

// UpdateSeries saves a series' end, template and generation mark.
func (q *Q) UpdateSeries(ctx context.Context, s *cortege.Series) error {
	return q.changed(ctx, "UpdateSeries", ms(s.Until), s.TemplateID, ms(s.GeneratedUntil), s.ID)
}

// SeriesByID returns a series or ENOTFOUND.
func (q *Q) SeriesByID(ctx context.Context, id string) (*cortege.Series, error) {
	s, err := scanSeries(q.stmt(ctx, "SeriesByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return s, wrap("SeriesByID", err)
}

// SeriesToExtend lists series whose occurrences stop before horizon.
func (q *Q) SeriesToExtend(ctx context.Context, horizon time.Time, limit int) ([]*cortege.Series, error) {
	rows, err := q.query(ctx, "SeriesToExtend", ms(horizon), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Series
	for rows.Next() {
		s, err := scanSeries(rows)
		if err != nil {
			return nil, wrap("SeriesToExtend", err)
		}
		out = append(out, s)
	}
	return out, wrap("SeriesToExtend", rows.Err())
}

// idList is ids as the JSON array the "IN (json_each(?))" statements read.
func idList(ids []string) (string, error) {
	b, err := json.Marshal(ids)
	return string(b), err
}

// SeriesByIDs returns the series of ids that exist, by ID, in one statement.
func (q *Q) SeriesByIDs(ctx context.Context, ids []string) (map[string]*cortege.Series, error) {
	out := map[string]*cortege.Series{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := idList(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, "SeriesByIDs", list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanSeries(rows)
		if err != nil {
			return nil, wrap("SeriesByIDs", err)
		}
		out[s.ID] = s
	}
	return out, wrap("SeriesByIDs", rows.Err())
}

// ListedSeriesDates returns, for each series in ids, its first next
// listed, not cancelled dates not over at from, soonest first, and how
// many such dates it has.
func (q *Q) ListedSeriesDates(ctx context.Context, ids []string, from time.Time, next int) (map[string][]*cortege.Event, map[string]int, error) {
	out, counts := map[string][]*cortege.Event{}, map[string]int{}
	if len(ids) == 0 {
		return out, counts, nil
	}
	list, err := idList(ids)
	if err != nil {
		return nil, nil, err
	}
	floor := KeyOf(from.Add(-cortege.MaxEventDuration)) - 1
	rows, err := q.query(ctx, "ListedSeriesDates", floor, ms(from), list, floor, ms(from), next)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		e, err := scanEvent(rows, &n)
		if err != nil {
			return nil, nil, wrap("ListedSeriesDates", err)
		}
		out[e.SeriesID] = append(out[e.SeriesID], e)
		counts[e.SeriesID] = n
	}
	return out, counts, wrap("ListedSeriesDates", rows.Err())
}
