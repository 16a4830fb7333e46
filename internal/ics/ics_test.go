package ics_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	ical "github.com/arran4/golang-ical"

	"codeberg.org/cortege/cortege/internal/ics"
	"codeberg.org/cortege/cortege/internal/testkit"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// sample is the calendar the checks below read: an event in Paris, a
// cancelled event, and a multi-day event across New York's spring change.
func sample(t *testing.T) ics.Calendar {
	paris, ny := mustLoad(t, "Europe/Paris"), mustLoad(t, "America/New_York")
	return ics.Calendar{Name: "Test", Stamp: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Events: []ics.Event{
		{UID: "a@cortege.example", Summary: "Assemblée, quartier; nord", Description: "Ligne 1\nLigne 2 — " + strings.Repeat("é", 60),
			Location: "12 rue de la Paix, Paris", URL: "https://cortege.example/events/a", OrganizerName: "Collectif", OrganizerURI: "https://cortege.example/@collectif",
			Start: time.Date(2026, 4, 17, 19, 0, 0, 0, paris), End: time.Date(2026, 4, 17, 21, 0, 0, 0, paris), TZ: "Europe/Paris", Status: "confirmed", Sequence: 2},
		{UID: "b@cortege.example", Summary: "Annulé", Start: time.Date(2026, 3, 20, 19, 0, 0, 0, paris), End: time.Date(2026, 3, 20, 21, 0, 0, 0, paris),
			TZ: "Europe/Paris", Status: "cancelled", Sequence: 3},
		{UID: "c@cortege.example", Summary: "Week-end", Location: "Brooklyn",
			Start: time.Date(2026, 3, 7, 20, 0, 0, 0, ny), End: time.Date(2026, 3, 9, 10, 0, 0, 0, ny), TZ: "America/New_York", Status: "tentative"},
	}}
}

type shown struct {
	UID, Summary, Location, Status, Tzid, Start, End, StartLocal string
	Sequence                                                     int
	Method, Organizer, OrganizerCN, Comment, Description         string
	Attendees                                                    []string
}

var want = []shown{
	{UID: "a@cortege.example", Status: "CONFIRMED", Tzid: "Europe/Paris", Start: "2026-04-17T17:00:00.000Z", End: "2026-04-17T19:00:00.000Z", Sequence: 2},
	{UID: "b@cortege.example", Status: "CANCELLED", Tzid: "Europe/Paris", Start: "2026-03-20T18:00:00.000Z", End: "2026-03-20T20:00:00.000Z", Sequence: 3},
	{UID: "c@cortege.example", Status: "TENTATIVE", Tzid: "America/New_York", Start: "2026-03-08T01:00:00.000Z", End: "2026-03-09T14:00:00.000Z"},
}

func TestWriteFormat(t *testing.T) {
	b, err := ics.Marshal(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") || !strings.HasSuffix(s, "END:VCALENDAR\r\n") {
		t.Fatal("lines must end with CRLF")
	}
	for _, line := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
	}
	for _, w := range []string{
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Paris", "TZID:America/New_York", "BEGIN:DAYLIGHT", "BEGIN:STANDARD",
		"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200", "DTSTART;TZID=Europe/Paris:20260417T190000",
		"DTEND;TZID=America/New_York:20260309T100000", "STATUS:CANCELLED", "STATUS:TENTATIVE", "SEQUENCE:3",
		`SUMMARY:Assemblée\, quartier\; nord`, "ORGANIZER;CN=Collectif:https://cortege.example/@collectif",
		"URL:https://cortege.example/events/a",
	} {
		if !strings.Contains(s, w) {
			t.Errorf("missing %q in\n%s", w, s)
		}
	}
	if strings.Count(s, "BEGIN:VTIMEZONE") != 2 {
		t.Error("want one VTIMEZONE per zone")
	}
	// Paris in 2026 changes at 01:00 UTC on 29 March: 02:00 local before it.
	if !strings.Contains(s, "DTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST") {
		t.Errorf("Paris spring change wrong:\n%s", s)
	}
	// Parses back with golang-ical, times in the zone.
	cal, err := ical.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 3 {
		t.Fatalf("%d events", len(evs))
	}
	start, err := evs[0].GetStartAt()
	if err != nil || !start.Equal(time.Date(2026, 4, 17, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("start = %v, %v", start, err)
	}
	if evs[1].GetProperty(ical.ComponentPropertyLocation) != nil {
		t.Error("LOCATION present though empty")
	}
}

