package api_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/api"
)

// TestSuspendedProfileAPI: a suspended profile is not found by others and
// comes masked (no name, marked suspended) where it appears, here as an
// event's creator; an administrator still reads it.
func TestSuspendedProfileAPI(t *testing.T) {
	e := newEnv(t)
	root := e.admin("root")
	sus, bob := e.user("sus"), e.user("bob")
	e.run([]scenario{
		{name: "an event", req: request{Method: "POST", Path: "/api/v1/events", Token: sus, Body: `{"title":"Atelier","start":"2030-06-01T18:00:00+02:00","tz":"Europe/Paris","place":"Salle B"}`}, status: 201,
			check: e.save("ev", func(t *testing.T, w *httptest.ResponseRecorder) string {
				return decodeAs[api.EventDetail](t, w).Event.ID
			})},
	})
	ctx := context.Background()
	me := decodeAs[api.Me](t, e.do(request{Method: "GET", Path: "/api/v1/me", Token: sus}))
	admin, err := e.svc.TokenActor(ctx, root, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SetAccountStatus(ctx, admin, me.Account.ID, cortege.AccountSuspended); err != nil {
		t.Fatal(err)
	}
	e.run([]scenario{
		{name: "others do not find the profile", req: request{Method: "GET", Path: "/api/v1/profiles/sus", Token: bob}, status: 404, code: "not_found", contains: []string{"suspendu"}},
		{name: "the administrator does", req: request{Method: "GET", Path: "/api/v1/profiles/sus", Token: root}, status: 200, contains: []string{`"suspended":true`, `"display_name":"sus"`}},
		{name: "the event names no one", req: request{Method: "GET", Path: "/api/v1/events/$ev", Token: bob}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				if c := decodeAs[api.EventDetail](t, w).Creator; c == nil || !c.Suspended || c.DisplayName != "" {
					t.Errorf("creator %+v", c)
				}
			}},
	})
}
