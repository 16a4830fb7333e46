package cortege

import (
	"sort"
	"time"
)

// Wall is a date and time of day as people read it on a clock in some
// zone, before it is placed on the time line.
type Wall struct {
	Year  int
	Month time.Month
	Day   int
	Hour  int
	Min   int
	Sec   int
}

// WallOf is the wall clock of t in loc.
func WallOf(t time.Time, loc *time.Location) Wall {
	t = t.In(loc)
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return Wall{y, mo, d, h, mi, s}
}

// naive is w read as if it were UTC.
func (w Wall) naive() time.Time {
	return time.Date(w.Year, w.Month, w.Day, w.Hour, w.Min, w.Sec, 0, time.UTC)
}

// Instants returns the instants at which clocks in loc show w, earliest
// first: none in a spring gap (02:30 on the night clocks jump from 02:00
// to 03:00), two in an autumn overlap (02:30 on the night they go back
// from 03:00 to 02:00), one otherwise. A w that does not normalise to
// itself (30 February) has none.
func Instants(w Wall, loc *time.Location) []time.Time {
	n := w.naive()
	if WallOf(n, time.UTC) != w {
		return nil
	}
	var out []time.Time
	seen := map[int]bool{}
	// Offsets run from -12 to +14 hours, so the instant lies within 14
	// hours of n: the offsets a little over a day either side are those
	// before and after any change near it.
	for _, probe := range []time.Duration{-26 * time.Hour, 0, 26 * time.Hour} {
		_, off := n.Add(probe).In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		t := n.Add(-time.Duration(off) * time.Second)
		if WallOf(t, loc) == w {
			out = append(out, t.UTC())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// LocalTime places a wall time of loc on the time line. A time the
// clocks skip (the spring gap) is refused as an EINVALID error naming
// field; a time they show twice (the autumn overlap) is the first of the
// two, before the clocks go back, which is what people mean by "02:30"
// on that night.
func LocalTime(field string, w Wall, loc *time.Location) (time.Time, error) {
	ts := Instants(w, loc)
	if len(ts) == 0 {
		if WallOf(w.naive(), time.UTC) != w {
			return time.Time{}, Invalid(field, "err.event.date_invalid")
		}
		return time.Time{}, Invalid(field, "err.time.nonexistent")
	}
	return ts[0].In(loc), nil
}

// AtWall is the first instant loc shows w, or, when w falls in a gap, the
// instant just after the gap at the same distance from its start (02:30
// becomes 03:30), as time.Date does. Series use it for generated dates,
// whose time of day was checked when the series was made.
func AtWall(w Wall, loc *time.Location) time.Time {
	if ts := Instants(w, loc); len(ts) > 0 {
		return ts[0].In(loc)
	}
	return time.Date(w.Year, w.Month, w.Day, w.Hour, w.Min, w.Sec, 0, loc)
}

// The years every date Cortège keeps or reads lies in, whichever boundary
// it came through. Both ends write as four-digit years in RFC 3339 and
// iCalendar in every zone (year 10000 would write
// DTSTART:100000101T000000), and no real event lies outside.
const (
	MinYear = 1900
	MaxYear = 2200
)

// InTimeRange reports whether t falls in the years MinYear to MaxYear
// (in UTC).
func InTimeRange(t time.Time) bool {
	y := t.UTC().Year()
	return y >= MinYear && y <= MaxYear
}

// CheckTime refuses a t outside the years MinYear to MaxYear with an
// EINVALID error naming field; the zero time (not given) passes.
func CheckTime(field string, t time.Time) error {
	if t.IsZero() || InTimeRange(t) {
		return nil
	}
	return Invalid(field, "err.time.range")
}
