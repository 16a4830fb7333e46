package cortege_test

import (
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

func TestCheckCancelReason(t *testing.T) {
	for _, c := range []struct {
		in, want, err string
	}{
		{"", "", ""},
		{"  Orage annoncé.\r\n\r\nÀ bientôt  ", "Orage annoncé.\n\nÀ bientôt", ""},
		{strings.Repeat("é", cortege.MaxCancelReasonLen), strings.Repeat("é", cortege.MaxCancelReasonLen), ""},
		{strings.Repeat("é", cortege.MaxCancelReasonLen+1), "", "err.cancel.reason_too_long"},
		{"bell\a", "", "err.text.control"},
		{"bad \xff utf-8", "", "err.text.utf8"},
	} {
		got, err := cortege.CheckCancelReason(c.in)
		e := cortege.ErrorOf(err)
		switch {
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("%q: %q, %v", c.in, got, err)
		case c.err != "" && (e == nil || e.Message != c.err || e.Field != "reason"):
			t.Errorf("%q: want %s on reason, got %v", c.in, c.err, err)
		}
	}
}

// TestCheckInExpected: the door is expected on the event's local days and
// within the margins around it, in the event's zone (not the server's).
func TestCheckInExpected(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	at := func(d, h, m int) time.Time { return time.Date(2026, 5, d, h, m, 0, 0, paris) }
	evening := &cortege.Event{TZ: "Europe/Paris", Start: at(2, 20, 0), End: at(2, 23, 0)}
	morning := &cortege.Event{TZ: "Europe/Paris", Start: at(3, 10, 0), End: at(3, 12, 0)}
	camp := &cortege.Event{TZ: "Europe/Paris", Start: at(8, 18, 0), End: at(10, 14, 0)}
	for _, c := range []struct {
		name string
		e    *cortege.Event
		now  time.Time
		want bool
	}{
		{"same day, morning", evening, at(2, 8, 0), true},
		{"during", evening, at(2, 21, 0), true},
		{"after midnight, within the margin", evening, at(3, 4, 30), true},
		{"next morning", evening, at(3, 9, 30), false},
		{"the day before, late", morning, at(2, 23, 0), false},
		{"early, within the margin", morning, at(3, 4, 30), true},
		{"a week later", morning, at(10, 10, 0), false},
		{"middle day of a camp", camp, at(9, 3, 0), true},
		{"day before a camp, within the margin", camp, at(8, 12, 30), true},
		{"two days after a camp", camp, at(12, 9, 0), false},
		// 23:30 in Paris is 21:30 UTC: the event's zone decides, not UTC's day.
		{"zone's day", &cortege.Event{TZ: "Europe/Paris", Start: at(2, 0, 30), End: at(2, 1, 0)}, time.Date(2026, 5, 2, 21, 30, 0, 0, time.UTC), true},
	} {
		if got := c.e.CheckInExpected(c.now); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
