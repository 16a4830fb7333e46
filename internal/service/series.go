package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// RepeatInput makes an event recurring: weekly (every Interval weeks),
// monthly on the same date, or monthly on the same weekday ("third
// Friday"; LastWeekday for "last Friday"). Until ends the series.
type RepeatInput struct {
	Freq        string
	Interval    int
	LastWeekday bool
	Until       time.Time
}

// startSeries creates the series whose first occurrence is e.
func (s *Service) startSeries(ctx context.Context, q *store.Q, e *cortege.Event, in *RepeatInput) error {
	ser := &cortege.Series{ID: cortege.NewID(e.CreatedAt), Freq: in.Freq, Interval: in.Interval, TZ: e.TZ,
		FirstStart: e.Start, Duration: e.End.Sub(e.Start), Until: in.Until, TemplateID: e.ID, CreatedAt: e.CreatedAt}
	if in.LastWeekday && in.Freq == cortege.FreqMonthlyWeekday {
		_, wd, _ := cortege.MonthlyWeekdayOf(e.Start, e.Location())
		ser.Week, ser.Weekday = -1, wd
	}
	if err := ser.Validate(); err != nil {
		return err
	}
	if err := q.CreateSeries(ctx, ser); err != nil {
		return err
	}
	e.SeriesID, e.Occurrence = ser.ID, 0
	return nil
}

// generateOccurrences creates the series' missing occurrences up to the
// horizon, copying its template (the latest occurrence edited "with the
// following ones") at the template's local time of day. Occurrence
// indexes are unique per series, so two generators racing add each once.
func (s *Service) generateOccurrences(ctx context.Context, q *store.Q, seriesID string, now time.Time) error {
	ser, err := q.SeriesByID(ctx, seriesID)
	if err != nil {
		return err
	}
	tmpl, err := q.EventByID(ctx, ser.TemplateID)
	if err != nil {
		return err
	}
	horizon := now.Add(cortege.SeriesHorizon)
	from := ser.GeneratedUntil
	if from.IsZero() {
		from = ser.FirstStart
	}
	existing, err := q.EventsInSeries(ctx, ser.ID, 0)
	if err != nil {
		return err
	}
	have := map[int]bool{}
	for _, x := range existing {
		have[x.Occurrence] = true
	}
	orgs, err := q.EventOrganizers(ctx, tmpl.ID)
	if err != nil {
		return err
	}
	qs, err := q.Questions(ctx, tmpl.ID)
	if err != nil {
		return err
	}
	loc := tmpl.Location()
	h, m, sec := tmpl.Start.In(loc).Clock()
	dur := tmpl.End.Sub(tmpl.Start)
	for _, o := range ser.Occurrences(from, horizon, cortege.MaxOccurrences) {
		if have[o.Index] || o.Index <= tmpl.Occurrence {
			continue
		}
		day := o.Start.In(loc)
		start := cortege.AtWall(cortege.Wall{Year: day.Year(), Month: day.Month(), Day: day.Day(), Hour: h, Min: m, Sec: sec}, loc)
		occ := *tmpl
		occ.ID = cortege.NewID(now)
		occ.Start, occ.End = start.UTC(), start.Add(dur).UTC()
		occ.Occurrence, occ.Sequence = o.Index, 0
		occ.Report, occ.ReportAt, occ.CancelledAt = "", time.Time{}, time.Time{}
		occ.Status = tmpl.Status
		if occ.Status == cortege.EventCancelled {
			occ.Status = cortege.EventConfirmed
		}
		occ.CreatedAt, occ.UpdatedAt = now, now
		if err := q.CreateEvent(ctx, &occ, ""); err != nil {
			if cortege.ErrorCode(err) == cortege.ECONFLICT {
				continue
			}
			return err
		}
		for _, org := range orgs {
			if org.Status != cortege.OrganiserAccepted {
				continue
			}
			c := *org
			c.EventID, c.CreatedAt = occ.ID, now
			if err := q.AddEventOrganizer(ctx, &c); err != nil {
				return err
			}
		}
		if len(qs) > 0 {
			cp := make([]*cortege.Question, len(qs))
			for i, x := range qs {
				y := *x
				y.ID = cortege.NewID(now)
				cp[i] = &y
			}
			if err := q.ReplaceQuestions(ctx, occ.ID, cp); err != nil {
				return err
			}
		}
	}
	ser.GeneratedUntil = horizon
	return q.UpdateSeries(ctx, ser)
}

// ExtendSeries generates the occurrences of every series up to the
// horizon (the hourly job).
func (s *Service) ExtendSeries(ctx context.Context) error {
	now := s.now()
	list, err := s.db.Q().SeriesToExtend(ctx, now.Add(cortege.SeriesHorizon), 100)
	if err != nil {
		return err
	}
	for _, ser := range list {
		if err := s.inTx(ctx, func(q *store.Q) error { return s.generateOccurrences(ctx, q, ser.ID, now) }); err != nil {
			return err
		}
	}
	return nil
}

// editFollowing applies an edit of occurrence e (from before) to the
// following occurrences: the same fields, and the same local time of day
// and duration on their own dates. e becomes the template of occurrences
// generated later.
func (s *Service) editFollowing(ctx context.Context, q *store.Q, v cortege.EventViewer, a cortege.Actor, before, e *cortege.Event, now time.Time) error {
	more, err := q.EventsInSeries(ctx, e.SeriesID, e.Occurrence+1)
	if err != nil {
		return err
	}
	loc := e.Location()
	h, m, sec := e.Start.In(loc).Clock()
	dur := e.End.Sub(e.Start)
	for _, o := range more {
		if o.Cancelled() {
			continue
		}
		prev := *o
		next := *e
		next.ID, next.Occurrence, next.Sequence = o.ID, o.Occurrence, o.Sequence
		next.CreatedAt, next.Report, next.ReportAt = o.CreatedAt, o.Report, o.ReportAt
		next.Status, next.CancelledAt = o.Status, o.CancelledAt
		day := o.Start.In(loc)
		w := cortege.Wall{Year: day.Year(), Month: day.Month(), Day: day.Day(), Hour: h, Min: m, Sec: sec}
		if len(cortege.Instants(w, loc)) == 0 {
			return cortege.Invalid("start", "err.series.time_gap") // that hour does not exist on this date
		}
		start := cortege.AtWall(w, loc)
		next.Start, next.End = start.UTC(), start.Add(dur).UTC()
		if err := s.saveEdit(ctx, q, v, a, &prev, &next, now); err != nil {
			return err
		}
	}
	ser, err := q.SeriesByID(ctx, e.SeriesID)
	if err != nil {
		return err
	}
	ser.TemplateID = e.ID
	return q.UpdateSeries(ctx, ser)
}

// SeriesOccurrences lists the occurrences of the series an event belongs
// to, from that event on, as the actor may see them.
func (s *Service) SeriesOccurrences(ctx context.Context, a cortege.Actor, ref EventRef) ([]*cortege.Event, error) {
	q := s.db.Q()
	e, _, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	if e.SeriesID == "" {
		return nil, nil
	}
	all, err := q.EventsInSeries(ctx, e.SeriesID, 0)
	if err != nil {
		return nil, err
	}
	var out []*cortege.Event
	for _, o := range all {
		v, _, err := s.viewer(ctx, q, a, o, false)
		if err != nil {
			return nil, err
		}
		if o.VisibleTo(v) {
			out = append(out, o.Redacted(v))
		}
	}
	return out, nil
}
