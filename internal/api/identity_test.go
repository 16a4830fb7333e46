package api_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
	"codeberg.org/cortege/cortege/internal/service"
)

// A new account's token publishes nothing until the public name is chosen
// through /api/v1/me/identity; the refusal names the field.
func TestAPIIdentityStep(t *testing.T) {
	e := newEnv(t)
	e.user("taken") // chooses @taken
	// An account made by `cortege admin create` signs in with its link and
	// is asked like anyone; a token made for it before then waits too.
	if _, err := e.svc.CreateAdmin(context.Background(), "olympe.gouges@example.org", ""); err != nil {
		t.Fatal(err)
	}
	tok, err := e.svc.CreateTokenFor(context.Background(), "olympe.gouges@example.org", "script", service.IdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	group := `{"handle":"femmes_citoyennes","name":"Femmes citoyennes","visibility":"public","join_mode":"open"}`
	e.run([]scenario{
		{name: "publishing refused, naming the field", req: request{Method: "POST", Path: "/api/v1/groups", Token: tok, Body: group},
			status: 403, code: "forbidden", field: "handle", contains: []string{"PUT /api/v1/me/identity"}},
		{name: "the step", req: request{Method: "GET", Path: "/api/v1/me/identity", Token: tok}, status: 200,
			contains: []string{`"required":true`, `"legacy":false`}, absent: []string{"olympe", "gouges"},
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				id := decodeAs[api.Identity](t, w)
				if id.Suggestion == "" || id.Suggestion == id.Profile.Handle || strings.Count(id.Suggestion, "_") != 2 {
					t.Errorf("suggestion %q beside %q", id.Suggestion, id.Profile.Handle)
				}
			}},
		{name: "taken handle", req: request{Method: "PUT", Path: "/api/v1/me/identity", Token: tok, Body: `{"display_name":"Olympe","handle":"taken"}`},
			status: 409, code: "conflict", field: "handle"},
		{name: "reserved handle", req: request{Method: "PUT", Path: "/api/v1/me/identity", Token: tok, Body: `{"display_name":"Olympe","handle":"admin"}`},
			status: 422, code: "invalid", field: "handle"},
		{name: "no name", req: request{Method: "PUT", Path: "/api/v1/me/identity", Token: tok, Body: `{"display_name":"","handle":"olympe"}`},
			status: 422, code: "invalid", field: "display_name"},
		{name: "choose", req: request{Method: "PUT", Path: "/api/v1/me/identity", Token: tok, Body: `{"display_name":"Olympe","handle":"@Olympe"}`},
			status: 200, contains: []string{`"handle":"olympe"`, `"display_name":"Olympe"`, `"required":false`}},
		{name: "chosen once", req: request{Method: "PUT", Path: "/api/v1/me/identity", Token: tok, Body: `{"display_name":"Olympe","handle":"autre"}`},
			status: 409, code: "conflict", field: "handle"},
		{name: "now publishes", req: request{Method: "POST", Path: "/api/v1/groups", Token: tok, Body: group}, status: 201},
	})
}
