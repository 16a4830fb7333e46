package ics

import (
	"fmt"
	"time"

	ical "github.com/arran4/golang-ical"

	"codeberg.org/cortege/cortege"
)

// Timezone builds the VTIMEZONE of an IANA zone from Go's time zone data:
// the offset in force at the start of from's year, then every transition
// up to the end of to's year, found by scanning the offsets day by day and
// narrowing each change to the second. Readers that do not know the zone
// by name still place the events right.
func Timezone(name string, from, to time.Time) (*ical.VTimezone, error) {
	loc, err := cortege.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("ics: unknown zone %q: %w", name, err)
	}
	tz := ical.NewTimezone(name)
	start := time.Date(from.In(loc).Year(), 1, 1, 0, 0, 0, 0, loc)
	end := time.Date(to.In(loc).Year()+1, 1, 1, 0, 0, 0, 0, loc)
	if end.Sub(start) > 30*366*24*time.Hour {
		end = start.AddDate(30, 0, 0)
	}
	abbr, off := start.Zone()
	tz.Components = append(tz.Components, observance(start.Add(-time.Second), start, off, off, abbr))
	prevOff := off
	for t := start; t.Before(end); {
		next := t.Add(24 * time.Hour)
		if _, o := next.Zone(); o != prevOff {
			// Narrow the change down to the second.
			lo, hi := t, next
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2)
				if _, o := mid.Zone(); o == prevOff {
					lo = mid
				} else {
					hi = mid
				}
			}
			a, o := hi.Zone()
			tz.Components = append(tz.Components, observance(hi, hi, prevOff, o, a))
			prevOff = o
		}
		t = next
	}
	return tz, nil
}

// observance returns a STANDARD or DAYLIGHT component for a change at
// instant at from offset "from" to offset "to". Its DTSTART is the local
// time of the change in the offset in force before it, as RFC 5545 wants.
func observance(probe, at time.Time, from, to int, abbr string) ical.Component {
	local := at.UTC().Add(time.Duration(from) * time.Second).Format("20060102T150405")
	base := ical.ComponentBase{}
	base.SetProperty(ical.ComponentPropertyDtStart, local)
	base.SetProperty(ical.ComponentProperty(ical.PropertyTzoffsetfrom), offset(from))
	base.SetProperty(ical.ComponentProperty(ical.PropertyTzoffsetto), offset(to))
	if abbr != "" {
		base.SetProperty(ical.ComponentProperty(ical.PropertyTzname), abbr)
	}
	if probe.In(at.Location()).IsDST() || at.IsDST() {
		return &ical.Daylight{ComponentBase: base}
	}
	return &ical.Standard{ComponentBase: base}
}

// offset formats seconds east of UTC as ±HHMM (±HHMMSS when needed).
func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}
