package ics_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ical "github.com/arran4/golang-ical"

	"codeberg.org/cortege/cortege/internal/ics"
)

// FuzzMarshal feeds arbitrary text (titles, places, descriptions come from
// users) and checks the output keeps its structure: CRLF lines of at most
// 75 octets, one VEVENT, and golang-ical parses it back.
func FuzzMarshal(f *testing.F) {
	f.Add("Réunion", "a\r\nb", "x;y,z\\")
	f.Add("END:VEVENT", "\nBEGIN:VALARM", "\x00\x7f")
	f.Fuzz(func(t *testing.T, summary, desc, loc string) {
		b, err := ics.Marshal(ics.Calendar{Stamp: time.Unix(0, 0), Events: []ics.Event{{
			UID: "u@x", Summary: summary, Description: desc, Location: loc, TZ: "Europe/Paris",
			Start: time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), End: time.Date(2026, 3, 29, 3, 0, 0, 0, time.UTC),
		}}})
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if strings.Count(s, "\r\nBEGIN:VEVENT\r\n") != 1 || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\r") {
			t.Fatalf("structure broken:\n%q", s)
		}
		if _, err := ical.ParseCalendar(bytes.NewReader(b)); err != nil {
			t.Fatalf("does not parse back: %v\n%q", err, s)
		}
	})
}
