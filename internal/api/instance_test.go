package api_test

import (
	"net/http/httptest"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

func TestInstance(t *testing.T) {
	e := newEnv(t)
	alice, root := e.user("alice"), e.admin("root")
	e.run([]scenario{
		{name: "public read", req: request{Method: "GET", Path: "/api/v1/instance"}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				in := decodeAs[api.Instance](t, w)
				if in.Name == "" || in.Registrations != "open" || in.DefaultLang != "fr" || len(in.Languages) != 2 {
					t.Fatalf("instance = %+v", in)
				}
			}},
		{name: "HEAD on a GET route", req: request{Method: "HEAD", Path: "/api/v1/instance"}, status: 200},
		{name: "anonymous update", req: request{Method: "PATCH", Path: "/api/v1/instance", Body: `{"name":"X"}`}, status: 401, code: "unauthorized"},
		{name: "non-admin update", req: request{Method: "PATCH", Path: "/api/v1/instance", Token: alice, Body: `{"name":"Pirate"}`}, status: 403, code: "forbidden"},
		{name: "non-admin invalid update is still forbidden", req: request{Method: "PATCH", Path: "/api/v1/instance", Token: alice, Body: `{"default_lang":"xx"}`}, status: 403, code: "forbidden"},
		{name: "unchanged", req: request{Method: "GET", Path: "/api/v1/instance"}, status: 200, absent: []string{"Pirate"}},
		{name: "admin update", req: request{Method: "PATCH", Path: "/api/v1/instance", Token: root,
			Body: `{"name":" Cortège Lyon ","description":"Mobilisations lyonnaises","registrations":"approval","default_lang":"en"}`}, status: 200,
			contains: []string{`"name":"Cortège Lyon"`, `"registrations":"approval"`, `"default_lang":"en"`, `"description":"Mobilisations lyonnaises"`}},
		{name: "partial update keeps the rest", req: request{Method: "PATCH", Path: "/api/v1/instance", Token: root, Body: `{"contact":"contact@example.org"}`}, status: 200,
			contains: []string{`"name":"Cortège Lyon"`, `"contact":"contact@example.org"`, `"registrations":"approval"`}},
		{name: "unknown default language", req: request{Method: "PATCH", Path: "/api/v1/instance", Token: root, Body: `{"default_lang":"xx"}`}, status: 422, code: "invalid", field: "default_lang"},
		{name: "unknown registration mode", req: request{Method: "PATCH", Path: "/api/v1/instance", Token: root, Body: `{"registrations":"maybe"}`}, status: 422, code: "invalid", field: "registrations"},
		{name: "empty name", req: request{Method: "PATCH", Path: "/api/v1/instance", Token: root, Body: `{"name":""}`}, status: 422, code: "invalid", field: "name"},
		{name: "name of the wrong type", req: request{Method: "PATCH", Path: "/api/v1/instance", Token: root, Body: `{"name":true}`}, status: 400, code: "invalid", field: "name"},
		{name: "unknown setting", req: request{Method: "PATCH", Path: "/api/v1/instance", Token: root, Body: `{"theme":"dark"}`}, status: 400, code: "invalid", field: "theme"},
	})
}
