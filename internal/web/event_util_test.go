package web

import (
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

// FuzzParseEventTime: whatever is typed in an event's start, the form
// answers a time showing that clock in the zone or an error naming the
// field, never a panic; search dates (parseLocal) always place a valid
// date somewhere.
func FuzzParseEventTime(f *testing.F) {
	for _, s := range []string{"2027-03-28T02:30", "2027-10-31 02:30", "28/03/2027 02:30", "2027-03-28", "", "x"} {
		f.Add(s)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseEventTime("start", s, paris)
		if err != nil {
			e := cortege.ErrorOf(err)
			if e == nil || e.Field != "start" {
				t.Fatalf("%q: %v", s, err)
			}
			if _, lerr := parseLocal("start", s, paris); lerr == nil && e.Message != "err.time.nonexistent" {
				t.Fatalf("%q: refused (%v) though it reads as a date", s, err)
			}
			return
		}
		w, ok, _ := parseWall("start", s)
		if ok && cortege.WallOf(got, paris) != w {
			t.Fatalf("%q read as %v", s, got)
		}
	})
}
