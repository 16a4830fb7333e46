package api_test

import (
	"net/http/httptest"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

// TestGroupConductAPI: administrators write a group's code of conduct,
// anyone who sees the group reads it, and an event the group organises
// shows it in its detail, requiring acceptance to register.
func TestGroupConductAPI(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	e.run([]scenario{
		{name: "create a group", req: request{Method: "POST", Path: "/api/v1/groups", Token: alice,
			Body: `{"handle":"velo_lyon","name":"Vélo Lyon","visibility":"public","join_mode":"open"}`}, status: 201,
			check: e.save("g", func(t *testing.T, w *httptest.ResponseRecorder) string { return decodeAs[api.Group](t, w).ID })},
		{name: "no code yet", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/conduct"}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				if c := decodeAs[api.GroupConduct](t, w); c.Text != "" || c.Required || c.UpdatedAt != nil {
					t.Errorf("%+v", c)
				}
			}},
		{name: "a stranger writing", req: request{Method: "PUT", Path: "/api/v1/groups/velo_lyon/conduct", Token: bob, Body: `{"text":"x"}`}, status: 403, code: "forbidden"},
		{name: "a visitor writing", req: request{Method: "PUT", Path: "/api/v1/groups/velo_lyon/conduct", Body: `{"text":"x"}`}, status: 401, code: "unauthorized"},
		{name: "required but empty", req: request{Method: "PUT", Path: "/api/v1/groups/velo_lyon/conduct", Token: alice, Body: `{"text":" ","required":true}`}, status: 422, code: "invalid", field: "conduct"},
		{name: "text of the wrong type", req: request{Method: "PUT", Path: "/api/v1/groups/velo_lyon/conduct", Token: alice, Body: `{"text":3}`}, status: 400, code: "invalid", field: "text"},
		{name: "write", req: request{Method: "PUT", Path: "/api/v1/groups/velo_lyon/conduct", Token: alice, Body: `{"text":"On roule **groupé**.","required":true}`}, status: 200,
			contains: []string{`"html":"\u003cp\u003eOn roule \u003cstrong\u003egroupé\u003c/strong\u003e.\u003c/p\u003e`, `"required":true`}},
		{name: "read", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/conduct"}, status: 200, contains: []string{`"text":"On roule **groupé**."`}},
		{name: "the group's event", req: request{Method: "POST", Path: "/api/v1/events", Token: alice,
			Body: `{"title":"Vélorution","start":"2030-06-01T18:00:00+02:00","tz":"Europe/Paris","place":"Place Bellecour","group":"velo_lyon"}`}, status: 201,
			check: e.save("ev", func(t *testing.T, w *httptest.ResponseRecorder) string {
				return decodeAs[api.EventDetail](t, w).Event.ID
			})},
		{name: "its detail shows the group's code", req: request{Method: "GET", Path: "/api/v1/events/$ev"}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				d := decodeAs[api.EventDetail](t, w)
				if len(d.Conduct.Codes) != 1 || d.Conduct.Codes[0].Group != "velo_lyon" || !d.Conduct.Required || d.Event.Conduct != "" {
					t.Errorf("%+v", d.Conduct)
				}
			}},
		{name: "register without accepting", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation", Token: bob, Body: `{}`}, status: 422, code: "invalid", field: "accept_conduct"},
		{name: "register accepting", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation", Token: bob, Body: `{"accept_conduct":true}`}, status: 201},
	})
}
