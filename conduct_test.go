package cortege_test

import (
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
)

// TestConductOf: the event's own code wins alone; otherwise every
// organising group's code applies, in organiser order, and acceptance is
// required when the event or any of those groups asks for it.
func TestConductOf(t *testing.T) {
	a, b, c := &cortege.Group{ID: "a", Name: "A"}, &cortege.Group{ID: "b", Name: "B"}, &cortege.Group{ID: "c", Name: "C"}
	codes := map[string]*cortege.GroupConduct{
		"a": {GroupID: "a", Text: "Code A"},
		"b": {GroupID: "b", Text: "Code B", Required: true},
	}
	for _, tc := range []struct {
		name     string
		e        cortege.Event
		groups   []*cortege.Group
		want     []string
		required bool
	}{
		{"own code wins", cortege.Event{Conduct: "Mine"}, []*cortege.Group{a, b}, []string{"Mine"}, false},
		{"own code required", cortege.Event{Conduct: "Mine", ConductRequired: true}, []*cortege.Group{a}, []string{"Mine"}, true},
		{"group's code", cortege.Event{}, []*cortege.Group{a}, []string{"Code A"}, false},
		{"event requires the group's code", cortege.Event{ConductRequired: true}, []*cortege.Group{a}, []string{"Code A"}, true},
		{"group requires", cortege.Event{}, []*cortege.Group{b}, []string{"Code B"}, true},
		{"co-organised: each code, primary first", cortege.Event{}, []*cortege.Group{a, c, b}, []string{"Code A", "Code B"}, true},
		{"no code anywhere", cortege.Event{ConductRequired: true}, []*cortege.Group{c}, nil, false},
		{"no group", cortege.Event{}, nil, nil, false},
	} {
		got := cortege.ConductOf(&tc.e, tc.groups, codes)
		var texts []string
		for _, code := range got.Codes {
			texts = append(texts, code.Text)
			if (code.Group == nil) != (tc.e.Conduct != "") {
				t.Errorf("%s: code %q from group %v", tc.name, code.Text, code.Group)
			}
		}
		if strings.Join(texts, "|") != strings.Join(tc.want, "|") || got.Required != tc.required {
			t.Errorf("%s: got %v required=%v, want %v required=%v", tc.name, texts, got.Required, tc.want, tc.required)
		}
	}
}

func TestGroupConductValidate(t *testing.T) {
	c := cortege.GroupConduct{Text: "  Respect.  "}
	if err := c.Validate(); err != nil || c.Text != "Respect." {
		t.Fatalf("valid code: %v %q", err, c.Text)
	}
	for name, bad := range map[string]cortege.GroupConduct{
		"required but empty": {Required: true},
		"too long":           {Text: strings.Repeat("é", cortege.MaxGroupConductLen+1)},
		"control character":  {Text: "a\x00b"},
	} {
		if e := cortege.ErrorOf(bad.Validate()); e == nil || e.Field != "conduct" {
			t.Errorf("%s: %v", name, e)
		}
	}
}
