package api

import (
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

func TestConsultationWall(t *testing.T) {
	for _, c := range []struct {
		in, tz, field string
		want          cortege.Wall
	}{
		{"2027-03-28T10:30", "Europe/Paris", "", cortege.Wall{Year: 2027, Month: 3, Day: 28, Hour: 10, Min: 30}},
		{"2027-03-28T10:30:15", "Europe/Paris", "", cortege.Wall{Year: 2027, Month: 3, Day: 28, Hour: 10, Min: 30, Sec: 15}},
		{"2027-03-28T08:30:00Z", "Europe/Paris", "", cortege.Wall{Year: 2027, Month: 3, Day: 28, Hour: 10, Min: 30}}, // summer time from 02:00
		{"2027-01-10T08:30:00Z", "America/New_York", "", cortege.Wall{Year: 2027, Month: 1, Day: 10, Hour: 3, Min: 30}},
		{"", "Europe/Paris", "", cortege.Wall{}},
		{"demain", "Europe/Paris", "opens_at", cortege.Wall{}},
		{"2027-13-01T10:00", "Europe/Paris", "opens_at", cortege.Wall{}},
		{"2027-03-28T10:30", "Mars/Olympus", "tz", cortege.Wall{}},
		{"2027-03-28T10:30", "Local", "tz", cortege.Wall{}},
		{"2027-03-28T10:30", "", "tz", cortege.Wall{}},
	} {
		got, err := consultationWall("opens_at", c.in, c.tz)
		if fieldOf(err) != c.field || got != c.want {
			t.Errorf("%q in %q: %+v, %v; want %+v on field %q", c.in, c.tz, got, err, c.want, c.field)
		}
	}
}

// FuzzConsultationTime: a consultation's opening or closing time, as a
// client sends it, is read without panicking; an error names its field;
// a wall time read is one a clock can show, and an instant reads back as
// itself on the clocks of its zone.
func FuzzConsultationTime(f *testing.F) {
	for _, s := range []string{"2027-03-28T02:30", "2027-10-31T02:30:00", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00+14:00", "2026-01-01", "", "x"} {
		f.Add(s, "Europe/Paris")
	}
	f.Add("2027-03-28T10:30", "Pacific/Chatham")
	f.Fuzz(func(t *testing.T, s, tz string) {
		w, err := consultationWall("closes_at", s, tz)
		if err != nil {
			if f := fieldOf(err); f != "closes_at" && f != "tz" {
				t.Fatalf("%q in %q: error on field %q: %v", s, tz, f, err)
			}
			return
		}
		if s == "" {
			return
		}
		loc, lerr := time.LoadLocation(tz)
		if lerr != nil {
			t.Fatalf("%q read in a zone that does not load: %q", s, tz)
		}
		if w.Month < 1 || w.Month > 12 || w.Day < 1 || w.Day > 31 || w.Hour > 23 || w.Min > 59 || w.Sec > 60 {
			t.Fatalf("%q in %q read as the wall %+v", s, tz, w)
		}
		if at, perr := time.Parse(time.RFC3339, s); perr == nil && cortege.WallOf(at, loc) != w {
			t.Fatalf("%q in %q read as %+v", s, tz, w)
		}
	})
}
