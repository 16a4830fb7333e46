package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// petitionFor creates and publishes a local petition by the person of
// session org.
func petitionFor(t *testing.T, a *app, org string) *cortege.Petition {
	t.Helper()
	ctx := context.Background()
	p, err := a.svc.CreatePetition(ctx, a.actor(org), service.PetitionInput{Title: "Une piste cyclable rue Garibaldi",
		Text: "Nous demandons une piste.", Addressee: "La mairie de Lyon", Goal: 100, Scope: cortege.ScopeLocal, Place: "69387"})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = a.svc.PublishPetition(ctx, a.actor(org), p.ID); err != nil {
		t.Fatal(err)
	}
	return p
}

// gathering creates a published event at a position, days from now.
func gathering(t *testing.T, a *app, org, title string, days int, lat, lon float64, set func(*service.EventInput)) *cortege.Event {
	t.Helper()
	start := time.Now().Add(time.Duration(days) * 24 * time.Hour).Truncate(time.Hour)
	in := service.EventInput{Title: title, Start: start, End: start.Add(2 * time.Hour), TZ: "Europe/Paris",
		PlaceArea: "Quelque part", Publish: true, HasCoords: true, Lat: lat, Lon: lon}
	if set != nil {
		set(&in)
	}
	e, err := a.svc.CreateEvent(context.Background(), a.actor(org), in)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// confirmedSigner signs anonymously and confirms from the mail; it
// returns the signer's link token.
func confirmedSigner(t *testing.T, a *app, petitionID, first, email string, consent bool) string {
	t.Helper()
	ctx := context.Background()
	in := service.SignInput{FirstName: first, LastName: "Martin", Email: email, Postal: "69007"}
	if consent {
		in.Consents = []cortege.Consent{{Purpose: cortege.ConsentPetitionUpdates, Given: true, Wording: "Recevoir des nouvelles"}}
	}
	if _, err := a.svc.Sign(ctx, cortege.Actor{IP: "198.51.100." + first[:1]}, petitionID, in); err != nil {
		t.Fatal(err)
	}
	link := a.lastLink(email, "/petitions/"+petitionID+"/confirm")
	u, _ := url.Parse(link)
	c, err := a.svc.ConfirmSignature(ctx, u.Query().Get("token"))
	if err != nil {
		t.Fatal(err)
	}
	return c.Token
}

func TestPetitionGatheringsPages(t *testing.T) {
	a := newApp(t)
	org := a.signIn("orga@example.org")
	evOrg := a.signIn("evenement@example.org")
	stranger := a.signIn("inconnu@example.org")
	p := petitionFor(t, a, org)
	paris := gathering(t, a, evOrg, "Rassemblement à Paris", 2, 48.8566, 2.3522, nil)
	lyon := gathering(t, a, evOrg, "Rassemblement à Lyon", 4, 45.7500, 4.8450, nil)
	full := gathering(t, a, evOrg, "Atelier à Villeurbanne", 5, 45.7719, 4.8902, func(in *service.EventInput) { in.Capacity = 1 })
	appr := gathering(t, a, evOrg, "Réunion à Vénissieux", 6, 45.6975, 4.8867, func(in *service.EventInput) { in.JoinMode = cortege.JoinApproval })

	// The event's organiser links from the event's page, by the petition's address.
	ref := "http://cortege.example/petitions/" + p.ID
	for _, c := range []struct {
		who, petition string
		status        int
		body          string
	}{
		{stranger, ref, http.StatusForbidden, ""},
		{evOrg, "n’importe quoi", http.StatusUnprocessableEntity, "Collez l’adresse de la pétition"},
		{evOrg, ref, http.StatusSeeOther, ""},
	} {
		rec := a.do(req{method: "POST", path: "/events/" + paris.ID + "/petitions", session: c.who, form: url.Values{"petition": {c.petition}}})
		if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.body) {
			t.Fatalf("link %q by %s: %d %s", c.petition, c.who[:4], rec.Code, rec.Body.String())
		}
	}
	if rec := a.do(req{path: "/events/" + paris.ID}); !strings.Contains(rec.Body.String(), p.Title) {
		t.Fatalf("the event's page does not name its petition: %d", rec.Code)
	}
	// The petition's organisers link from the gatherings page, by the event's ID.
	for _, ev := range []*cortege.Event{lyon, full, appr} {
		rec := a.do(req{method: "POST", path: "/petitions/" + p.ID + "/gatherings/link", session: org, form: url.Values{"event": {"/events/" + ev.ID}}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("petition's organiser links: %d %s", rec.Code, rec.Body.String())
		}
	}
	if rec := a.do(req{method: "POST", path: "/petitions/" + p.ID + "/gatherings/link", session: stranger, form: url.Values{"event": {lyon.ID}}}); rec.Code != http.StatusForbidden {
		t.Fatalf("a stranger links: %d", rec.Code)
	}

	// Nearest first from the postal code; no join button without a token.
	rec := a.do(req{path: "/petitions/" + p.ID + "/gatherings?postcode=69007"})
	body := rec.Body.String()
	if rec.Code != 200 || !inOrder(body, "Rassemblement à Lyon", "Villeurbanne", "Vénissieux", "Rassemblement à Paris") || strings.Contains(body, "/gatherings/join") {
		t.Fatalf("gatherings from 69007: %d %s", rec.Code, body)
	}
	if !strings.Contains(body, "km") {
		t.Error("no distance shown")
	}
	rec = a.do(req{path: "/petitions/" + p.ID + "/gatherings?postcode=7500"})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "cinq chiffres") || !strings.Contains(rec.Body.String(), "Rassemblement à Paris") {
		t.Fatalf("a bad postal code: %d", rec.Code)
	}

	// The signer's link: one click registers, showing the outcome.
	tok := confirmedSigner(t, a, p.ID, "Anna", "anna@example.org", false)
	rec = a.do(req{path: "/petitions/" + p.ID + "/gatherings?token=" + url.QueryEscape(tok)})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "/gatherings/join") || rec.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("with the token: %d %v", rec.Code, rec.Header())
	}
	join := func(ev *cortege.Event, token string) *strings.Builder {
		rec := a.do(req{method: "POST", path: "/petitions/" + p.ID + "/gatherings/join", form: url.Values{"token": {token}, "event": {ev.ID}, "postcode": {"69007"}}})
		var b strings.Builder
		b.WriteString(http.StatusText(rec.Code) + " " + rec.Body.String())
		return &b
	}
	if got := join(lyon, tok).String(); !strings.HasPrefix(got, "OK") || !strings.Contains(got, "Vous êtes inscrit·e.") {
		t.Fatalf("join: %.300s", got)
	}
	if got := join(lyon, tok).String(); !strings.HasPrefix(got, "OK") || !strings.Contains(got, "Vous êtes inscrit·e.") {
		t.Fatalf("join again: %.300s", got)
	}
	if got := join(appr, tok).String(); !strings.Contains(got, "attend la validation des organisateurs") {
		t.Fatalf("join by approval: %.300s", got)
	}
	other := confirmedSigner(t, a, p.ID, "Bruno", "bruno@example.org", false)
	join(full, other)
	if got := join(full, tok).String(); !strings.Contains(got, "liste d’attente") {
		t.Fatalf("join a full one: %.300s", got)
	}
	if got := join(lyon, strings.Repeat("A", 43)).String(); !strings.HasPrefix(got, "Unprocessable Entity") || !strings.Contains(got, "Ce lien de signataire n’est pas") {
		t.Fatalf("a bad token: %.300s", got)
	}
	// A signer's token is for their own petition's pages only.
	p2 := petitionFor(t, a, org)
	if rec := a.do(req{method: "POST", path: "/petitions/" + p2.ID + "/gatherings/join", form: url.Values{"token": {tok}, "event": {lyon.ID}}}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("another petition's token: %d", rec.Code)
	}
	ps, err := a.svc.Participants(context.Background(), a.actor(evOrg), service.ByID(lyon.ID))
	n := 0
	for _, x := range ps {
		if x.Name == "Anna Martin" {
			n++
		}
	}
	if err != nil || n != 1 {
		t.Fatalf("the signer is registered %d times (%v)", n, err)
	}

	// The event's organiser unlinks from the event's page.
	if rec := a.do(req{method: "POST", path: "/events/" + paris.ID + "/petitions/unlink", session: evOrg, form: url.Values{"petition": {p.ID}}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("unlink: %d", rec.Code)
	}
	if rec := a.do(req{path: "/petitions/" + p.ID + "/gatherings"}); strings.Contains(rec.Body.String(), "Rassemblement à Paris") {
		t.Fatal("an unlinked event is still listed")
	}
}

// inOrder reports whether the texts appear in s in that order.
func inOrder(s string, texts ...string) bool {
	at := 0
	for _, x := range texts {
		i := strings.Index(s[at:], x)
		if i < 0 {
			return false
		}
		at += i + len(x)
	}
	return true
}
