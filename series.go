package cortege

import (
	"time"
)

// Recurrence frequencies of a series.
const (
	FreqWeekly         = "weekly"          // every Interval weeks, on the first occurrence's weekday
	FreqMonthlyDate    = "monthly_date"    // every Interval months on day MonthDay
	FreqMonthlyWeekday = "monthly_weekday" // every Interval months on the Week-th Weekday (-1: last)
)

// Limits on series.
const (
	MaxSeriesInterval = 12
	// SeriesHorizon is how far ahead occurrences are generated.
	SeriesHorizon = 90 * 24 * time.Hour
	// MaxOccurrences caps the occurrences generated in one pass.
	MaxOccurrences = 60
)

// Series is a recurring event (a community meeting every third Friday).
// Each occurrence is an ordinary Event with its own page, participants and
// reminders; the series only knows the rule. The rule is computed in the
// zone TZ on the wall clock of FirstStart, so "19:00 in Paris" stays 19:00
// on both sides of a daylight-saving change.
type Series struct {
	ID         string
	Freq       string
	Interval   int          // every N weeks or months, 1 by default
	Weekday    time.Weekday // for FreqMonthlyWeekday
	Week       int          // 1…5 for FreqMonthlyWeekday, -1 for the last
	MonthDay   int          // 1…31 for FreqMonthlyDate
	TZ         string
	FirstStart time.Time     // start of occurrence 0
	Duration   time.Duration // length of each occurrence
	Until      time.Time     // no occurrence starts after it; zero: no end
	// TemplateID is the event copied into new occurrences: the latest
	// occurrence edited with "this and following".
	TemplateID     string
	GeneratedUntil time.Time // occurrences exist up to here
	CreatedAt      time.Time
}

// Occurrence is one computed date of a series.
type Occurrence struct {
	Index      int
	Start, End time.Time
}

// MonthlyWeekdayOf returns the rule "the Week-th Weekday of the month" that t
// (in loc) falls on; last is true when it is also the last such weekday.
func MonthlyWeekdayOf(t time.Time, loc *time.Location) (week int, wd time.Weekday, last bool) {
	t = t.In(loc)
	week = (t.Day()-1)/7 + 1
	next := t.AddDate(0, 0, 7)
	return week, t.Weekday(), next.Month() != t.Month()
}

// Validate checks the rule and fills the defaults from FirstStart.
func (s *Series) Validate() error {
	loc, err := LoadLocation(s.TZ)
	if err != nil || s.TZ == "" || s.TZ == "Local" {
		return Invalid("tz", "err.event.tz_invalid")
	}
	if s.FirstStart.IsZero() {
		return Invalid("start", "err.event.start_required")
	}
	if s.Interval == 0 {
		s.Interval = 1
	}
	if s.Interval < 1 || s.Interval > MaxSeriesInterval {
		return Invalid("interval", "err.series.interval_invalid")
	}
	if s.Duration <= 0 || s.Duration > MaxEventDuration {
		return Invalid("end", "err.event.end_before_start")
	}
	if err := CheckTime("start", s.FirstStart); err != nil {
		return err
	}
	if err := CheckTime("end", s.FirstStart.Add(s.Duration)); err != nil {
		return err
	}
	if err := CheckTime("until", s.Until); err != nil {
		return err
	}
	local := s.FirstStart.In(loc)
	switch s.Freq {
	case FreqWeekly:
	case FreqMonthlyDate:
		if s.MonthDay == 0 {
			s.MonthDay = local.Day()
		}
		if s.MonthDay < 1 || s.MonthDay > 31 {
			return Invalid("month_day", "err.series.rule_invalid")
		}
	case FreqMonthlyWeekday:
		if s.Week == 0 {
			w, wd, _ := MonthlyWeekdayOf(s.FirstStart, loc)
			s.Week, s.Weekday = w, wd
		}
		if s.Week != -1 && (s.Week < 1 || s.Week > 5) || s.Weekday < time.Sunday || s.Weekday > time.Saturday {
			return Invalid("week", "err.series.rule_invalid")
		}
	default:
		return Invalid("freq", "err.series.freq_invalid")
	}
	if !s.Until.IsZero() && s.Until.Before(s.FirstStart) {
		return Invalid("until", "err.series.until_invalid")
	}
	return s.checkGaps(loc)
}

