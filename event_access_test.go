package cortege_test

import (
	"testing"

	"codeberg.org/cortege/cortege"
)

// TestChangeForHiddenValues: a place hidden when a change was made stays
// hidden from those who could not see it then, even once the event shows
// its place; a place hidden now is removed for them whatever it was.
func TestChangeForHiddenValues(t *testing.T) {
	before := &cortege.Event{ID: "E", Place: "12 rue Secrète", PlaceArea: "Lyon", HidePlace: true}
	after := &cortege.Event{ID: "E", Place: "Place des Terreaux", PlaceArea: "Lyon"}
	cs := cortege.Changes(before, after)
	if len(cs) != 1 || cs[0].Field != cortege.ChangePlace || !cs[0].FromHidden || cs[0].ToHidden {
		t.Fatalf("changes = %+v", cs)
	}
	for _, c := range []struct {
		name     string
		e        *cortege.Event
		v        cortege.EventViewer
		from, to string
	}{
		{"visitor, place now public", after, cortege.EventViewer{}, "", "Place des Terreaux, Lyon"},
		{"pending, place now public", after, cortege.EventViewer{SignedIn: true, Status: cortege.PartPending}, "", "Place des Terreaux, Lyon"},
		{"admitted", after, cortege.EventViewer{SignedIn: true, Status: cortege.PartApproved}, "12 rue Secrète, Lyon", "Place des Terreaux, Lyon"},
		{"organiser", after, cortege.EventViewer{Organiser: true}, "12 rue Secrète, Lyon", "Place des Terreaux, Lyon"},
		{"visitor, place hidden again", before, cortege.EventViewer{}, "", ""},
	} {
		got := c.e.ChangeFor(cs[0], c.v)
		if got.From != c.from || got.To != c.to {
			t.Errorf("%s: from %q to %q, want %q to %q", c.name, got.From, got.To, c.from, c.to)
		}
	}
	status := cortege.EventChange{Field: cortege.ChangeStatus, From: "confirmed", To: "cancelled", FromHidden: true}
	if got := after.ChangeFor(status, cortege.EventViewer{}); got != status {
		t.Errorf("a status change was redacted: %+v", got)
	}
}
