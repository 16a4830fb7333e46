package service_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// wordTexts are titles that share letters but not words: the search must
// tell "réparation" from "préparation" and "préparer".
var wordTexts = []string{
	"Atelier de réparation de vélos",
	"Préparation de la manifestation",
	"On va préparer la fête",
	"Vélorution du dimanche",
	"Réparer ensemble",
}

// wordQueries are searched in groups and events; what each finds must be
// what cortege.MatchesWords says of the same texts.
var wordQueries = []struct {
	q    string
	want []string
}{
	{"reparation", []string{"Atelier de réparation de vélos"}},
	{"RÉPARATION", []string{"Atelier de réparation de vélos"}},
	{"répar", []string{"Atelier de réparation de vélos", "Réparer ensemble"}},
	{"prepar", []string{"Préparation de la manifestation", "On va préparer la fête"}},
	{"preparer", []string{"On va préparer la fête"}},
	{"velo", []string{"Atelier de réparation de vélos", "Vélorution du dimanche"}},
	{"lorution", nil},
	{"paration", nil},
	{"fete preparer", []string{"On va préparer la fête"}},
}

// checkWordRule fails when the expected titles disagree with the rule
// itself, so the SQL of both engines is held to cortege.MatchesWords.
func checkWordRule(t *testing.T, q string, want []string) {
	t.Helper()
	var rule []string
	for _, s := range wordTexts {
		if cortege.MatchesWords(cortege.NormalizeSearch(s), cortege.SearchTerms(q, 8)) {
			rule = append(rule, s)
		}
	}
	if !sameTitles(rule, want) {
		t.Fatalf("%q: the rule finds %q, the test expects %q", q, rule, want)
	}
}

func sameTitles(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, "|") == strings.Join(b, "|")
}

// TestGroupSearchWholeWords searches groups by words on the real store
// (SQLite, or PostgreSQL with CORTEGE_TEST_DATABASE_URL): whole words or
// their beginning, accent- and case-insensitive, never inside a word; by
// name and near a place alike.
func TestGroupSearchWholeWords(t *testing.T) {
	e := newEnv(t)
	a := signIn(t, e, "mots@example.org")
	for i, name := range wordTexts {
		if _, err := e.svc.CreateGroup(bg, a, service.GroupInput{Handle: "g" + string(rune('a'+i)) + "_mots", Name: name,
			Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen, HasCoords: true, Lat: 45.76, Lon: 4.83}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range wordQueries {
		checkWordRule(t, c.q, c.want)
		for _, near := range []bool{false, true} {
			r, err := e.svc.SearchGroups(bg, cortege.Anonymous, service.GroupQuery{Text: c.q, Near: near, Lat: 45.76, Lon: 4.83, RadiusKm: 10})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range r.Hits {
				got = append(got, h.Group.Name)
			}
			if !sameTitles(got, c.want) || r.Total != len(c.want) {
				t.Errorf("groups %q (near %v): got %q (total %d), want %q", c.q, near, got, r.Total, c.want)
			}
		}
	}
}

// TestEventSearchWholeWords searches events by words on the real store,
// under the same rule.
func TestEventSearchWholeWords(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	for _, title := range wordTexts {
		in := eventInput(e, title)
		in.Description = "Ouvert à tous."
		mustCreate(t, e, org, in)
	}
	for _, c := range wordQueries {
		checkWordRule(t, c.q, c.want)
		p, err := e.svc.SearchEvents(ctx, cortege.Anonymous, service.EventQuery{Text: c.q})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range p.Items {
			got = append(got, it.Event.Title)
		}
		if !sameTitles(got, c.want) {
			t.Errorf("events %q: got %q, want %q", c.q, got, c.want)
		}
	}
	// No words: every listed event.
	if p, err := e.svc.SearchEvents(ctx, cortege.Anonymous, service.EventQuery{Text: " — "}); err != nil || len(p.Items) != len(wordTexts) {
		t.Fatalf("empty search: %v, %v", p, err)
	}
}

// TestFindGroup: the group filter of event search takes a group's ID,
// handle (with or without "@") or name (accents and case aside, listed
// groups only); unknown and ambiguous names are errors naming the field.
func TestFindGroup(t *testing.T) {
	e := newEnv(t)
	a := signIn(t, e, "filtre@example.org")
	mk := func(handle, name, vis string) *cortege.Group {
		g, err := e.svc.CreateGroup(bg, a, service.GroupInput{Handle: handle, Name: name, Visibility: vis, JoinMode: cortege.JoinOpen})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	lyon := mk("velo_lyon", "Vélorution Lyon", cortege.VisibilityPublic)
	mk("amis_a", "Les Amis", cortege.VisibilityPublic)
	mk("amis_b", "Les amis", cortege.VisibilityPublic)
	secret := mk("cercle", "Cercle discret", cortege.VisibilityPrivate)
	for _, c := range []struct{ ref, want, err string }{
		{lyon.ID, "velo_lyon", ""},
		{"velo_lyon", "velo_lyon", ""},
		{" @VELO_LYON ", "velo_lyon", ""},
		{"Vélorution Lyon", "velo_lyon", ""},
		{"velorution lyon", "velo_lyon", ""},
		{"VÉLORUTION-LYON", "velo_lyon", ""},
		{"Vélorution", "", "err.group.filter_unknown"}, // a name is given whole
		{"Les amis", "", "err.group.filter_ambiguous"},
		{"@amis_b", "amis_b", ""},
		{"Cercle discret", "", "err.group.filter_unknown"}, // not listed: not by name
		{"Nulle part", "", "err.group.filter_unknown"},
		{"", "", "err.group.filter_unknown"},
		{strings.Repeat("x", 500), "", "err.group.filter_unknown"},
	} {
		g, err := e.svc.FindGroup(bg, cortege.Anonymous, "group", c.ref)
		if c.err != "" {
			if ce := cortege.ErrorOf(err); ce == nil || ce.Code != cortege.EINVALID || ce.Field != "group" || ce.Message != c.err {
				t.Errorf("%q: %v, want %s on field group", c.ref, err, c.err)
			}
			continue
		}
		if err != nil || g.Handle != c.want {
			t.Errorf("%q: %v %v, want %s", c.ref, g, err, c.want)
		}
	}
	// The private group's own member finds it by handle.
	if g, err := e.svc.FindGroup(bg, a, "group", "@cercle"); err != nil || g.ID != secret.ID {
		t.Errorf("member by handle: %v %v", g, err)
	}
	if _, err := e.svc.FindGroup(bg, cortege.Anonymous, "group", "@cercle"); cortege.ErrorCode(err) != cortege.EINVALID {
		t.Errorf("private group by handle for a visitor: %v", err)
	}
}
