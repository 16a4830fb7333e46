package api

import (
	"time"

	"codeberg.org/cortege/cortege"
)

// localLayouts are the local date-times an event's start and end may be
// given as, without an offset: read on the clocks of the event's zone.
var localLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04"}

// eventTime reads an event's start or end: an RFC 3339 instant (or a
// date) as parseTime does, or a local date-time without offset
// ("2027-03-28T10:30") on the clocks of zone tz. A local time the clocks
// skip (02:30 on the night of the spring change) is refused naming field;
// one they show twice (autumn) is the first, before the clocks go back.
func eventTime(field, s, tz string) (time.Time, error) {
	if _, err := time.Parse(time.RFC3339, s); err == nil {
		return parseTime(field, s)
	}
	for _, l := range localLayouts {
		t, err := time.Parse(l, s)
		if err != nil || t.IsZero() {
			continue
		}
		loc, err := cortege.LoadLocation(tz)
		if err != nil || tz == "" || tz == "Local" {
			return time.Time{}, cortege.Invalid("tz", "err.event.tz_invalid")
		}
		at, err := cortege.LocalTime(field, cortege.WallOf(t, time.UTC), loc)
		return at.UTC(), err
	}
	return parseTime(field, s)
}
