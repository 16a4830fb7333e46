package cortege_test

import (
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

func TestPetitionIDFromRef(t *testing.T) {
	id := cortege.NewID(time.Now())
	for _, c := range []struct {
		in string
		ok bool
	}{
		{id, true}, {strings.ToLower(id), true}, {"  " + id + " ", true},
		{"https://cortege.example/petitions/" + id, true},
		{"https://cortege.example/petitions/" + id + "/gatherings?postcode=69007", true},
		{"/petitions/" + id, true},
		{"https://cortege.example/events/" + id, false},
		{"javascript:alert(1)//petitions/" + id, false},
		{"https://cortege.example/petitions/", false},
		{"https://cortege.example/petitions/" + id[:20], false},
		{"", false}, {"petition", false},
	} {
		got, ok := cortege.PetitionIDFromRef(c.in)
		if ok != c.ok || ok && got != id {
			t.Errorf("PetitionIDFromRef(%q) = %q, %v", c.in, got, ok)
		}
	}
	if got, ok := cortege.EventIDFromRef("https://cortege.example/events/" + id + ".ics"); !ok || got != id {
		t.Errorf("EventIDFromRef: %q %v", got, ok)
	}
}

func TestPetitionUpdateValidate(t *testing.T) {
	u := cortege.PetitionUpdate{Title: "  Nouvelles  ", Body: "Texte"}
	if err := u.Validate(); err != nil || u.Title != "Nouvelles" {
		t.Fatalf("%+v %v", u, err)
	}
	for _, bad := range []cortege.PetitionUpdate{{Body: "x"}, {Title: "x"}, {Title: strings.Repeat("a", 201), Body: "x"}} {
		if e := cortege.ErrorOf(bad.Validate()); e == nil || e.Code != cortege.EINVALID || e.Field == "" {
			t.Errorf("%+v: %v", bad, e)
		}
	}
}

// FuzzObjectRef: whatever is typed, a reference found is a valid ID.
func FuzzObjectRef(f *testing.F) {
	f.Add("01JEXAMPLE0000000000000000")
	f.Add("https://cortege.example/petitions/01JF0000000000000000000000/gatherings")
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []func(string) (string, bool){cortege.PetitionIDFromRef, cortege.EventIDFromRef} {
			if id, ok := fn(s); ok && !cortege.ValidIDShape(id) {
				t.Fatalf("%q gave %q", s, id)
			}
		}
	})
}
