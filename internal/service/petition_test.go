package service_test

import (
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// petitionInput is a valid local petition in Lyon 7e.
func petitionInput(title string, goal int) service.PetitionInput {
	return service.PetitionInput{Title: title, Text: "Nous demandons **une piste cyclable**.", Addressee: "La mairie de Lyon",
		Goal: goal, Scope: cortege.ScopeLocal, Place: "69387", Tags: []string{"vélo"}, FundraisingURL: "https://dons.example.org/velo"}
}

// publishedPetition creates and publishes a petition by a.
func publishedPetition(t *testing.T, e *env, a cortege.Actor, goal int) *cortege.Petition {
	t.Helper()
	p, err := e.svc.CreatePetition(bg, a, petitionInput("Une piste cyclable rue Garibaldi", goal))
	if err != nil {
		t.Fatal(err)
	}
	if p, err = e.svc.PublishPetition(bg, a, p.ID); err != nil {
		t.Fatal(err)
	}
	return p
}

func counts(t *testing.T, e *env, id string) cortege.SignatureCounts {
	t.Helper()
	c, err := e.svc.PetitionCounts(bg, cortege.Anonymous, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPetitionLifecycleAndPermissions(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	stranger := signIn(t, e, "stranger@example.org")
	p, err := e.svc.CreatePetition(bg, alice, petitionInput("Une piste cyclable", 100))
	if err != nil {
		t.Fatal(err)
	}
	if p.State != cortege.PetitionDraft || p.Departement != "69" {
		t.Fatalf("created %+v", p)
	}
	_, err = e.svc.CreatePetition(bg, cortege.Anonymous, petitionInput("x", 1))
	wantCode(t, "a visitor creates", err, cortege.EUNAUTH)
	bad := petitionInput("x", 1)
	bad.Place = "99999"
	_, err = e.svc.CreatePetition(bg, alice, bad)
	wantCode(t, "unknown commune", err, cortege.EINVALID)

	_, err = e.svc.Petition(bg, stranger, p.ID)
	wantCode(t, "a stranger reads a draft", err, cortege.ENOTFOUND)
	_, err = e.svc.UpdatePetition(bg, stranger, p.ID, petitionInput("Pirate", 1))
	wantCode(t, "a stranger edits a draft", err, cortege.ENOTFOUND)
	_, err = e.svc.Sign(bg, cortege.Actor{IP: "192.0.2.1"}, p.ID, signInput("Anna", "anna@example.org"))
	wantCode(t, "signing a draft", err, cortege.ENOTFOUND)

	if _, err = e.svc.PublishPetition(bg, stranger, p.ID); cortege.ErrorCode(err) == "" {
		t.Fatal("a stranger published")
	}
	if _, err = e.svc.PublishPetition(bg, alice, p.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.PublishPetition(bg, alice, p.ID)
	wantCode(t, "published twice", err, cortege.ECONFLICT)
	_, err = e.svc.UpdatePetition(bg, stranger, p.ID, petitionInput("Pirate", 1))
	wantCode(t, "a stranger edits", err, cortege.EFORBIDDEN)
	if up, err := e.svc.UpdatePetition(bg, alice, p.ID, petitionInput("Une piste cyclable, vite", 200)); err != nil || up.Goal != 200 {
		t.Fatalf("edit: %v", err)
	}
	v, err := e.svc.Petition(bg, cortege.Anonymous, p.ID)
	if err != nil || v.Organiser || v.State != cortege.PetitionPublished || v.Petition.Title != "Une piste cyclable, vite" {
		t.Fatalf("visitor's view %+v, %v", v, err)
	}

	// Two signers, one of whom wants news; the answer reaches only her.
	news := signInput("Nina", "nina@example.org")
	news.Consents = []cortege.Consent{{Purpose: cortege.ConsentPetitionUpdates, Given: true, Wording: "Me tenir informée de cette pétition"}}
	signAndConfirm(t, e, p.ID, news, "192.0.2.10")
	signAndConfirm(t, e, p.ID, signInput("Omar", "omar@example.org"), "192.0.2.11")

	_, err = e.svc.ClosePetition(bg, stranger, p.ID)
	wantCode(t, "a stranger closes", err, cortege.EFORBIDDEN)
	if _, err := e.svc.ClosePetition(bg, alice, p.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Sign(bg, cortege.Actor{IP: "192.0.2.1"}, p.ID, signInput("Late", "late@example.org"))
	wantCode(t, "signing a closed petition", err, cortege.ECONFLICT)
	_, err = e.svc.UpdatePetition(bg, alice, p.ID, petitionInput("Trop tard", 1))
	wantCode(t, "editing a closed petition", err, cortege.ECONFLICT)
	_, err = e.svc.RecordAnswer(bg, stranger, p.ID, "Non.")
	wantCode(t, "a stranger answers", err, cortege.EFORBIDDEN)
	_, err = e.svc.RecordAnswer(bg, alice, p.ID, "  ")
	wantCode(t, "an empty answer", err, cortege.EINVALID)
	ans, err := e.svc.RecordAnswer(bg, alice, p.ID, "La piste sera construite en 2027.")
	if err != nil || ans.State != cortege.PetitionAnswered || ans.AnsweredAt.IsZero() {
		t.Fatalf("answer: %+v, %v", ans, err)
	}
	e.drain(t)
	got := mailsTo(e, "nina@example.org", "Réponse à la pétition")
	if len(got) != 1 || !strings.Contains(got[0].Text, "La piste sera construite en 2027.") {
		t.Fatalf("nina's answer mails: %d", len(got))
	}
	linkWithPath(t, got[0], "/petitions/"+p.ID+"/withdraw")
	if n := len(mailsTo(e, "omar@example.org", "Réponse")); n != 0 {
		t.Fatalf("omar did not consent but got %d answer mails", n)
	}
}

func TestPetitionCoSigningGroup(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	bob := signIn(t, e, "bob@example.org")
	g := newGroup(t, e, bob, "velo_lyon", cortege.VisibilityPublic, cortege.JoinOpen)
	mem := member(t, e, bob, g, "mem@example.org", cortege.GroupMember)

	in := petitionInput("Pour le groupe", 10)
	in.GroupID = g.ID
	_, err := e.svc.CreatePetition(bg, alice, in)
	wantCode(t, "on behalf of a group one does not administer", err, cortege.EFORBIDDEN)
	byGroup, err := e.svc.CreatePetition(bg, bob, in)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.UpdatePetition(bg, mem, byGroup.ID, in)
	wantCode(t, "a mere member edits the group's petition", err, cortege.ENOTFOUND)

	e.advance(time.Minute)
	p := publishedPetition(t, e, alice, 100)
	o, err := e.svc.InvitePetitionGroup(bg, alice, p.ID, g.ID)
	if err != nil || o.Status != cortege.OrganiserInvited {
		t.Fatalf("invite: %+v, %v", o, err)
	}
	_, err = e.svc.InvitePetitionGroup(bg, alice, p.ID, g.ID)
	wantCode(t, "invited twice", err, cortege.ECONFLICT)
	_, err = e.svc.InvitePetitionGroup(bg, bob, p.ID, g.ID)
	wantCode(t, "a non-organiser invites", err, cortege.EFORBIDDEN)
	wantCode(t, "the inviter accepts for the group", e.svc.AnswerPetitionInvitation(bg, alice, p.ID, g.ID, true), cortege.EFORBIDDEN)
	wantCode(t, "a member accepts for the group", e.svc.AnswerPetitionInvitation(bg, mem, p.ID, g.ID, true), cortege.EFORBIDDEN)
	_, err = e.svc.UpdatePetition(bg, bob, p.ID, petitionInput("Par Bob", 100))
	wantCode(t, "an invited group's admin edits before accepting", err, cortege.EFORBIDDEN)
	inv, err := e.svc.PetitionInvitations(bg, bob, g.ID)
	if err != nil || len(inv) != 1 {
		t.Fatalf("invitations: %v, %v", inv, err)
	}
	if err := e.svc.AnswerPetitionInvitation(bg, bob, p.ID, g.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.UpdatePetition(bg, bob, p.ID, petitionInput("Co-écrite", 100)); err != nil {
		t.Fatalf("the co-signing group's admin edits: %v", err)
	}
	v, err := e.svc.Petition(bg, bob, p.ID)
	if err != nil || !v.Organiser || len(v.Organisers) != 1 || v.Organisers[0].Status != cortege.OrganiserAccepted {
		t.Fatalf("bob's view: %+v, %v", v, err)
	}
	wantCode(t, "accepted twice", e.svc.AnswerPetitionInvitation(bg, bob, p.ID, g.ID, true), cortege.ECONFLICT)
	mine, err := e.svc.MyPetitions(bg, bob, 0)
	if err != nil || len(mine) != 2 || mine[0].ID != p.ID || mine[1].ID != byGroup.ID {
		t.Fatalf("bob's petitions: %v, %v", mine, err)
	}
	if mine, _ := e.svc.MyPetitions(bg, mem, 0); len(mine) != 0 {
		t.Fatalf("a member's petitions: %v", mine)
	}

	// Declining removes the invitation.
	q := publishedPetition(t, e, alice, 100)
	if _, err := e.svc.InvitePetitionGroup(bg, alice, q.ID, g.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AnswerPetitionInvitation(bg, bob, q.ID, g.ID, false); err != nil {
		t.Fatal(err)
	}
	if v, _ := e.svc.Petition(bg, alice, q.ID); len(v.Organisers) != 0 {
		t.Fatalf("declined group still listed: %+v", v.Organisers)
	}
}

func TestPetitionClosesAtEndDate(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	in := petitionInput("Bientôt finie", 10)
	in.EndsAt = e.clock().Add(48 * 3600e9)
	p, err := e.svc.CreatePetition(bg, alice, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.PublishPetition(bg, alice, p.ID); err != nil {
		t.Fatal(err)
	}
	e.advance(49 * 3600e9)
	v, err := e.svc.Petition(bg, cortege.Anonymous, p.ID)
	if err != nil || v.State != cortege.PetitionClosed {
		t.Fatalf("past its end: %v, %v", v.State, err)
	}
	_, err = e.svc.Sign(bg, cortege.Actor{IP: "192.0.2.1"}, p.ID, signInput("Late", "late@example.org"))
	wantCode(t, "signing past the end", err, cortege.ECONFLICT)
	if err := e.svc.ClosePetitionsDue(bg); err != nil {
		t.Fatal(err)
	}
	if v, _ := e.svc.Petition(bg, cortege.Anonymous, p.ID); v.Petition.State != cortege.PetitionClosed || !v.Petition.ClosedAt.Equal(in.EndsAt.Truncate(1e6)) {
		t.Fatalf("swept: %+v", v.Petition)
	}
}
