package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/ics"
	"codeberg.org/cortege/cortege/internal/store"
)

// feedRefresh is how often subscribed calendars are asked to fetch a feed
// again (REFRESH-INTERVAL): new dates of a series appear within the hour.
const feedRefresh = time.Hour

// feedCalendar builds a subscribed calendar of evs (already redacted for
// the reader, in order of start). The dates of a series are one VEVENT
// with its rule (seriesEvents); other events are one VEVENT each.
func (s *Service) feedCalendar(ctx context.Context, q *store.Q, name string, evs []*cortege.Event) ([]byte, error) {
	cal := ics.Calendar{Name: name, Stamp: s.now(), Refresh: feedRefresh}
	bySeries := map[string][]*cortege.Event{}
	for _, e := range evs {
		if e.SeriesID != "" {
			bySeries[e.SeriesID] = append(bySeries[e.SeriesID], e)
		}
	}
	var ids []string
	for id := range bySeries {
		ids = append(ids, id)
	}
	rules, err := q.SeriesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	d, err := icsDataOf(ctx, q, evs)
	if err != nil {
		return nil, err
	}
	done := map[string]bool{}
	for _, e := range evs {
		if ser := rules[e.SeriesID]; ser != nil {
			if done[ser.ID] {
				continue
			}
			done[ser.ID] = true
			if ies, ok := s.seriesEvents(d, ser, bySeries[ser.ID]); ok {
				cal.Events = append(cal.Events, ies...)
				continue
			}
			for _, x := range bySeries[ser.ID] {
				cal.Events = append(cal.Events, s.icsEvent(d, x))
			}
			continue
		}
		cal.Events = append(cal.Events, s.icsEvent(d, e))
	}
	return ics.Marshal(cal)
}

// seriesEvents writes the dates of ser that a feed lists (dates, in order
// of start) as one master VEVENT and its overrides, with the series' UID:
// the rule runs from the first listed date not cancelled to the last
// (UNTIL), every date of the rule between them that is not listed, or is
// cancelled, is an EXDATE (removed, hidden from the reader, outside the
// feed's filters), and a listed date whose hour, length, title, place or
// status differ from the master's is a RECURRENCE-ID override. The master
// takes the latest date's details, which new dates copy. ok is false
// when no listed date is held, or when the rule would need more EXDATEs
// than it has dates: the caller lists them one by one.
func (s *Service) seriesEvents(d *icsData, ser *cortege.Series, dates []*cortege.Event) (out []ics.Event, ok bool) {
	byIndex := map[int]*cortege.Event{}
	var live []*cortege.Event
	for _, e := range dates {
		if !e.Cancelled() {
			if _, dup := byIndex[e.Occurrence]; !dup {
				live = append(live, e)
			}
			byIndex[e.Occurrence] = e
		}
	}
	if len(live) == 0 {
		return nil, false
	}
	first, last := live[0].Occurrence, live[0].Occurrence
	for _, e := range live {
		first, last = min(first, e.Occurrence), max(last, e.Occurrence)
	}
	model := byIndex[last]
	loc, err := cortege.LoadLocation(ser.TZ)
	if err != nil {
		return nil, false
	}
	clock := model.Start.In(loc)
	length := model.End.Sub(model.Start)
	// instance is the start the rule gives date n: its day at the model's
	// time of day, as a reader expands the RRULE.
	instance := func(n int) (time.Time, bool) {
		o, ok := ser.At(n)
		if !ok {
			return time.Time{}, false
		}
		d := o.Start.In(loc)
		return cortege.AtWall(cortege.Wall{Year: d.Year(), Month: d.Month(), Day: d.Day(),
			Hour: clock.Hour(), Min: clock.Minute(), Sec: clock.Second()}, loc).UTC(), true
	}
	master := s.icsEvent(d, model)
	uid := ser.ID + "@" + s.host()
	master.UID, master.URL, master.TZ, master.Created = uid, s.URL("/series/"+ser.ID), ser.TZ, ser.CreatedAt
	master.Start, _ = instance(first)
	master.End = master.Start.Add(length)
	master.RRule = ser.RRule(time.Time{})
	master.Until, _ = instance(last)
	for n := first + 1; n < last; n++ {
		if at, ok := instance(n); ok && byIndex[n] == nil {
			master.ExDates = append(master.ExDates, at)
		}
	}
	if len(master.ExDates) > len(live) {
		// More holes than dates (two dates joined months apart): the dates
		// read better one by one.
		return nil, false
	}
	for _, e := range live {
		if e.UpdatedAt.After(master.Modified) {
			master.Modified = e.UpdatedAt
		}
	}
	out = append(out, master)
	for _, e := range live {
		at, _ := instance(e.Occurrence)
		ie := s.icsEvent(d, e)
		if ie.Start.Equal(at) && ie.End.Sub(ie.Start) == length && ie.Summary == master.Summary &&
			ie.Location == master.Location && ie.Status == master.Status && ie.Description == master.Description &&
			ie.HasGeo == master.HasGeo && ie.Lat == master.Lat && ie.Lon == master.Lon {
			continue
		}
		ie.UID, ie.TZ, ie.RecurrenceID = uid, ser.TZ, at
		out = append(out, ie)
	}
	return out, true
}
