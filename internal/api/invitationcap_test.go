package api_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestInvitationCapAPI: invitations through the API count against the
// same caps; past them the answer is 429 rate_limited with Retry-After.
func TestInvitationCapAPI(t *testing.T) {
	e := newEnv(t)
	tok := e.user("fresh")
	a, err := e.svc.TokenActor(context.Background(), tok, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateGroup(context.Background(), a, service.GroupInput{Handle: "fraiche", Name: "Fraîche", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinApproval}); err != nil {
		t.Fatal(err)
	}
	for i := range 11 {
		w := e.do(request{Method: "POST", Path: "/api/v1/groups/fraiche/invitations", Token: tok, Body: fmt.Sprintf(`{"email":"n%d@example.net"}`, i)})
		if i < 10 && w.Code != 201 {
			t.Fatalf("invitation %d: %d %s", i, w.Code, w.Body)
		}
		if i == 10 {
			checkError(t, w, "rate_limited", "")
			if s, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || s < 3000 || s > 3600 {
				t.Errorf("Retry-After = %q, want about an hour", w.Header().Get("Retry-After"))
			}
		}
	}
}