// At returns occurrence n, or ok false when the rule has no date in that
// period (the 31st of a 30-day month, a fifth Friday that does not exist).
// Occurrence indexes are stable: period n is always occurrence n.
func (s *Series) At(n int) (o Occurrence, ok bool) {
	loc, err := LoadLocation(s.TZ)
	if err != nil {
		return o, false
	}
	w, ok := s.wallAt(n, loc)
	if !ok {
		return o, false
	}
	start := AtWall(w, loc)
	return Occurrence{Index: n, Start: start.UTC(), End: start.Add(s.Duration).UTC()}, true
}

// wallAt is the wall clock time of occurrence n in loc, ok false when
// period n has no date.
func (s *Series) wallAt(n int, loc *time.Location) (w Wall, ok bool) {
	first := s.FirstStart.In(loc)
	h, m, sec := first.Clock()
	y, mon, d := first.Date()
	// Dates are computed at noon UTC (no zone change can move them), then
	// placed at the first instant the zone shows that time of day.
	var day time.Time
	switch s.Freq {
	case FreqWeekly:
		day = time.Date(y, mon, d+7*s.Interval*n, 12, 0, 0, 0, time.UTC)
	case FreqMonthlyDate:
		month := mon + time.Month(s.Interval*n)
		day = time.Date(y, month, s.MonthDay, 12, 0, 0, 0, time.UTC)
		if day.Day() != s.MonthDay {
			return w, false
		}
	case FreqMonthlyWeekday:
		month := mon + time.Month(s.Interval*n)
		if s.Week == -1 {
			lastDay := time.Date(y, month+1, 0, 12, 0, 0, 0, time.UTC)
			back := (int(lastDay.Weekday()) - int(s.Weekday) + 7) % 7
			day = lastDay.AddDate(0, 0, -back)
		} else {
			firstDay := time.Date(y, month, 1, 12, 0, 0, 0, time.UTC)
			fwd := (int(s.Weekday) - int(firstDay.Weekday()) + 7) % 7
			day = firstDay.AddDate(0, 0, fwd+7*(s.Week-1))
			if day.Month() != firstDay.Month() {
				return w, false
			}
		}
	default:
		return w, false
	}
	return Wall{day.Year(), day.Month(), day.Day(), h, m, sec}, true
}

// gapCheckPeriods is how many periods ahead Validate looks for a date
// whose time of day the clocks skip: five years of weekly dates.
const gapCheckPeriods = 265

// checkGaps refuses a series one of whose dates (within five years, or
// until its end) falls in a spring gap of its zone, where that time of
// day does not exist (02:30 on the night clocks jump from 02:00 to 03:00).
func (s *Series) checkGaps(loc *time.Location) error {
	for n := 0; n < gapCheckPeriods; n++ {
		w, ok := s.wallAt(n, loc)
		if !ok {
			continue
		}
		if o, _ := s.At(n); !s.Until.IsZero() && o.Start.After(s.Until) {
			break
		}
		if len(Instants(w, loc)) == 0 {
			return Invalid("start", "err.series.time_gap")
		}
	}
	return nil
}

// Occurrences returns the occurrences starting in [from, to), at most max,
// skipping periods without a date and stopping at Until.
func (s *Series) Occurrences(from, to time.Time, max int) []Occurrence {
	var out []Occurrence
	for n := 0; n < 100000 && len(out) < max; n++ {
		o, ok := s.At(n)
		if !ok {
			continue
		}
		if !o.Start.Before(to) || !s.Until.IsZero() && o.Start.After(s.Until) {
			break
		}
		if !o.Start.Before(from) {
			out = append(out, o)
		}
	}
	return out
}
