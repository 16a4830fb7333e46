package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

var guest = cortege.Actor{IP: "198.51.100.7"}

func anonJoin(t *testing.T, e *env, id, name, email string) *cortege.Participation {
	t.Helper()
	p, err := e.svc.JoinEvent(context.Background(), guest, service.ByID(id), service.JoinInput{Name: name, Email: email, Lang: "fr"})
	if err != nil {
		t.Fatalf("join as %s: %v", email, err)
	}
	return p
}

// Registering again with an address already registered is answered like a
// first registration and mails the person where they stand, with the link
// and the ticket; nothing new is registered, a refusal is not bypassed,
// and asking many times sends one mail per ten minutes.
func TestRegisteringAgainResendsLinkAndTicket(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	ev := mustCreate(t, e, org, eventInput(e, "Atelier vélo"))

	first := anonJoin(t, e, ev.ID, "Nina", "nina@example.org")
	again := anonJoin(t, e, ev.ID, "Nina", "Nina@Example.org")
	if again.ID != first.ID {
		t.Fatalf("a second registration was made: %s then %s", first.ID, again.ID)
	}
	e.drain(t)
	if n := len(eventMailsTo(e, "nina@example.org", "Confirmez votre inscription")); n != 2 {
		t.Fatalf("confirmation mails = %d, want 2 (first time, then again)", n)
	}
	tok, _ := linkWith(t, e, "nina@example.org", "/events/participation/confirm")
	if _, err := e.svc.ConfirmParticipation(ctx, tok); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	// Registered and admitted: asking again mails the registration, its
	// private link and its ticket.
	anonJoin(t, e, ev.ID, "Nina", "nina@example.org")
	e.drain(t)
	confirmed := eventMailsTo(e, "nina@example.org", "Inscription confirmée")
	if len(confirmed) != 2 {
		t.Fatalf("registration mails = %d, want 2", len(confirmed))
	}
	last := confirmed[1]
	if !hasTicket(last) || !strings.Contains(last.Text, "/events/participation/cancel?token=") {
		t.Fatalf("the mail sent again lacks the ticket or the link:\n%s", last.Text)
	}
	// Another ask within ten minutes: no more mail.
	anonJoin(t, e, ev.ID, "Nina", "nina@example.org")
	e.drain(t)
	if n := len(eventMailsTo(e, "nina@example.org", "Inscription confirmée")); n != 2 {
		t.Fatalf("mails after repeated asks = %d, want still 2", n)
	}
	e.advance(11 * time.Minute)
	anonJoin(t, e, ev.ID, "Nina", "nina@example.org")
	e.drain(t)
	if n := len(eventMailsTo(e, "nina@example.org", "Inscription confirmée")); n != 3 {
		t.Fatalf("mails ten minutes later = %d, want 3", n)
	}
	if c, _ := e.svc.Counts(ctx, org, service.ByID(ev.ID)); c.Registered != 1 {
		t.Fatalf("registered = %d, want 1", c.Registered)
	}

	// Refused: asking again registers nobody, and says so by mail.
	if _, err := e.svc.Refuse(ctx, org, service.ByID(ev.ID), first.ID, "Complet pour les débutants"); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	e.advance(time.Hour) // past the hourly limit on joining by one address
	if p := anonJoin(t, e, ev.ID, "Nina", "nina@example.org"); p.ID != first.ID || p.Status != cortege.PartRefused {
		t.Fatalf("after refusal: %+v", p)
	}
	e.drain(t)
	if n := len(eventMailsTo(e, "nina@example.org", "Inscription refusée")); n != 2 {
		t.Fatalf("refusal mails = %d, want 2", n)
	}
	// The same checks apply either way: a required answer missing is
	// refused alike for a known and an unknown address.
	in := eventInput(e, "Assemblée")
	in.Conduct, in.ConductRequired = "Respect.", true
	ev2 := mustCreate(t, e, org, in)
	anonJoin2 := func(email string) error {
		_, err := e.svc.JoinEvent(ctx, guest, service.ByID(ev2.ID), service.JoinInput{Name: "X", Email: email, Lang: "fr"})
		return err
	}
	if _, err := e.svc.JoinEvent(ctx, guest, service.ByID(ev2.ID), service.JoinInput{Name: "X", Email: "known@example.org", Lang: "fr", AcceptConduct: true}); err != nil {
		t.Fatal(err)
	}
	known, unknown := anonJoin2("known@example.org"), anonJoin2("unknown@example.org")
	if cortege.ErrorOf(known) == nil || *cortege.ErrorOf(known) != *cortege.ErrorOf(unknown) {
		t.Fatalf("known %v, unknown %v", known, unknown)
	}
}

// "Send me my links again": the creator's address gets the management
// link, a participant's address its registration, any other address
// nothing; the answer is the same, limits are per address and IP.
func TestResendEventLinks(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	in := eventInput(e, "Pique-nique")
	in.CreatorEmail = "ana@example.org"
	ev, err := e.svc.CreateEvent(ctx, guest, in)
	if err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	// Unconfirmed: the creation mail again.
	if err := e.svc.ResendEventLinks(ctx, guest, ev.ID, "ANA@example.org"); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	if n := len(eventMailsTo(e, "ana@example.org", "Confirmez votre événement")); n != 2 {
		t.Fatalf("creation mails = %d, want 2", n)
	}
	tok, _ := linkWith(t, e, "ana@example.org", "/events/manage")
	if _, err := e.svc.ConfirmEventCreation(ctx, service.ByManageToken(tok)); err != nil {
		t.Fatal(err)
	}
	anonJoin(t, e, ev.ID, "Bruno", "bruno@example.org")
	e.drain(t)
	e.advance(11 * time.Minute)
	for _, addr := range []string{"ana@example.org", "bruno@example.org", "nobody@example.org"} {
		if err := e.svc.ResendEventLinks(ctx, guest, ev.ID, addr); err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
	}
	e.drain(t)
	links := eventMailsTo(e, "ana@example.org", "Le lien de gestion")
	if len(links) != 1 || !strings.Contains(links[0].Text, "/events/manage?token="+tok) {
		t.Fatalf("management link mail: %d", len(links))
	}
	if n := len(eventMailsTo(e, "bruno@example.org", "Confirmez votre inscription")); n != 2 {
		t.Fatalf("participant's mails = %d, want 2", n)
	}
	if n := len(eventMailsTo(e, "nobody@example.org", "")); n != 0 {
		t.Fatalf("an unknown address got %d mails", n)
	}
	// Asking over and over from one IP is cut short for that address and
	// IP, not for the person asking from elsewhere; mails stay one per ten
	// minutes.
	var limited error
	for range 6 {
		if limited = e.svc.ResendEventLinks(ctx, guest, ev.ID, "ana@example.org"); limited != nil {
			break
		}
	}
	if cortege.ErrorCode(limited) != cortege.ERATELIMIT {
		t.Fatalf("repeated asks: %v", limited)
	}
	if err := e.svc.ResendEventLinks(ctx, cortege.Actor{IP: "203.0.113.9"}, ev.ID, "ana@example.org"); err != nil {
		t.Fatalf("from another IP: %v", err)
	}
	e.drain(t)
	if n := len(eventMailsTo(e, "ana@example.org", "Le lien de gestion")); n != 1 {
		t.Fatalf("management link mails = %d, want still 1", n)
	}
	if err := e.svc.ResendEventLinks(ctx, guest, ev.ID, "not an address"); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "email" {
		t.Fatalf("bad address: %v", err)
	}
}
