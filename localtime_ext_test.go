package cortege_test

import (
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

// Every date is in one range, years MinYear to MaxYear, whatever the
// boundary: the start, the end as given or as computed (start plus the
// default two hours, start plus a series' duration), a series' end and a
// task's due date. Year 9999 used to pass the API and write
// DTSTART:100000101T000000 in calendars.
func TestTimeRange(t *testing.T) {
	at := func(y int, mo time.Month, d, h int) time.Time { return time.Date(y, mo, d, h, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		name  string
		err   error
		field string
	}{
		{"start in 9999", event(at(9999, 12, 31, 10), time.Time{}), "start"},
		{"start before 1900", event(at(1899, 12, 31, 10), at(1899, 12, 31, 12)), "start"},
		{"end after 2200", event(at(2200, 12, 31, 10), at(2201, 1, 1, 1)), "end"},
		{"default end after 2200", event(at(2200, 12, 31, 23), time.Time{}), "start"},
		{"series ending after 2200", series(at(2030, 1, 1, 10), 2*time.Hour, at(2201, 1, 1, 0)), "until"},
		{"series occurrence past 2200", series(at(2200, 12, 31, 23), 2*time.Hour, time.Time{}), "end"},
		{"task due in 9999", (&cortege.Task{Title: "t", DueAt: at(9999, 1, 1, 0)}).Validate(), "due_at"},
		{"time check", cortege.CheckTime("from", at(2201, 1, 1, 0)), "from"},
	} {
		e := cortege.ErrorOf(c.err)
		if e == nil || e.Field != c.field || e.Message != "err.time.range" {
			t.Errorf("%s: %v, want err.time.range naming %s", c.name, c.err, c.field)
		}
	}
	for _, ok := range []error{
		event(at(1900, 1, 1, 10), time.Time{}), event(at(2200, 12, 31, 10), at(2200, 12, 31, 23)),
		series(at(2030, 1, 1, 10), time.Hour, at(2200, 12, 31, 0)), cortege.CheckTime("from", time.Time{}),
	} {
		if ok != nil {
			t.Errorf("refused within the range: %v", ok)
		}
	}
}

func event(start, end time.Time) error {
	return (&cortege.Event{Title: "Marche", TZ: "UTC", Start: start, End: end}).Validate()
}

func series(start time.Time, d time.Duration, until time.Time) error {
	return (&cortege.Series{Freq: cortege.FreqWeekly, TZ: "UTC", FirstStart: start, Duration: d, Until: until}).Validate()
}
