package cortege

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestParseInvitees(t *testing.T) {
	type prob struct {
		line int
		text string
		msg  string
	}
	for _, c := range []struct {
		name string
		in   string
		want []Invitee
		bad  []prob
	}{
		{"one bare address", "marie@example.org", []Invitee{{Line: 1, Email: "marie@example.org"}}, nil},
		{"one handle without @", "Bob_1", []Invitee{{Line: 1, Handle: "bob_1"}}, nil},
		{"one handle", "@bob", []Invitee{{Line: 1, Handle: "bob"}}, nil},
		{"newlines, commas, semicolons, tabs, spaces",
			"a@example.org\r\nb@example.org, c@example.org;d@example.org\te@example.org f@example.org\n\n",
			[]Invitee{{Line: 1, Email: "a@example.org"}, {Line: 2, Email: "b@example.org"}, {Line: 2, Email: "c@example.org"}, {Line: 2, Email: "d@example.org"}, {Line: 2, Email: "e@example.org"}, {Line: 2, Email: "f@example.org"}}, nil},
		{"names", "Marie Curie <marie@example.org>, \"Curie, Pierre\" <pierre@example.org>; Irène Joliot irene@EXAMPLE.org",
			[]Invitee{{Line: 1, Email: "marie@example.org", Name: "Marie Curie"}, {Line: 1, Email: "pierre@example.org", Name: "Curie, Pierre"}, {Line: 1, Email: "irene@example.org", Name: "Irène Joliot"}}, nil},
		{"mailto and brackets", "<mailto:a@example.org> (b@example.org) mailto:c@example.org",
			[]Invitee{{Line: 1, Email: "a@example.org"}, {Line: 1, Email: "b@example.org"}, {Line: 1, Email: "c@example.org"}}, nil},
		{"duplicates removed, first kept", "a@example.org\nA <a@EXAMPLE.ORG>\n@bob, @Bob",
			[]Invitee{{Line: 1, Email: "a@example.org"}, {Line: 3, Handle: "bob"}}, nil},
		{"invalid listed by line, valid kept", "ok@example.org\npas-une-adresse@\nMarie Curie\nx@example.org, <broken\n@a\nb@localhost",
			[]Invitee{{Line: 1, Email: "ok@example.org"}, {Line: 4, Email: "x@example.org"}},
			[]prob{{2, "pas-une-adresse@", "err.invitees.invalid_email"}, {3, "Marie Curie", "err.invitees.no_address"}, {4, "<broken", "err.invitees.unreadable"}, {5, "@a", "err.invitees.invalid_handle"}, {6, "b@localhost", "err.invitees.invalid_email"}}},
		{"empty", " \n\t\n", nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, bad := ParseInvitees(c.in)
			var gotBad []prob
			for _, b := range bad {
				gotBad = append(gotBad, prob{b.Line, b.Text, b.Message})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("invitees\n got %+v\nwant %+v", got, c.want)
			}
			if !reflect.DeepEqual(gotBad, c.bad) {
				t.Errorf("problems\n got %+v\nwant %+v", gotBad, c.bad)
			}
		})
	}
}

func TestParseInviteesLimits(t *testing.T) {
	var b strings.Builder
	for i := 0; i < MaxInvitees+5; i++ {
		b.WriteString("p" + strconv.Itoa(i) + "@example.org\n")
	}
	got, bad := ParseInvitees(b.String())
	if len(got) != MaxInvitees || len(bad) != 5 || bad[0].Message != "err.invitees.too_many" || bad[0].Line != MaxInvitees+1 {
		t.Fatalf("%d invitees, problems %+v", len(got), bad[:min(len(bad), 2)])
	}
	_, bad = ParseInvitees(strings.Repeat("nope\n", 10000))
	if len(bad) != 2*MaxInvitees {
		t.Fatalf("problems are capped: %d", len(bad))
	}
}

// FuzzParseInvitees: whatever is pasted, every invitee is a valid
// address or handle, named once, on a line of the paste, within the caps.
func FuzzParseInvitees(f *testing.F) {
	for _, s := range []string{
		"marie@example.org", "Marie <m@example.org>, \"Curie, P\" <p@example.org>; @bob\n<broken",
		"mailto:a@b.org\r\n(c@d.org) x y z", "\"unterminated <a@b.org>", "<<>>,,;;\t\"\"", "bob",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, bad := ParseInvitees(s)
		lines := strings.Count(s, "\n") + 1
		if len(got) > MaxInvitees || len(got)+len(bad) > 2*MaxInvitees {
			t.Fatalf("caps: %d, %d", len(got), len(bad))
		}
		seen := map[string]bool{}
		for _, v := range got {
			if v.Line < 1 || v.Line > lines {
				t.Fatalf("line %d of %d", v.Line, lines)
			}
			key := "@" + v.Handle
			if v.Email != "" {
				if e, err := NormalizeEmail(v.Email); err != nil || e != v.Email || v.Handle != "" {
					t.Fatalf("invitee %+v", v)
				}
				key = strings.ToLower(v.Email)
			} else if h, err := NormalizeHandle(v.Handle); err != nil || h != v.Handle {
				t.Fatalf("invitee %+v", v)
			}
			if seen[key] {
				t.Fatalf("%s twice", key)
			}
			seen[key] = true
		}
		for _, b := range bad {
			if b.Line < 1 || b.Line > lines || !strings.HasPrefix(b.Message, "err.invitees.") {
				t.Fatalf("problem %+v", b)
			}
		}
	})
}
