package api

import (
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

func TestEventTime(t *testing.T) {
	for _, c := range []struct {
		in, tz, want, field string // want "" when refused, naming field
	}{
		{"2027-03-28T02:30:00+01:00", "Europe/Paris", "2027-03-28T01:30:00Z", ""}, // an instant always exists
		{"2027-03-28T01:30:00Z", "Europe/Paris", "2027-03-28T01:30:00Z", ""},
		{"2027-03-27T02:30", "Europe/Paris", "2027-03-27T01:30:00Z", ""},
		{"2027-03-28T02:30", "Europe/Paris", "", "start"},
		{"2027-03-28T02:30:00", "Europe/Paris", "", "start"},
		{"2027-10-31T02:30", "Europe/Paris", "2027-10-31T00:30:00Z", ""}, // the first 02:30 (CEST)
		{"2027-06-01T10:00", "", "", "tz"},
		{"2027-06-01", "Europe/Paris", "2027-06-01T00:00:00Z", ""}, // a date, as before: midnight UTC
		{"demain", "Europe/Paris", "", "start"},
		{"2027-02-30T10:00", "Europe/Paris", "", "start"},
	} {
		got, err := eventTime("start", c.in, c.tz)
		if c.want == "" {
			if err == nil {
				t.Errorf("%q in %q: %v, want refused", c.in, c.tz, got)
			} else if f := fieldOf(err); f != c.field {
				t.Errorf("%q in %q: field %q, want %q (%v)", c.in, c.tz, f, c.field, err)
			}
			continue
		}
		if err != nil || got.UTC().Format(time.RFC3339) != c.want {
			t.Errorf("%q in %q = %v, %v; want %s", c.in, c.tz, got.UTC(), err, c.want)
		}
	}
}

// FuzzEventTime: any text gives a time or a coded error naming a field,
// never a panic, and a local time read back shows the same clock.
func FuzzEventTime(f *testing.F) {
	for _, s := range []string{"2027-03-28T02:30", "2027-10-31T02:30:00", "2026-01-01T00:00:00Z", "2026-01-01", "x"} {
		f.Add(s, "Europe/Paris")
	}
	f.Fuzz(func(t *testing.T, s, tz string) {
		got, err := eventTime("start", s, tz)
		if err != nil {
			if fieldOf(err) == "" {
				t.Fatalf("%q: error without a field: %v", s, err)
			}
			return
		}
		for _, l := range localLayouts {
			if w, perr := time.Parse(l, s); perr == nil {
				loc, _ := time.LoadLocation(tz)
				if got.In(loc).Format(l) != w.Format(l) {
					t.Fatalf("%q in %s read as %v", s, tz, got.In(loc))
				}
			}
		}
	})
}

// fieldOf is the field a coded error names.
func fieldOf(err error) string {
	if e := cortege.ErrorOf(err); e != nil {
		return e.Field
	}
	return ""
}
