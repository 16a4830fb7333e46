package cortege_test

import (
	"testing"

	"codeberg.org/cortege/cortege"
)

// Events and groups refuse control characters with the field named, on
// both engines alike (PostgreSQL cannot store NUL).
func TestFeatureTextRefusesControlCharacters(t *testing.T) {
	g := &cortege.Group{Handle: "velo", Name: "Vélo\x00", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen}
	if e := cortege.ErrorOf(g.Validate()); e == nil || e.Field != "name" {
		t.Fatalf("group: %v", e)
	}
	ev := validEvent()
	ev.Place = "1 rue\x07 de la Paix"
	if e := cortege.ErrorOf(ev.Validate()); e == nil || e.Field != "place" {
		t.Fatalf("event: %v", e)
	}
	ev = validEvent()
	ev.Description = "Ligne 1\nLigne 2\ttab"
	if err := ev.Validate(); err != nil {
		t.Fatalf("line breaks and tabs refused: %v", err)
	}
}
