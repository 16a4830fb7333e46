package service_test

import (
	"context"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestAnnounceLimitIsTheOrganisers is the regression test of a defect the
// authorisation crawl led to: the per-event limit on announcements was
// counted before the organisers' right was checked, so anyone could use
// it up and leave the organisers unable to write to their participants.
func TestAnnounceLimitIsTheOrganisers(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	ev := mustCreate(t, e, org, eventInput(e, "Assemblée"))
	ref := service.ByID(ev.ID)
	stranger := signIn(t, e, "stranger@example.org")
	for i := 0; i < 15; i++ {
		_, err := e.svc.Announce(ctx, stranger, ref, cortege.AudienceAll, "Spam", "Spam")
		wantCode(t, "a stranger's announcement", err, cortege.EFORBIDDEN)
	}
	for _, visitor := range []cortege.Actor{cortege.Anonymous, {IP: "198.51.100.1"}} {
		_, err := e.svc.Announce(ctx, visitor, service.ByManageToken("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), cortege.AudienceAll, "Spam", "Spam")
		if err == nil {
			t.Fatal("a wrong management link announced")
		}
	}
	if _, err := e.svc.Announce(ctx, org, ref, cortege.AudienceAll, "Rappel", "Rendez-vous à 18 h."); err != nil {
		t.Fatalf("the organiser's announcement after a stranger's attempts: %v", err)
	}
}
