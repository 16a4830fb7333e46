package web_test

import (
	"context"
	"net/url"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestEventSearchByGroupName: /events?group= takes the group's name as well
// as its handle (with or without "@"); a group nobody finds is told on the
// field, in the form shown again.
func TestEventSearchByGroupName(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	g, err := a.Service.CreateGroup(context.Background(), a.actor(org), service.GroupInput{Handle: "velo_lyon", Name: "Vélorution Lyon", Visibility: cortege.VisibilityPublic, JoinMode: "open"})
	if err != nil {
		t.Fatal(err)
	}
	a.createEvent(org, url.Values{"title": {"Critical mass"}, "place_area": {"Lyon"}, "group": {g.ID}})
	a.createEvent(org, url.Values{"title": {"Pique-nique"}, "place_area": {"Lyon"}})
	v := a.visitor()
	for _, ref := range []string{"Vélorution Lyon", "velorution lyon", "velo_lyon", "@velo_lyon", g.ID} {
		r := a.get(v, "/events?group="+url.QueryEscape(ref))
		if r.code != 200 {
			t.Fatalf("%q: %d", ref, r.code)
		}
		mustContain(t, r, "Critical mass")
		mustLack(t, r, "Pique-nique")
	}
	r := a.get(v, "/events?group="+url.QueryEscape("Vélorution Marseille"))
	if r.code != 422 {
		t.Fatalf("unknown group: %d", r.code)
	}
	mustContain(t, r, `id="f-search-group-error"`, "Aucun groupe ne porte ce nom", `value="Vélorution Marseille"`)
}
