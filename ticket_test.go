package cortege_test

import (
	"testing"

	"codeberg.org/cortege/cortege"
)

// TestTicketed: only an online-only event goes without tickets.
func TestTicketed(t *testing.T) {
	for _, c := range []struct {
		name string
		e    cortege.Event
		want bool
	}{
		{"place", cortege.Event{Place: "Place Bellecour"}, true},
		{"area only", cortege.Event{PlaceArea: "Lyon"}, true},
		{"place to be announced", cortege.Event{PlaceTBA: true, OnlineURL: "https://visio.example"}, true},
		{"mixed", cortege.Event{Place: "Salle B", OnlineURL: "https://visio.example"}, true},
		{"online only", cortege.Event{OnlineURL: "https://visio.example"}, false},
		{"online link to be announced", cortege.Event{OnlineTBA: true}, false},
		{"neither yet", cortege.Event{}, true},
	} {
		if got := c.e.Ticketed(); got != c.want {
			t.Errorf("%s: Ticketed() = %v, want %v", c.name, got, c.want)
		}
	}
}
