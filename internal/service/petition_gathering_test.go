package service_test

import (
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// gatheringAt creates a published event at a position, starting in days.
func gatheringAt(t *testing.T, e *env, a cortege.Actor, title string, days int, lat, lon float64) *cortege.Event {
	t.Helper()
	in := eventInput(e, title)
	in.Start = e.clock().Add(time.Duration(days) * 24 * time.Hour).Truncate(time.Hour)
	in.End = in.Start.Add(2 * time.Hour)
	in.HasCoords, in.Lat, in.Lon = true, lat, lon
	return mustCreate(t, e, a, in)
}

func TestPetitionLinkPermissions(t *testing.T) {
	e := newEnv(t)
	petOrg := signIn(t, e, "petition@example.org")
	evOrg := signIn(t, e, "event@example.org")
	stranger := signIn(t, e, "stranger@example.org")
	p := publishedPetition(t, e, petOrg, 100)
	ev := gatheringAt(t, e, evOrg, "Rassemblement place Bellecour", 3, 45.7578, 4.8320)
	other := gatheringAt(t, e, evOrg, "Réunion publique", 4, 45.76, 4.84)

	err := e.svc.LinkEvent(bg, stranger, service.ByID(ev.ID), p.ID)
	wantCode(t, "a stranger links", err, cortege.EFORBIDDEN)
	err = e.svc.LinkEvent(bg, cortege.Anonymous, service.ByID(ev.ID), p.ID)
	wantCode(t, "a visitor links", err, cortege.EFORBIDDEN)
	if err := e.svc.LinkEvent(bg, evOrg, service.ByID(ev.ID), p.ID); err != nil {
		t.Fatalf("the event's organiser links: %v", err)
	}
	if err := e.svc.LinkEvent(bg, evOrg, service.ByID(ev.ID), p.ID); err != nil {
		t.Fatalf("linking twice: %v", err)
	}
	if err := e.svc.LinkEvent(bg, petOrg, service.ByID(other.ID), p.ID); err != nil {
		t.Fatalf("the petition's organiser links: %v", err)
	}
	err = e.svc.LinkEvent(bg, evOrg, service.ByID(ev.ID), "01ARZ3NDEKTSV4RRFFQ69G5FAV")
	wantCode(t, "an unknown petition", err, cortege.EINVALID)
	err = e.svc.UnlinkEvent(bg, stranger, service.ByID(ev.ID), p.ID)
	wantCode(t, "a stranger unlinks", err, cortege.EFORBIDDEN)

	ps, err := e.svc.EventPetitions(bg, cortege.Anonymous, service.ByID(ev.ID))
	if err != nil || len(ps) != 1 || ps[0].ID != p.ID {
		t.Fatalf("event's petitions %v, %v", ps, err)
	}
	g, err := e.svc.PetitionGatherings(bg, cortege.Anonymous, p.ID, "", 0)
	if err != nil || len(g.Gatherings) != 2 {
		t.Fatalf("gatherings %+v, %v", g, err)
	}
	// The event's organisers may undo what the petition's did, and back.
	if err := e.svc.UnlinkEvent(bg, evOrg, service.ByID(other.ID), p.ID); err != nil {
		t.Fatalf("the event's organiser unlinks: %v", err)
	}
	err = e.svc.UnlinkEvent(bg, evOrg, service.ByID(other.ID), p.ID)
	wantCode(t, "unlinking twice", err, cortege.ENOTFOUND)

	priv := eventInput(e, "Réunion interne")
	priv.Visibility = cortege.VisibilityPrivate
	pe := mustCreate(t, e, evOrg, priv)
	err = e.svc.LinkEvent(bg, evOrg, service.ByID(pe.ID), p.ID)
	wantCode(t, "a private event", err, cortege.EINVALID)
}

func TestPetitionGatheringsNearestFirst(t *testing.T) {
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	p := publishedPetition(t, e, org, 100)
	// Created soonest first, so the date order is not the distance order.
	paris := gatheringAt(t, e, org, "Paris", 2, 48.8566, 2.3522)
	grenoble := gatheringAt(t, e, org, "Grenoble", 3, 45.1885, 5.7245)
	online := eventInput(e, "En ligne")
	online.PlaceArea, online.Place, online.OnlineURL = "", "", "https://visio.example.org/a"
	online.Start = e.clock().Add(4 * 24 * time.Hour).Truncate(time.Hour)
	online.End = online.Start.Add(time.Hour)
	on := mustCreate(t, e, org, online)
	lyon := gatheringAt(t, e, org, "Lyon", 5, 45.7500, 4.8450)
	past := gatheringAt(t, e, org, "Passé", 1, 45.75, 4.84)
	for _, ev := range []*cortege.Event{paris, grenoble, on, lyon, past} {
		if err := e.svc.LinkEvent(bg, org, service.ByID(ev.ID), p.ID); err != nil {
			t.Fatal(err)
		}
	}
	e.advance(26 * time.Hour) // "Passé" is over
	titles := func(g *service.Gatherings) []string {
		var out []string
		for _, x := range g.Gatherings {
			out = append(out, x.Event.Title)
		}
		return out
	}
	g, err := e.svc.PetitionGatherings(bg, cortege.Anonymous, p.ID, "69007", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(g); len(got) != 4 || got[0] != "Lyon" || got[1] != "Grenoble" || got[2] != "Paris" || got[3] != "En ligne" {
		t.Fatalf("from 69007: %v", got)
	}
	if g.From == nil || g.From.DepCode != "69" || !g.Gatherings[0].HasDistance || g.Gatherings[0].DistanceKM > 5 ||
		g.Gatherings[2].DistanceKM < 350 || g.Gatherings[3].HasDistance {
		t.Fatalf("distances %+v from %+v", g.Gatherings, g.From)
	}
	g, _ = e.svc.PetitionGatherings(bg, cortege.Anonymous, p.ID, "75001", 2)
	if got := titles(g); len(got) != 2 || got[0] != "Paris" || got[1] != "Lyon" {
		t.Fatalf("from 75001: %v", got)
	}
	g, _ = e.svc.PetitionGatherings(bg, cortege.Anonymous, p.ID, "", 0)
	if got := titles(g); len(got) != 4 || got[0] != "Paris" || got[1] != "Grenoble" || got[2] != "En ligne" || got[3] != "Lyon" {
		t.Fatalf("by date: %v", got)
	}
	_, err = e.svc.PetitionGatherings(bg, cortege.Anonymous, p.ID, "6900", 0)
	wantCode(t, "a malformed postal code", err, cortege.EINVALID)
	_, err = e.svc.PetitionGatherings(bg, cortege.Anonymous, p.ID, "99999", 0)
	wantCode(t, "an unknown postal code", err, cortege.EINVALID)
}

func TestJoinGatheringAsSigner(t *testing.T) {
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	p := publishedPetition(t, e, org, 100)
	free := gatheringAt(t, e, org, "Rassemblement", 3, 45.75, 4.84)
	small := eventInput(e, "Atelier pancartes")
	small.Capacity = 1
	sm := mustCreate(t, e, org, small)
	appr := eventInput(e, "Réunion sur inscription validée")
	appr.JoinMode = cortege.JoinApproval
	ap := mustCreate(t, e, org, appr)
	unlinked := gatheringAt(t, e, org, "Sans lien", 3, 45.75, 4.84)
	for _, ev := range []*cortege.Event{free, sm, ap} {
		if err := e.svc.LinkEvent(bg, org, service.ByID(ev.ID), p.ID); err != nil {
			t.Fatal(err)
		}
	}
	anon := cortege.Actor{IP: "192.0.2.9"}
	res, err := e.svc.Sign(bg, anon, p.ID, signInput("Anna", "anna@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	_ = res
	e.drain(t)
	withdrawTok, _ := linkWith(t, e, "anna@example.org", "/petitions/"+p.ID+"/withdraw")
	_, err = e.svc.JoinGatheringAsSigner(bg, anon, withdrawTok, free.ID, false)
	wantCode(t, "an unconfirmed signature joins", err, cortege.ECONFLICT)
	c, err := e.svc.ConfirmSignature(bg, confirmToken(t, e, p.ID, "anna@example.org"))
	if err != nil || c.Token == "" {
		t.Fatalf("confirm %+v, %v", c, err)
	}

	_, err = e.svc.JoinGatheringAsSigner(bg, anon, "not-a-token", free.ID, false)
	wantCode(t, "a bad token", err, cortege.EINVALID)
	_, err = e.svc.JoinGatheringAsSigner(bg, anon, cortege.NewToken(), free.ID, false)
	wantCode(t, "an unknown token", err, cortege.EINVALID)
	_, err = e.svc.JoinGatheringAsSigner(bg, anon, c.Token, unlinked.ID, false)
	wantCode(t, "an event not linked", err, cortege.ENOTFOUND)

	part, err := e.svc.JoinGatheringAsSigner(bg, anon, c.Token, free.ID, false)
	if err != nil || part.Status != cortege.PartApproved || part.Name != "Anna Dupont" || part.Email != "anna@example.org" {
		t.Fatalf("joined %+v, %v", part, err)
	}
	again, err := e.svc.JoinGatheringAsSigner(bg, anon, c.Token, free.ID, false)
	if err != nil || again.ID != part.ID || again.Status != cortege.PartApproved {
		t.Fatalf("joined again %+v, %v", again, err)
	}
	ps, err := e.svc.Participants(bg, org, service.ByID(free.ID))
	n := 0
	for _, x := range ps {
		if x.Name == "Anna Dupont" {
			n++
		}
	}
	if err != nil || n != 1 {
		t.Fatalf("participants %+v, %v", ps, err)
	}
	if ap, err := e.svc.JoinGatheringAsSigner(bg, anon, c.Token, ap.ID, false); err != nil || ap.Status != cortege.PartPending {
		t.Fatalf("by approval: %+v, %v", ap, err)
	}
	// The one seat goes to someone else first: the signer waits.
	mustJoin(t, e, signIn(t, e, "bea@example.org"), sm.ID)
	if w, err := e.svc.JoinGatheringAsSigner(bg, anon, c.Token, sm.ID, false); err != nil || w.Status != cortege.PartWaitlisted {
		t.Fatalf("full: %+v, %v", w, err)
	}
	e.drain(t)
	if len(mailsTo(e, "anna@example.org", "Rassemblement")) == 0 {
		t.Error("the signer got no mail about the registration")
	}

	// A signer with an account registered as themselves already: that
	// registration is the answer, not a second one by address.
	cam := signIn(t, e, "camille@example.org")
	mine := mustJoin(t, e, cam, free.ID)
	sr, err := e.svc.Sign(bg, cam, p.ID, signInput("Camille", ""))
	if err != nil || sr.Token == "" {
		t.Fatalf("signed-in signature %+v, %v", sr, err)
	}
	if got, err := e.svc.JoinGatheringAsSigner(bg, anon, sr.Token, free.ID, false); err != nil || got.ID != mine.ID {
		t.Fatalf("signed-in signer joins: %+v (had %s), %v", got, mine.ID, err)
	}

	if err := e.svc.WithdrawSignature(bg, c.Token); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.JoinGatheringAsSigner(bg, anon, c.Token, free.ID, false)
	wantCode(t, "a withdrawn signature joins", err, cortege.ECONFLICT)
}
