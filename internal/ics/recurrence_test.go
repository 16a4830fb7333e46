package ics_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/ics"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// expanded is what ical.js shows of a recurring event: its rule and the
// instances it expands to.
type expanded struct {
	UID, Summary, RecurrenceID, RRule, Refresh string
	ExDates                                    []string
	Instances                                  []struct {
		RecurrenceID, Start, End, Summary, Location string
	}
}

// TestRecurrenceICALJS: a weekly series of 13 Tuesdays at 19:00 in Paris
// across the spring change, one date removed (EXDATE) and one moved to
// 18:00 in another room (RECURRENCE-ID): ical.js expands the master to
// the 12 remaining dates at 19:00 local on both sides of the change, the
// override in place of its date.
func TestRecurrenceICALJS(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")
	first := time.Date(2027, 1, 5, 19, 0, 0, 0, paris)
	date := func(n int) time.Time { return first.AddDate(0, 0, 7*n) }
	master := ics.Event{UID: "s@cortege.example", Summary: "Permanence", Location: "Salle A", TZ: "Europe/Paris",
		Start: first, End: first.Add(2 * time.Hour), RRule: "FREQ=WEEKLY;BYDAY=TU", Until: date(12),
		ExDates: []time.Time{date(4)}}
	moved := time.Date(2027, 4, 6, 18, 0, 0, 0, paris)
	override := ics.Event{UID: "s@cortege.example", Summary: "Permanence (salle B)", Location: "Salle B", TZ: "Europe/Paris",
		Start: moved, End: moved.Add(time.Hour), RecurrenceID: date(11)}
	cal := ics.Calendar{Name: "Quartier", Stamp: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Refresh: time.Hour,
		Events: []ics.Event{master, override}}
	b, err := ics.Marshal(cal)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, w := range []string{"REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H",
		"RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270330T170000Z", "EXDATE;TZID=Europe/Paris:20270202T190000",
		"RECURRENCE-ID;TZID=Europe/Paris:20270323T190000"} {
		if !strings.Contains(s, w) {
			t.Errorf("missing %q in\n%s", w, s)
		}
	}
	var got []expanded
	if err := json.Unmarshal(testkit.ICALJS(t, b), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].RecurrenceID != "" || got[1].RecurrenceID != "2027-03-23T18:00:00.000Z" {
		t.Fatalf("ical.js read %+v", got)
	}
	if got[0].Refresh != "PT1H" {
		t.Errorf("REFRESH-INTERVAL = %q", got[0].Refresh)
	}
	inst := got[0].Instances
	if len(inst) != 12 {
		t.Fatalf("ical.js expands to %d dates, want 12: %+v", len(inst), inst)
	}
	for i, n := 0, 0; n < 13; n++ {
		if n == 4 {
			continue
		}
		want := date(n)
		summary := "Permanence"
		if n == 11 {
			want, summary = moved, "Permanence (salle B)"
		}
		if inst[i].Start != want.UTC().Format("2006-01-02T15:04:05.000Z") || inst[i].Summary != summary {
			t.Errorf("instance %d: %+v, want %s %q", i, inst[i], want.UTC(), summary)
		}
		i++
	}
}
