package cortege

import (
	"testing"
	"time"
)

func TestLocalTime(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	ny, _ := time.LoadLocation("America/New_York")
	lordHowe, _ := time.LoadLocation("Australia/Lord_Howe") // moves by 30 minutes
	for _, c := range []struct {
		name string
		w    Wall
		loc  *time.Location
		want string // UTC, "" when refused
		err  string
	}{
		{"ordinary", Wall{2027, 3, 27, 2, 30, 0}, paris, "2027-03-27T01:30:00Z", ""},
		{"spring gap in Paris", Wall{2027, 3, 28, 2, 30, 0}, paris, "", "err.time.nonexistent"},
		{"gap starts at 02:00", Wall{2027, 3, 28, 2, 0, 0}, paris, "", "err.time.nonexistent"},
		{"03:00 exists", Wall{2027, 3, 28, 3, 0, 0}, paris, "2027-03-28T01:00:00Z", ""},
		{"autumn overlap: the first 02:30 (CEST)", Wall{2027, 10, 31, 2, 30, 0}, paris, "2027-10-31T00:30:00Z", ""},
		{"New York gap", Wall{2027, 3, 14, 2, 15, 0}, ny, "", "err.time.nonexistent"},
		{"New York overlap: EDT first", Wall{2027, 11, 7, 1, 30, 0}, ny, "2027-11-07T05:30:00Z", ""},
		{"half-hour gap", Wall{2027, 10, 3, 2, 15, 0}, lordHowe, "", "err.time.nonexistent"},
		{"30 February", Wall{2027, 2, 30, 10, 0, 0}, paris, "", "err.event.date_invalid"},
		{"UTC never skips", Wall{2027, 3, 28, 2, 30, 0}, time.UTC, "2027-03-28T02:30:00Z", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := LocalTime("start", c.w, c.loc)
			if c.err != "" {
				e := ErrorOf(err)
				if e == nil || e.Message != c.err || e.Field != "start" {
					t.Fatalf("got %v, %v; want %s on start", got, err, c.err)
				}
				return
			}
			if err != nil || got.UTC().Format(time.RFC3339) != c.want {
				t.Fatalf("got %v, %v; want %s", got.UTC(), err, c.want)
			}
			if WallOf(got, c.loc) != c.w {
				t.Errorf("wall clock %v, want %v", WallOf(got, c.loc), c.w)
			}
		})
	}
	if n := len(Instants(Wall{2027, 10, 31, 2, 30, 0}, paris)); n != 2 {
		t.Errorf("the autumn 02:30 happens %d times, want 2", n)
	}
	// AtWall moves a skipped time past the gap, as time.Date does.
	if got := AtWall(Wall{2027, 3, 28, 2, 30, 0}, paris).UTC(); !got.Equal(time.Date(2027, 3, 28, 1, 30, 0, 0, time.UTC)) {
		t.Errorf("AtWall in the gap = %v", got)
	}
}
