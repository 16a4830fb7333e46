package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

// TestEventFormPlaceChoice: without JavaScript, a postal code several
// communes share shows the form again with every field kept and the
// communes to choose from; choosing one creates the event there.
func TestEventFormPlaceChoice(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	f := url.Values{"title": {"Marche des Dombes"}, "start": {when(48 * time.Hour)}, "place_area": {"01400"},
		"place": {"Place de la mairie"}, "description": {"On marche."}, "publish": {"1"}}
	r := a.post(org, "/events", f)
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("ambiguous postal code: %d", r.code)
	}
	mustContain(t, r, "Plusieurs communes correspondent", "Quelle commune ?",
		`name="place_choice" value="01093" checked`, "Châtillon-sur-Chalaronne (01400, Ain)", `value="01328"`, "Romans (01400, Ain)",
		`value="Marche des Dombes"`, "Place de la mairie", "On marche.", `aria-invalid="true"`)
	f.Set("place_choice", "01328")
	id := a.createEvent(org, f)
	mustContain(t, a.get(a.visitor(), "/events/"+id), "Romans (01400)", "Place de la mairie")
	// Unknown postal code: said on the field.
	f.Set("place_area", "99999")
	mustContain(t, a.post(org, "/events", f), "Aucune commune n’a ce code postal", `id="f-event-place_area-error"`)
}

// TestGroupFormPlace: the group form reads its address the same way.
func TestGroupFormPlace(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	f := url.Values{"handle": {"dombes"}, "name": {"Dombes en marche"}, "kind": {"local"}, "address": {"01400"}, "visibility": {"public"}, "join_mode": {"open"}}
	r := a.post(org, "/groups", f)
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("ambiguous: %d", r.code)
	}
	mustContain(t, r, "Quelle commune ?", `value="01328"`, `value="Dombes en marche"`)
	f.Set("place_choice", "01328")
	if r := a.post(org, "/groups", f); r.code != http.StatusSeeOther {
		t.Fatalf("chosen: %d\n%s", r.code, excerpt(r.body))
	}
	mustContain(t, a.get(a.visitor(), "/@dombes"), "Romans (01400)")
	mustContain(t, a.get(a.visitor(), "/groups?near=Romans+%2801400%29"), "Dombes en marche", "Autour de Romans (01400, Ain)")
}

// TestPlaceSearchPages: the one place field on the three search pages,
// and the credits page linked from the footer.
func TestPlaceSearchPages(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	a.createEvent(org, url.Values{"title": {"Critical Mass"}, "place_area": {"69007"}, "place": {"12 rue de Marseille"}})
	a.createEvent(org, url.Values{"title": {"Pique-nique"}, "place_area": {"Marseille 1er"}})
	v := a.visitor()
	for _, path := range []string{"/events?near=near+Lyon", "/events?near=pr%C3%A8s+de+69007", "/events?near=Villeurbanne", "/?near=Lyon+7e", "/events?near=Lyon&radius=2"} {
		r := a.get(v, path)
		mustContain(t, r, "Critical Mass", `name="near"`, `name="radius"`, "Lieu", "Une commune ou un code postal", `list="`, "data-place-locate")
		mustLack(t, r, "Pique-nique")
	}
	// "Lyon" within 2 km still covers its arrondissements.
	mustContain(t, a.get(v, "/events?near=Lyon&radius=2"), "Autour de Lyon (69001, 69002, 69003, …, Rhône), dans un rayon de")
	r := a.get(v, "/events?near=Atlantide")
	if r.code != http.StatusUnprocessableEntity {
		t.Errorf("unknown place: %d", r.code)
	}
	mustContain(t, r, "pas une commune française connue", `id="f-search-near-error"`)
	mustLack(t, r, "Critical Mass")
	mustContain(t, a.get(v, "/?near=Atlantide"), `id="home-near-error"`)
	mustContain(t, a.get(v, "/groups?near=Atlantide"), `id="g-near-error"`)
	// A shared name offers the others.
	mustContain(t, a.get(v, "/events?near=Saint-Denis"), "Vouliez-vous dire une autre commune ?", "Saint-Denis (93200, 93210, 93380, Seine-Saint-Denis)")
	about := a.get(v, "/about/places")
	mustContain(t, about, "Données géographiques", "GeoNames", "CC BY 4.0", "6.0.0", "4.1.2", "1.0.1", "Licence Ouverte 2.0")
	mustContain(t, a.get(v, "/"), `href="/about/places"`)
	mustContain(t, a.get(v, "/about/places?lang=en"), "Place data", "Creative Commons Attribution 4.0")
	if h := a.get(v, "/").h.Get("Permissions-Policy"); h != "camera=(self), geolocation=(self), microphone=(), interest-cohort=()" {
		t.Errorf("Permissions-Policy %q", h)
	}
}
