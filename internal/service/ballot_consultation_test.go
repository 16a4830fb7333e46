package service_test

import (
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestCastConsultation: the ballot box of a consultation whose answers are
// linked refuses any ballot with a conflict that sends to its answer form
// (never a message saying linked answers are unavailable).
func TestCastConsultation(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "enquete", cortege.VisibilityPublic, cortege.JoinOpen)
	c := openSurvey(t, e, admin, consultationInput(e, g.ID, cortege.AudienceMembers))
	_, err := e.svc.Cast(bg, c.ID, []service.Answer{{Question: "q1", Choices: []int{0}}}, service.CastProof{Code: "ABCD"})
	if ce := cortege.ErrorOf(err); ce == nil || ce.Code != cortege.ECONFLICT || ce.Message != "err.consultadmin.cast.answer_form" {
		t.Fatalf("cast on a consultation: %v", err)
	}
}
