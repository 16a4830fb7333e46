package service_test

import (
	"context"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestGroupConductInheritedByEvents: a group's administrators write its
// code of conduct; the group's events without a code of their own show it
// and, when the group requires it, registering needs its acceptance; an
// event's own code wins; a co-organised event shows each group's code.
func TestGroupConductInheritedByEvents(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "collectif", cortege.VisibilityPublic, cortege.JoinOpen)
	mod := member(t, e, admin, g, "mod@example.org", cortege.GroupModerator)

	if _, err := e.svc.SetGroupConduct(ctx, mod, g.ID, "Respect", false); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("moderator writing the code: %v", err)
	}
	if _, err := e.svc.SetGroupConduct(ctx, admin, g.ID, "", true); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "conduct" {
		t.Fatalf("required but empty: %v", err)
	}
	if _, err := e.svc.SetGroupConduct(ctx, admin, g.ID, "Pas de **violence**.", true); err != nil {
		t.Fatal(err)
	}
	if c, err := e.svc.GroupConduct(ctx, visitor, g.ID); err != nil || c.Text != "Pas de **violence**." || !c.Required {
		t.Fatalf("read back: %+v, %v", c, err)
	}

	in := eventInput(e, "Assemblée")
	in.GroupID = g.ID
	ev := mustCreate(t, e, mod, in)
	v, err := e.svc.Event(ctx, visitor, service.ByID(ev.ID))
	if err != nil || len(v.Conduct.Codes) != 1 || v.Conduct.Codes[0].Group == nil || v.Conduct.Codes[0].Group.ID != g.ID || !v.Conduct.Required {
		t.Fatalf("inherited code: %+v, %v", v.Conduct, err)
	}
	p := signIn(t, e, "p@example.org")
	if _, err := e.svc.JoinEvent(ctx, p, service.ByID(ev.ID), service.JoinInput{}); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "accept_conduct" {
		t.Fatalf("join without accepting the group's code: %v", err)
	}
	if got, err := e.svc.JoinEvent(ctx, p, service.ByID(ev.ID), service.JoinInput{AcceptConduct: true}); err != nil || !got.ConductAccepted {
		t.Fatalf("join accepting: %+v, %v", got, err)
	}

	// The event's own code wins, with its own requirement.
	in.Conduct = "Code de l’assemblée"
	if _, err := e.svc.UpdateEvent(ctx, mod, service.ByID(ev.ID), in, service.ScopeThis); err != nil {
		t.Fatal(err)
	}
	v, _ = e.svc.Event(ctx, visitor, service.ByID(ev.ID))
	if len(v.Conduct.Codes) != 1 || v.Conduct.Codes[0].Group != nil || v.Conduct.Codes[0].Text != "Code de l’assemblée" || v.Conduct.Required {
		t.Fatalf("own code: %+v", v.Conduct)
	}
	if _, err := e.svc.JoinEvent(ctx, signIn(t, e, "q@example.org"), service.ByID(ev.ID), service.JoinInput{}); err != nil {
		t.Fatalf("join an event whose own code is not required: %v", err)
	}

	// Requiring acceptance with no code anywhere is refused; with the
	// group's code, an event may require it even if the group does not.
	if _, err := e.svc.SetGroupConduct(ctx, admin, g.ID, "Bienveillance.", false); err != nil {
		t.Fatal(err)
	}
	solo := eventInput(e, "Seul")
	solo.ConductRequired = true
	if _, err := e.svc.CreateEvent(ctx, admin, solo); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "conduct" {
		t.Fatalf("required without any code: %v", err)
	}
	solo.GroupID = g.ID
	ev2 := mustCreate(t, e, admin, solo)
	if v, _ := e.svc.Event(ctx, visitor, service.ByID(ev2.ID)); len(v.Conduct.Codes) != 1 || !v.Conduct.Required {
		t.Fatalf("event requiring the group's code: %+v", v.Conduct)
	}

	// Co-organised: each accepted group's code, the creating group first.
	other := signIn(t, e, "other@example.org")
	g2 := newGroup(t, e, other, "voisins", cortege.VisibilityPublic, cortege.JoinOpen)
	if _, err := e.svc.SetGroupConduct(ctx, other, g2.ID, "Code des voisins.", true); err != nil {
		t.Fatal(err)
	}
	co := eventInput(e, "Fête de quartier")
	co.GroupID = g.ID
	ev3 := mustCreate(t, e, admin, co)
	e.advance(time.Minute) // organisers are in the order they joined
	if err := e.svc.InviteCoOrganiser(ctx, admin, service.ByID(ev3.ID), g2.ID); err != nil {
		t.Fatal(err)
	}
	if v, _ := e.svc.Event(ctx, visitor, service.ByID(ev3.ID)); len(v.Conduct.Codes) != 1 || v.Conduct.Required {
		t.Fatalf("an invited group's code applies before it accepts: %+v", v.Conduct)
	}
	if err := e.svc.AnswerCoOrganiser(ctx, other, ev3.ID, g2.ID, true); err != nil {
		t.Fatal(err)
	}
	v, _ = e.svc.Event(ctx, visitor, service.ByID(ev3.ID))
	if len(v.Conduct.Codes) != 2 || v.Conduct.Codes[0].Group.ID != g.ID || v.Conduct.Codes[1].Group.ID != g2.ID || !v.Conduct.Required {
		t.Fatalf("co-organised: %+v", v.Conduct)
	}
	if _, err := e.svc.JoinEvent(ctx, p, service.ByID(ev3.ID), service.JoinInput{}); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "accept_conduct" {
		t.Fatalf("co-organised join without accepting: %v", err)
	}
}
