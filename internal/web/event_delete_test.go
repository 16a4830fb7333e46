package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// An organiser deletes an event nobody registered for from its cancel
// page; with a participant, the page says to cancel instead.
func TestEventDelete(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Doublon"}, "place_area": {"Lyon"}})
	mustContain(t, a.get(org, "/events/"+id+"/cancel"), `action="/events/`+id+`/delete"`)
	stranger := a.signIn("stranger@example.org")
	if r := a.post(stranger, "/events/"+id+"/delete", url.Values{}); r.code < 400 {
		t.Fatalf("stranger deleted: %d", r.code)
	}
	r := a.post(org, "/events/"+id+"/delete", url.Values{})
	if r.code != http.StatusSeeOther || r.h.Get("Location") != "/events?ok=event_deleted" {
		t.Fatalf("delete: %d %q", r.code, r.h.Get("Location"))
	}
	if r := a.get(org, "/events/"+id); r.code != http.StatusNotFound {
		t.Fatalf("deleted event page: %d", r.code)
	}

	kept := a.createEvent(org, url.Values{"title": {"Manifestation"}, "place_area": {"Lyon"}})
	if r := a.post(stranger, "/events/"+kept+"/join", url.Values{}); r.code >= 400 {
		t.Fatalf("join: %d", r.code)
	}
	r = a.post(org, "/events/"+kept+"/delete", url.Values{})
	if r.code != http.StatusConflict {
		t.Fatalf("delete with a participant: %d", r.code)
	}
	mustContain(t, r, "annulez-le plutôt")
}
