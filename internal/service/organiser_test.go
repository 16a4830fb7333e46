package service_test

import (
	"context"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestOrganisersOnTheirOwnEvent: organisers (the creator, a moderator of
// the organising group) may not report their own event, and may count
// themselves in as Meetup counts hosts: admitted at once although the
// event is by approval with a required question and a required code; a
// stranger still reports and registers the ordinary way.
func TestOrganisersOnTheirOwnEvent(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	creator := signIn(t, e, "creator@example.org")
	g := newGroup(t, e, creator, "collectif", cortege.VisibilityPublic, cortege.JoinOpen)
	mod := member(t, e, creator, g, "mod@example.org", cortege.GroupModerator)
	stranger := signIn(t, e, "stranger@example.org")

	in := eventInput(e, "Assemblée")
	in.GroupID, in.JoinMode, in.Conduct, in.ConductRequired = g.ID, cortege.JoinApproval, "Respect", true
	in.Questions = []*cortege.Question{{Label: "Collectif ?", Kind: cortege.QuestionText, Required: true}}
	ev := mustCreate(t, e, creator, in)
	ref := service.ByID(ev.ID)

	for name, a := range map[string]cortege.Actor{"creator": creator, "moderator": mod} {
		if v, err := e.svc.Event(ctx, a, ref); err != nil || v.CanReport || !v.CanJoin {
			t.Fatalf("%s: can report %v, can join %v (%v)", name, v.CanReport, v.CanJoin, err)
		}
		if err := e.svc.ReportToModerators(ctx, a, service.ReportEvent, ev.ID, "spam"); cortege.ErrorCode(err) != cortege.ECONFLICT {
			t.Errorf("%s reporting their own event: %v", name, err)
		}
		p, err := e.svc.JoinEvent(ctx, a, ref, service.JoinInput{})
		if err != nil || p.Status != cortege.PartApproved {
			t.Fatalf("%s counting themselves in: %+v, %v", name, p, err)
		}
	}
	v, err := e.svc.Event(ctx, creator, ref)
	if err != nil || v.Counts == nil || v.Counts.Approved != 2 {
		t.Fatalf("counts with the hosts: %+v, %v", v.Counts, err)
	}

	if v, err := e.svc.Event(ctx, stranger, ref); err != nil || !v.CanReport {
		t.Fatalf("stranger may report: %+v, %v", v, err)
	}
	if _, err := e.svc.JoinEvent(ctx, stranger, ref, service.JoinInput{AcceptConduct: true}); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field == "" {
		t.Fatalf("stranger without answering: %v", err)
	}
	p, err := e.svc.JoinEvent(ctx, stranger, ref, service.JoinInput{AcceptConduct: true, Answers: []cortege.Answer{{QuestionID: v.Questions[0].ID, Value: "Alternatiba"}}})
	if err != nil || p.Status != cortege.PartPending {
		t.Fatalf("stranger registering: %+v, %v", p, err)
	}
	if err := e.svc.ReportToModerators(ctx, stranger, service.ReportEvent, ev.ID, "spam"); err != nil {
		t.Fatalf("stranger reporting: %v", err)
	}
}
