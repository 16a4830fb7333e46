package web_test

import (
	"context"
	"net/url"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestGroupConductOnEventPages: an administrator writes the group's code
// of conduct in its settings; the group's page shows it, and so does the
// page of an event the group organises without a code of its own, whose
// join form then asks to accept it.
func TestGroupConductOnEventPages(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	admin := a.signIn("admin@example.org")
	g, err := a.Service.CreateGroup(context.Background(), a.actor(admin), service.GroupInput{Handle: "collectif", Name: "Collectif vélo",
		Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen})
	if err != nil {
		t.Fatal(err)
	}
	r := a.get(admin, "/@collectif/settings")
	mustContain(t, r, `action="/@collectif/settings/conduct"`, `name="conduct"`, `name="conduct_required"`)
	r = a.post(admin, "/@collectif/settings/conduct", url.Values{"conduct": {""}, "conduct_required": {"1"}})
	if r.code != 422 {
		t.Fatalf("required but empty: %d", r.code)
	}
	mustContain(t, r, `id="f-conduct-conduct-error"`)
	if r := a.post(a.signIn("stranger@example.org"), "/@collectif/settings/conduct", url.Values{"conduct": {"x"}}); r.code != 403 {
		t.Errorf("stranger writing the code: %d", r.code)
	}
	r = a.post(admin, "/@collectif/settings/conduct", url.Values{"conduct": {"On roule **groupé**."}, "conduct_required": {"1"}})
	if r.code != 303 {
		t.Fatalf("save: %d\n%s", r.code, excerpt(r.body))
	}
	mustContain(t, a.get(admin, "/@collectif/settings"), "On roule **groupé**.", `name="conduct_required" value="1" checked`)
	mustContain(t, a.get(a.visitor(), "/@collectif"), "Code de conduite", "On roule <strong>groupé</strong>.")

	id := a.createEvent(admin, url.Values{"title": {"Vélorution"}, "tz": {"Europe/Paris"}, "place": {"Place Bellecour"},
		"visibility": {"public"}, "join_mode": {"free"}, "group": {g.ID}})
	p := a.signIn("p@example.org")
	r = a.get(p, "/events/"+id)
	mustContain(t, r, "Code de conduite de Collectif vélo", "On roule <strong>groupé</strong>.", `name="accept_conduct"`)
	r = a.post(p, "/events/"+id+"/join", url.Values{})
	if r.code != 422 {
		t.Fatalf("join without accepting: %d", r.code)
	}
	mustContain(t, r, "f-join-accept_conduct-error")
	if r := a.post(p, "/events/"+id+"/join", url.Values{"accept_conduct": {"1"}}); r.code != 303 {
		t.Fatalf("join accepting: %d\n%s", r.code, excerpt(r.body))
	}
}
