package web

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

// Fuzz targets of the event form's fields: each reader refuses with a
// message on its field, and what it accepts the domain accepts too and
// reads back the same when the edit form shows it again. Seeds are in
// testdata/fuzz/<target>/.

// checkFieldErr fails unless err is EINVALID naming field.
func checkFieldErr(t *testing.T, in string, err error, field string) {
	t.Helper()
	if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || e.Field != field {
		t.Fatalf("%q: %v, want EINVALID naming %s", in, err, field)
	}
}

// formEvent is a valid event the fuzzed field is set on.
func formEvent() *cortege.Event {
	start := time.Date(2030, 5, 1, 10, 0, 0, 0, time.UTC)
	return &cortege.Event{Title: "Marche", TZ: "Europe/Paris", Start: start, End: start.Add(2 * time.Hour)}
}

func FuzzParseCoords(f *testing.F) {
	f.Fuzz(func(t *testing.T, lat, lon string) {
		ok, la, lo, err := parseCoords(lat, lon)
		if err != nil {
			checkFieldErr(t, lat+" "+lon, err, "lat")
			return
		}
		if !ok {
			if strings.TrimSpace(lat) != "" || strings.TrimSpace(lon) != "" {
				t.Fatalf("%q %q: no point, no error", lat, lon)
			}
			return
		}
		if math.IsNaN(la) || math.IsNaN(lo) || math.IsInf(la, 0) || math.IsInf(lo, 0) {
			t.Fatalf("%q %q: accepted %v %v", lat, lon, la, lo)
		}
		e := formEvent()
		e.HasCoords, e.Lat, e.Lon = true, la, lo
		if err := e.Validate(); err != nil {
			t.Fatalf("%q %q: accepted %v %v, which the event refuses: %v", lat, lon, la, lo, err)
		}
		// The edit form writes the point back; it reads as the same point.
		v := eventValues(e, nil)
		if ok2, la2, lo2, err := parseCoords(v["lat"], v["lon"]); err != nil || !ok2 || la2 != la || lo2 != lo {
			t.Fatalf("%v %v written %q %q read back as %v %v (%v)", la, lo, v["lat"], v["lon"], la2, lo2, err)
		}
	})
}

func FuzzParseCapacity(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseCapacity(s)
		if err != nil {
			checkFieldErr(t, s, err, "capacity")
			return
		}
		e := formEvent()
		e.Capacity = n
		if err := e.Validate(); err != nil {
			t.Fatalf("%q: accepted %d, which the event refuses: %v", s, n, err)
		}
		if back, err := parseCapacity(eventValues(e, nil)["capacity"]); err != nil || back != n {
			t.Fatalf("%d read back as %d (%v)", n, back, err)
		}
	})
}

func FuzzParseTags(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		tags := parseTags(s)
		for _, tag := range tags {
			if tag == "" || tag != strings.TrimSpace(tag) || strings.Contains(tag, ",") {
				t.Fatalf("%q: tag %q", s, tag)
			}
		}
		e := formEvent()
		e.Tags = tags
		if e.Validate() != nil {
			return // the domain refuses them, naming the field (its own tests)
		}
		// The edit form shows the normalised tags; saved again they stay.
		again := formEvent()
		again.Tags = parseTags(eventValues(e, nil)["tags"])
		if err := again.Validate(); err != nil || !reflect.DeepEqual(again.Tags, e.Tags) {
			t.Fatalf("%q: tags %q came back as %q (%v)", s, e.Tags, again.Tags, err)
		}
	})
}

func FuzzParseRepeat(f *testing.F) {
	paris, _ := time.LoadLocation("Europe/Paris")
	fields := map[string]bool{"freq": true, "interval": true, "until": true, "month_day": true, "week": true, "start": true, "end": true}
	f.Fuzz(func(t *testing.T, rule, interval, until string) {
		ri, err := parseRepeat(rule, interval, until, paris)
		if err != nil {
			if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || e.Field != "interval" && e.Field != "until" {
				t.Fatalf("%q %q %q: %v", rule, interval, until, err)
			}
			return
		}
		if ri == nil {
			if rule != "" {
				t.Fatalf("%q: no rule", rule)
			}
			return
		}
		// The series the service would make of it: refused naming a
		// field, or one whose dates a calendar can write.
		first := time.Date(2030, 1, 31, 18, 0, 0, 0, paris)
		ser := &cortege.Series{Freq: ri.Freq, Interval: ri.Interval, TZ: "Europe/Paris", FirstStart: first, Duration: 2 * time.Hour, Until: ri.Until}
		if ri.LastWeekday {
			_, wd, _ := cortege.MonthlyWeekdayOf(first, paris)
			ser.Week, ser.Weekday = -1, wd
		}
		if err := ser.Validate(); err != nil {
			if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || !fields[e.Field] {
				t.Fatalf("%q %q %q: series refused with %v", rule, interval, until, err)
			}
			return
		}
		if !strings.HasPrefix(ser.RRule(ser.Until), "FREQ=") {
			t.Fatalf("%q: rule %q", rule, ser.RRule(ser.Until))
		}
		for _, o := range ser.Occurrences(first, first.AddDate(3, 0, 0), 20) {
			if !cortege.InTimeRange(o.Start) || !cortege.InTimeRange(o.End) || o.Start.Before(first) {
				t.Fatalf("%q %q %q: occurrence %v", rule, interval, until, o)
			}
		}
	})
}

func FuzzParseQuestions(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		qs, err := parseQuestions(s, nil)
		if err != nil {
			checkFieldErr(t, s, err, "questions")
			return
		}
		for _, q := range qs {
			if err := q.Validate(); err != nil {
				checkFieldErr(t, s, err, "questions")
				return // the service refuses the lot
			}
		}
		// Shown again in the edit form and saved, they are the same.
		back, err := parseQuestions(questionsText(qs), nil)
		if err != nil || len(back) != len(qs) {
			t.Fatalf("%q: %d questions came back as %d (%v)", s, len(qs), len(back), err)
		}
		for i, q := range back {
			if err := q.Validate(); err != nil {
				t.Fatalf("%q: question %q refused once written back: %v", s, qs[i].Label, err)
			}
			if q.Label != qs[i].Label || q.Kind != qs[i].Kind || q.Required != qs[i].Required || !reflect.DeepEqual(q.Choices, qs[i].Choices) {
				t.Fatalf("%q: %+v came back as %+v", s, qs[i], q)
			}
		}
	})
}

func FuzzLoadZone(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		loc, err := loadZone(s)
		if err != nil {
			checkFieldErr(t, s, err, "tz")
			return
		}
		e := formEvent()
		e.TZ = loc.String()
		if err := e.Validate(); err != nil {
			t.Fatalf("%q: zone %q accepted, which the event refuses: %v", s, loc, err)
		}
		if again, err := loadZone(e.TZ); err != nil || again.String() != loc.String() {
			t.Fatalf("%q: zone %q read back as %v (%v)", s, loc, again, err)
		}
	})
}
