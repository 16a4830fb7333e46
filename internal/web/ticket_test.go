package web_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestOnlineOnlyEventPagesShowNoTicket: a participant of an online-only
// event sees no ticket on the event page, and someone registered without
// an account sees none on the page of their private link (which still
// works); with a place as well, both show the ticket.
func TestOnlineOnlyEventPagesShowNoTicket(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("org@example.org")
	for _, c := range []struct {
		place  string
		ticket bool
	}{{"", false}, {"Place Bellecour", true}} {
		id := a.createEvent(org, url.Values{"title": {"Réunion " + c.place}, "tz": {"Europe/Paris"}, "place": {c.place},
			"online_url": {"https://visio.example/room"}, "visibility": {"public"}, "join_mode": {"free"}})
		p := a.signIn("p" + id + "@example.org")
		if r := a.post(p, "/events/"+id+"/join", url.Values{}); r.code != 303 {
			t.Fatalf("join: %d\n%s", r.code, excerpt(r.body))
		}
		r := a.get(p, "/events/"+id)
		mustContain(t, r, "https://visio.example/room")
		if got := strings.Contains(r.body, "/ticket.png"); got != c.ticket {
			t.Errorf("place %q: ticket on the event page = %v", c.place, got)
		}
		if r := a.get(p, "/events/"+id+"/ticket.png"); (r.code == 200) != c.ticket {
			t.Errorf("place %q: ticket.png = %d", c.place, r.code)
		}

		anon := "anon" + id + "@example.org"
		b := a.visitor()
		if r := a.post(b, "/events/"+id+"/join", url.Values{"name": {"Bruno"}, "email": {anon}}); r.code != 303 {
			t.Fatalf("anonymous join: %d", r.code)
		}
		a.get(b, a.mailPath(anon, "/events/participation/confirm")) // exchanged for a session
		reg := "/events/" + id + "/registration"
		a.post(b, reg+"/confirm", url.Values{})
		r = a.get(b, reg+"?ok=registration_confirmed")
		mustContain(t, r, "Votre inscription est confirmée", "Annuler ma participation")
		if got := strings.Contains(r.body, "ticket.png") || strings.Contains(r.body, "à l’accueil"); got != c.ticket {
			t.Errorf("place %q: ticket on the private link's page = %v", c.place, got)
		}
	}
}
