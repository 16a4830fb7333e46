package ics_test

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/ics"
)

// BenchmarkWriteFeed writes a feed of 400 events in Europe/Paris, the
// size of the instance's ICS feed (its window of upcoming and recent
// events), a few of them series.
func BenchmarkWriteFeed(b *testing.B) {
	start := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	c := ics.Calendar{Name: "Cortège", Refresh: time.Hour, Stamp: start}
	for i := range 400 {
		e := ics.Event{UID: fmt.Sprintf("%d@example.org", i), Summary: fmt.Sprintf("Réunion publique n° %d", i),
			Description: strings.Repeat("Venez nombreuses et nombreux, nous parlerons du quartier. ", 8),
			Location:    "Salle des fêtes, 12 rue de la République, 69007 Lyon", HasGeo: true, Lat: 45.75, Lon: 4.84,
			URL: fmt.Sprintf("https://example.org/events/%d", i), OrganizerName: "Collectif", OrganizerURI: "https://example.org/@collectif",
			Start: start.Add(time.Duration(i) * time.Hour), End: start.Add(time.Duration(i)*time.Hour + 2*time.Hour), TZ: "Europe/Paris",
			Status: ics.StatusConfirmed, Created: start, Modified: start, Categories: []string{"réunion"}}
		if i%20 == 0 {
			e.RRule = "FREQ=WEEKLY;BYDAY=TU"
			e.Until = e.Start.AddDate(1, 0, 0)
		}
		c.Events = append(c.Events, e)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := ics.Write(io.Discard, c); err != nil {
			b.Fatal(err)
		}
	}
}
