package web_test

import (
	"net/url"
	"regexp"
	"testing"
	"time"
)

// TestOrganiserNotOfferedJoinNorReport: the event's creator, and whoever
// holds its management link, see organiser actions instead of the join
// form and the report button; the creator may count themselves in.
// Anyone else still sees both.
func TestOrganiserNotOfferedJoinNorReport(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("org@example.org")
	id := a.createEvent(org, url.Values{"title": {"Assemblée"}, "tz": {"Europe/Paris"}, "place": {"Salle des fêtes"},
		"visibility": {"public"}, "join_mode": {"free"}})
	const joinButton, report = "Je participe", `class="disclosure flag-event"`

	r := a.get(org, "/events/"+id)
	mustContain(t, r, "Vous organisez cet événement.", "Me compter parmi les participants")
	mustLack(t, r, joinButton, report)
	if r := a.post(org, "/events/"+id+"/flag", url.Values{"kind": {"event"}, "reason": {"spam"}}); r.code != 409 {
		t.Errorf("organiser reporting their event: %d", r.code)
	}
	if r := a.post(org, "/events/"+id+"/join", url.Values{}); r.code != 303 {
		t.Fatalf("count me in: %d\n%s", r.code, excerpt(r.body))
	}
	r = a.get(org, "/events/"+id)
	mustContain(t, r, `badge-approved`, "1</strong>")
	mustLack(t, r, "Me compter parmi les participants")

	p := a.signIn("p@example.org")
	r = a.get(p, "/events/"+id)
	mustContain(t, r, joinButton, report)
	mustLack(t, r, "Vous organisez cet événement.")

	// The holder of the management link of an event made without account.
	v := a.visitor()
	if r := a.post(v, "/events", url.Values{"email": {"ana@example.org"}, "title": {"Pique-nique"}, "start": {when(72 * time.Hour)},
		"tz": {"Europe/Paris"}, "place": {"Parc"}, "publish": {"1"}, "visibility": {"public"}, "join_mode": {"free"}}); r.code != 303 {
		t.Fatalf("create without account: %d", r.code)
	}
	manage := a.mailPath("ana@example.org", "/events/manage")
	page := a.get(v, manage).h.Get("Location") // the link opens a session
	if r := a.post(v, page, url.Values{"action": {"confirm"}}); r.code != 303 {
		t.Fatalf("confirm: %d", r.code)
	}
	m := regexp.MustCompile(`^/events/([0-9A-Z]{26})/manage$`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("management page %q", page)
	}
	aid := m[1]
	r = a.get(v, "/events/"+aid)
	mustContain(t, r, "Vous organisez cet événement.")
	mustLack(t, r, joinButton, report, `name="email"`)
}
