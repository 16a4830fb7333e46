package cortege_test

import (
	"strings"
	"testing"
	"unicode/utf8"

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

// disguised are texts that show other than they read; every one-line
// field of every noun refuses them, naming the field.
var disguised = []string{"\u202eecila", "al\u200bice", "\ufeffalice", "ali\u2028ce", "a\u2066lice\u2069", "al\tice", "al\u0085ice"}

// Every one-line field of every noun, and every multi-line one for what
// is not a line break, refuses characters that disguise a text, with the
// field named: one rule in the domain for the web and the API alike.
func TestEveryTextFieldRefusesDisguise(t *testing.T) {
	q := func(label string, choices ...string) *cortege.Question {
		kind := cortege.QuestionText
		if len(choices) > 0 {
			kind = cortege.QuestionChoice
		}
		return &cortege.Question{Label: label, Kind: kind, Choices: choices}
	}
	group := func(edit func(g *cortege.Group)) error {
		g := &cortege.Group{Handle: "velo", Name: "Vélo", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen}
		edit(g)
		return g.Validate()
	}
	event := func(edit func(e *cortege.Event)) error {
		e := validEvent()
		edit(e)
		return e.Validate()
	}
	profile := func(edit func(p *cortege.Profile)) error {
		p := &cortege.Profile{Handle: "alice", DisplayName: "Alice"}
		edit(p)
		return p.Validate()
	}
	settings := func(edit func(s *cortege.InstanceSettings)) error {
		s := cortege.DefaultInstanceSettings()
		edit(&s)
		return s.Validate()
	}
	cases := []struct {
		noun, field string
		multiline   bool
		check       func(s string) error
	}{
		{"profile", "handle", false, func(s string) error { return profile(func(p *cortege.Profile) { p.Handle = s }) }},
		{"profile", "display_name", false, func(s string) error { return profile(func(p *cortege.Profile) { p.DisplayName = s }) }},
		{"profile", "bio", true, func(s string) error { return profile(func(p *cortege.Profile) { p.Bio = s }) }},
		{"group", "handle", false, func(s string) error { return group(func(g *cortege.Group) { g.Handle = s }) }},
		{"group", "name", false, func(s string) error { return group(func(g *cortege.Group) { g.Name = s }) }},
		{"group", "address", false, func(s string) error { return group(func(g *cortege.Group) { g.Address = s }) }},
		{"group", "tags", false, func(s string) error { return group(func(g *cortege.Group) { g.Tags = []string{s} }) }},
		{"group", "description", true, func(s string) error { return group(func(g *cortege.Group) { g.Description = s }) }},
		{"event", "title", false, func(s string) error { return event(func(e *cortege.Event) { e.Title = s }) }},
		{"event", "place_area", false, func(s string) error { return event(func(e *cortege.Event) { e.PlaceArea = s }) }},
		{"event", "place", true, func(s string) error { return event(func(e *cortege.Event) { e.Place = s }) }},
		{"event", "online_url", false, func(s string) error { return event(func(e *cortege.Event) { e.OnlineURL = "https://x.example/" + s }) }},
		{"event", "tags", false, func(s string) error { return event(func(e *cortege.Event) { e.Tags = []string{s} }) }},
		{"event", "description", true, func(s string) error { return event(func(e *cortege.Event) { e.Description = s }) }},
		{"event", "conduct", true, func(s string) error { return event(func(e *cortege.Event) { e.Conduct = s }) }},
		{"event", "report", true, func(s string) error { return event(func(e *cortege.Event) { e.Report = s }) }},
		{"question", "questions", false, func(s string) error { return q(s).Validate() }},
		{"question choice", "questions", false, func(s string) error { return q("Repas ?", "oui", s).Validate() }},
		{"participation", "name", false, func(s string) error {
			return (&cortege.Participation{Name: s, Email: "a@example.org"}).Validate()
		}},
		{"announcement", "subject", false, func(s string) error {
			return (&cortege.Announcement{Audience: cortege.AudienceAll, Subject: s, Body: "b"}).Validate()
		}},
		{"announcement", "body", true, func(s string) error {
			return (&cortege.Announcement{Audience: cortege.AudienceAll, Subject: "s", Body: "b" + s}).Validate()
		}},
		{"comment", "body", true, func(s string) error { return (&cortege.EventComment{Body: "b" + s}).Validate() }},
		{"photo", "caption", false, func(s string) error { return (&cortege.EventPhoto{Caption: s}).Validate() }},
		{"post", "title", false, func(s string) error {
			return (&cortege.Post{Title: s, Visibility: cortege.PostPublic, Status: cortege.PostDraft}).Validate()
		}},
		{"post", "body", true, func(s string) error {
			return (&cortege.Post{Title: "t", Body: s, Visibility: cortege.PostPublic, Status: cortege.PostDraft}).Validate()
		}},
		{"discussion", "title", false, func(s string) error { return (&cortege.Discussion{Title: s}).Validate() }},
		{"message", "body", true, func(s string) error { _, err := cortege.ValidateMessageBody("b" + s); return err }},
		{"resource", "title", false, func(s string) error { return (&cortege.Resource{Title: s, Kind: cortege.ResourceNote}).Validate() }},
		{"resource", "body", true, func(s string) error {
			return (&cortege.Resource{Title: "t", Body: s, Kind: cortege.ResourceNote}).Validate()
		}},
		{"task list", "title", false, func(s string) error { return (&cortege.TaskList{Title: s}).Validate() }},
		{"task", "title", false, func(s string) error { return (&cortege.Task{Title: s}).Validate() }},
		{"task", "notes", true, func(s string) error { return (&cortege.Task{Title: "t", Notes: s}).Validate() }},
		{"report", "reason", true, func(s string) error {
			return (&cortege.Report{TargetKind: cortege.ReportGroup, TargetID: "x", Reason: "r" + s}).Validate()
		}},
		{"cancellation", "reason", true, func(s string) error { _, err := cortege.CheckCancelReason("r" + s); return err }},
		{"group conduct", "conduct", true, func(s string) error { return (&cortege.GroupConduct{Text: "c" + s}).Validate() }},
		{"instance", "name", false, func(s string) error { return settings(func(x *cortege.InstanceSettings) { x.Name = s }) }},
		{"instance", "contact", false, func(s string) error { return settings(func(x *cortege.InstanceSettings) { x.Contact = s }) }},
		{"instance", "description", true, func(s string) error { return settings(func(x *cortege.InstanceSettings) { x.Description = s }) }},
		{"account", "email", false, func(s string) error { _, err := cortege.NormalizeEmail(s + "@example.org"); return err }},
	}
	for _, c := range cases {
		for _, s := range disguised {
			if c.multiline && s == "al\tice" {
				continue // tabs are fine on several lines
			}
			e := cortege.ErrorOf(c.check(s))
			if e == nil || e.Code != cortege.EINVALID || e.Field != c.field {
				t.Errorf("%s %s: %+q gave %v, want EINVALID naming %s", c.noun, c.field, s, e, c.field)
			}
		}
		if c.multiline {
			if err := c.check("ligne 1\nligne 2"); err != nil {
				t.Errorf("%s %s: a line break refused: %v", c.noun, c.field, err)
			}
		}
	}
}

// refused says, independently of the code under test, whether r is one
// of the characters the text contract names: C0 and C1 controls (but
// tabs and line breaks on several lines), DEL, bidi overrides and
// isolates, zero-width characters and BOM, line and paragraph separators.
func refused(r rune, multiline bool) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return !multiline
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200b || r == 0x200c || r == 0x2060 || r == 0xfeff || r == 0x2028 || r == 0x2029:
		return true
	}
	return false
}

// FuzzCheckText: a text is refused naming its field, or comes out trimmed,
// valid UTF-8, within its length, without any character the contract
// names (a zero-width joiner only between two emoji), and unchanged when
// checked again.
func FuzzCheckText(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		out, err := cortege.CheckText("f", s, 200, multiline)
		if err != nil {
			if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || e.Field != "f" {
				t.Fatalf("%+q: %v", s, err)
			}
			return
		}
		if !utf8.ValidString(out) || out != strings.TrimSpace(out) || utf8.RuneCountInString(out) > 200 {
			t.Fatalf("%+q → %+q", s, out)
		}
		rs := []rune(out)
		for i, r := range rs {
			if refused(r, multiline) {
				t.Fatalf("%+q → %+q holds %U", s, out, r)
			}
			if r == 0x200d && (i == 0 || i == len(rs)-1) {
				t.Fatalf("%+q → %+q: a joiner at an end", s, out)
			}
		}
		if again, err := cortege.CheckText("f", out, 200, multiline); err != nil || again != out {
			t.Fatalf("%+q → %+q → %+q (%v)", s, out, again, err)
		}
		if !multiline && !cortege.ControlFree(out, true) {
			t.Fatalf("%+q: fine on one line, refused on several", out)
		}
	})
}
