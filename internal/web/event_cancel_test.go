package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestEventCancelWithReason: the organiser gives a reason (Markdown); a
// reason too long comes back with the message and the text kept; the
// page and the mail show it; the check-in page warns outside the event's
// day, then closes once the event is cancelled; announcements are
// Markdown on their page too.
func TestEventCancelWithReason(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Marche"}, "place_area": {"Lyon"}, "place": {"Place Bellecour"}})
	p := a.signIn("p@example.org")
	if r := a.post(p, "/events/"+id+"/join", url.Values{}); r.code != 303 {
		t.Fatalf("join: %d", r.code)
	}

	// Two days ahead: the door page warns, check-in still works.
	r := a.get(org, "/events/"+id+"/checkin")
	mustContain(t, r, "Ce n’est pas le jour de l’événement", `name="code"`)
	pid := regexp.MustCompile(`name="pid" value="([0-9A-Z]{26})"`).FindStringSubmatch(r.body)[1]
	r = a.post(org, "/events/"+id+"/checkin", url.Values{"pid": {pid}})
	mustContain(t, r, "Arrivée enregistrée", "Enregistré en dehors du jour de l’événement")
	a.Clock.Advance(47 * time.Hour)
	mustLack(t, a.get(org, "/events/"+id+"/checkin"), "Ce n’est pas le jour de l’événement")

	r = a.post(org, "/events/"+id+"/announce", url.Values{"audience": {"all"}, "subject": {"Consignes"}, "body": {"Venez **tôt**."}})
	if r.code != 303 {
		t.Fatalf("announce: %d", r.code)
	}
	mustContain(t, a.get(org, "/events/"+id+"/announce"), "Venez <strong>tôt</strong>.", "Markdown accepté")

	mustContain(t, a.get(org, "/events/"+id+"/cancel"), `name="reason"`, "Markdown accepté", "déjà arrivées comprises")
	long := strings.Repeat("trop ", 401)
	r = a.post(org, "/events/"+id+"/cancel", url.Values{"scope": {"this"}, "reason": {long}})
	if r.code != 422 {
		t.Fatalf("a reason too long: %d", r.code)
	}
	mustContain(t, r, `id="f-cancel-reason-error"`, "trop longue", "trop trop trop")
	mustContain(t, a.get(a.visitor(), "/events/"+id), "Marche")
	mustLack(t, a.get(a.visitor(), "/events/"+id), "Cet événement est annulé")

	r = a.post(org, "/events/"+id+"/cancel", url.Values{"scope": {"this"}, "reason": {"Arrêté **préfectoral**\u00a0: rendez-vous le 12."}})
	if r.code != 303 {
		t.Fatalf("cancel: %d\n%s", r.code, excerpt(r.body))
	}
	r = a.get(a.visitor(), "/events/"+id)
	mustContain(t, r, "Cet événement est annulé", "Message des organisateurs", "Arrêté <strong>préfectoral</strong>")

	r = a.get(org, "/events/"+id+"/checkin")
	mustContain(t, r, "Cet événement est annulé\u00a0: l’accueil est fermé.")
	mustLack(t, r, `name="code"`, `name="pid"`)
	if r := a.post(org, "/events/"+id+"/checkin", url.Values{"pid": {pid}}); r.code != 409 {
		t.Errorf("check-in of a cancelled event: %d", r.code)
	}

	a.Drain(t)
	var told int
	for _, m := range a.MailsTo(t, "p@example.org") {
		if strings.HasPrefix(m.HeaderDecoded("Subject"), "Annulé") {
			told++
			if !strings.Contains(m.Text, "Arrêté **préfectoral**") {
				t.Errorf("mail without the reason:\n%s", m.Text)
			}
		}
	}
	if told != 1 {
		t.Errorf("the checked-in participant got %d cancellation mails", told)
	}
}
