package service_test

import (
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// consenting is a signature that agreed (or not) to hear from the petition.
func consenting(first, email string, given bool) service.SignInput {
	in := signInput(first, email)
	in.Consents = []cortege.Consent{{Purpose: cortege.ConsentPetitionUpdates, Given: given, Wording: "Recevoir des nouvelles de cette pétition"}}
	return in
}

func TestPetitionUpdateFanout(t *testing.T) {
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	g := newGroup(t, e, org, "velolyon", cortege.VisibilityPublic, cortege.JoinOpen)
	member(t, e, org, g, "membre@example.org", cortege.GroupMember)
	in := petitionInput("Une piste cyclable rue Garibaldi", 100)
	in.GroupID = g.ID
	p, err := e.svc.CreatePetition(bg, org, in)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.PostPetitionUpdate(bg, org, p.ID, "Déjà ?", "Un brouillon n’a pas de signataires.")
	wantCode(t, "an update on a draft", err, cortege.ECONFLICT)
	if _, err := e.svc.PublishPetition(bg, org, p.ID); err != nil {
		t.Fatal(err)
	}
	signAndConfirm(t, e, p.ID, consenting("Anna", "anna@example.org", true), "192.0.2.1")
	signAndConfirm(t, e, p.ID, consenting("Bruno", "bruno@example.org", false), "192.0.2.2")
	signAndConfirm(t, e, p.ID, signInput("Chloé", "chloe@example.org"), "192.0.2.3")
	signAndConfirm(t, e, p.ID, consenting("Driss", "driss@example.org", true), "192.0.2.4")
	// Unconfirmed and withdrawn signers are not told, whatever they chose.
	if _, err := e.svc.Sign(bg, cortege.Actor{IP: "192.0.2.5"}, p.ID, consenting("Émile", "emile@example.org", true)); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	tok, _ := linkWith(t, e, "driss@example.org", "/petitions/"+p.ID+"/withdraw")
	if err := e.svc.WithdrawSignature(bg, tok); err != nil {
		t.Fatal(err)
	}

	stranger := signIn(t, e, "stranger@example.org")
	_, err = e.svc.PostPetitionUpdate(bg, stranger, p.ID, "Pirate", "x")
	wantCode(t, "a stranger posts", err, cortege.EFORBIDDEN)
	_, err = e.svc.PostPetitionUpdate(bg, org, p.ID, "", "x")
	wantCode(t, "no title", err, cortege.EINVALID)
	u, err := e.svc.PostPetitionUpdate(bg, org, p.ID, "Rendez-vous en conseil municipal", "Le conseil examine la piste **lundi**.\n\nVenez nombreux.")
	if err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	const subject = "Rendez-vous en conseil municipal"
	for addr, want := range map[string]int{"anna@example.org": 1, "bruno@example.org": 0, "chloe@example.org": 0,
		"driss@example.org": 0, "emile@example.org": 0} {
		if got := len(mailsTo(e, addr, subject)); got != want {
			t.Errorf("%s got %d update mails, want %d", addr, got, want)
		}
	}
	ms := mailsTo(e, "anna@example.org", subject)
	if len(ms) != 1 {
		t.Fatal("no update mail")
	}
	m := ms[0]
	lu := m.Header.Get("List-Unsubscribe")
	if m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || !strings.HasPrefix(lu, "<https://cortege.example/petitions/"+p.ID+"/unsubscribe?") {
		t.Fatalf("RFC 8058 headers: %q, %q", lu, m.Header.Get("List-Unsubscribe-Post"))
	}
	if !strings.Contains(m.Text, "Venez nombreux.") || !strings.Contains(m.Text, "/petitions/"+p.ID+"/withdraw?token=") {
		t.Fatalf("update mail text %q", m.Text)
	}
	// The group's member hears of it as group activity; the author does not.
	if len(mailsTo(e, "membre@example.org", subject)) != 1 {
		t.Error("the group's member was not told")
	}
	if len(mailsTo(e, "org@example.org", subject)) != 0 {
		t.Error("the author was told of their own update")
	}

	us, next, err := e.svc.PetitionUpdates(bg, cortege.Anonymous, p.ID, "", 0)
	if err != nil || len(us) != 1 || us[0].ID != u.ID || next != "" {
		t.Fatalf("updates %v %q %v", us, next, err)
	}

	// One-click unsubscribe: the link (a POST, no confirmation) stops the
	// updates; the signature still counts.
	lu = strings.Trim(lu, "<>")
	pu, _ := url.Parse(lu)
	sig, utok := pu.Query().Get("signature"), pu.Query().Get("token")
	if _, err := e.svc.UnsubscribePetitionUpdates(bg, sig, "x"+utok[1:]); cortege.ErrorCode(err) != cortege.EINVALID {
		t.Fatalf("a forged unsubscribe: %v", err)
	}
	if st, err := e.svc.CheckPetitionUnsubscribe(bg, sig, utok); err != nil || !st.Subscribed || st.Petition.ID != p.ID {
		t.Fatalf("check %+v, %v", st, err)
	}
	for i := 0; i < 2; i++ {
		if _, err := e.svc.UnsubscribePetitionUpdates(bg, sig, utok); err != nil {
			t.Fatalf("unsubscribe %d: %v", i, err)
		}
	}
	if st, _ := e.svc.CheckPetitionUnsubscribe(bg, sig, utok); st.Subscribed {
		t.Fatal("still subscribed")
	}
	if _, err := e.svc.PostPetitionUpdate(bg, org, p.ID, "Deuxième nouvelle", "Le conseil a voté."); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	if len(mailsTo(e, "anna@example.org", "Deuxième nouvelle")) != 0 {
		t.Error("an unsubscribed signer got the next update")
	}
	if c := counts(t, e, p.ID); c.Online != 3 {
		t.Errorf("count after unsubscribing: %+v", c)
	}
}