func TestControlCharactersCannotBreakLines(t *testing.T) {
	c := sample(t)
	c.Events[0].Summary = "x\r\nBEGIN:VEVENT\rEND"
	b, err := ics.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(b), "\r\nBEGIN:VEVENT\r\n") != 3 {
		t.Fatalf("injected a component:\n%s", b)
	}
}

// TestICALJS parses the sample with Mozilla's ical.js (see icaljs).
func TestICALJS(t *testing.T) {
	b, err := ics.Marshal(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	got := icaljs(t, b)
	if len(got) != len(want) {
		t.Fatalf("ical.js saw %d events", len(got))
	}
	for i, w := range want {
		g := got[i]
		if g.UID != w.UID || g.Status != w.Status || g.Tzid != w.Tzid || g.Start != w.Start || g.End != w.End || g.Sequence != w.Sequence {
			t.Errorf("event %d: ical.js shows %+v, want %+v", i, g, w)
		}
	}
	if got[0].Location != "12 rue de la Paix, Paris" || got[0].Summary != "Assemblée, quartier; nord" {
		t.Errorf("text round trip: %+v", got[0])
	}
}

// TestCancelICALJS: a CANCEL notice as RFC 5546 §3.2.5 wants it (METHOD,
// the same UID, a higher SEQUENCE, STATUS, a mailto: ORGANIZER and the
// recipient as ATTENDEE), read back by ical.js; names that would break
// an unquoted parameter are made harmless.
func TestCancelICALJS(t *testing.T) {
	c := sample(t)
	e := c.Events[0]
	e.Status, e.Sequence = ics.StatusCancelled, 3
	e.OrganizerName, e.OrganizerEmail = `Collectif "Vélo": Lyon; nord`, "noreply@cortege.example"
	e.Attendees = []ics.Attendee{{Name: "Dupont, Marie", Email: "marie@example.org"}}
	e.Comment = "Arrêté préfectoral ; rendez-vous le 12."
	b, err := ics.Marshal(ics.Calendar{Method: ics.MethodCancel, Stamp: c.Stamp, Events: []ics.Event{e}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, w := range []string{"METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:3", "UID:a@cortege.example",
		"ORGANIZER;CN=Collectif Vélo Lyon nord:mailto:noreply@cortege.example", "ATTENDEE;CN=Dupont Marie:mailto:marie@example.org"} {
		if !strings.Contains(strings.ReplaceAll(s, "\r\n ", ""), w) {
			t.Errorf("missing %q in\n%s", w, s)
		}
	}
	if _, err := ics.Marshal(ics.Calendar{Method: "REFRESH"}); err == nil {
		t.Error("an unknown method was written")
	}
	got := icaljs(t, b)
	if len(got) != 1 {
		t.Fatalf("ical.js saw %d events", len(got))
	}
	g := got[0]
	if g.Method != "CANCEL" || g.Status != "CANCELLED" || g.UID != "a@cortege.example" || g.Sequence != 3 ||
		g.Organizer != "mailto:noreply@cortege.example" || g.OrganizerCN != "Collectif Vélo Lyon nord" ||
		len(g.Attendees) != 1 || g.Attendees[0] != "mailto:marie@example.org" || g.Comment != e.Comment {
		t.Errorf("ical.js shows %+v", g)
	}
}

// icaljs reads a calendar with Mozilla's ical.js (testkit.ICALJS).
func icaljs(t *testing.T, b []byte) []shown {
	t.Helper()
	out := testkit.ICALJS(t, b)
	var got []shown
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return got
}
