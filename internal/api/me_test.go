package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

func TestMeAuthentication(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	revoked := e.user("revoked")

	e.run([]scenario{
		{name: "valid token", req: request{Method: "GET", Path: "/api/v1/me", Token: alice}, status: 200,
			contains: []string{`"email":"alice@example.org"`, `"handle":"alice"`, `"is_default":true`},
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				me := decodeAs[api.Me](t, w)
				if me.Account.Role != "user" || me.Account.ID == "" || len(me.Profiles) != 1 {
					t.Fatalf("me = %+v", me)
				}
				if me.ActingProfileID != me.Profiles[0].ID {
					t.Errorf("acting profile %q, want %q", me.ActingProfileID, me.Profiles[0].ID)
				}
				if !strings.HasSuffix(me.Account.CreatedAt, "Z") {
					t.Errorf("created_at %q is not RFC 3339 UTC", me.Account.CreatedAt)
				}
				if w.Header().Get("Cache-Control") != "no-store" {
					t.Errorf("Cache-Control %q", w.Header().Get("Cache-Control"))
				}
			}},
		{name: "lower-case scheme", req: request{Method: "GET", Path: "/api/v1/me", Header: map[string]string{"Authorization": "bearer " + alice}}, status: 200},
		{name: "missing token", req: request{Method: "GET", Path: "/api/v1/me"}, status: 401, code: "unauthorized",
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				if got := w.Header().Get("WWW-Authenticate"); got != `Bearer realm="cortege"` {
					t.Errorf("WWW-Authenticate %q", got)
				}
			}},
		{name: "malformed token", req: request{Method: "GET", Path: "/api/v1/me", Token: "nope"}, status: 401, code: "unauthorized",
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				if got := w.Header().Get("WWW-Authenticate"); !strings.Contains(got, `error="invalid_token"`) {
					t.Errorf("WWW-Authenticate %q", got)
				}
			}},
		{name: "well-shaped unknown token", req: request{Method: "GET", Path: "/api/v1/me", Token: "ctg_" + strings.Repeat("A", 43)}, status: 401, code: "unauthorized"},
		{name: "token without prefix", req: request{Method: "GET", Path: "/api/v1/me", Token: strings.TrimPrefix(alice, "ctg_")}, status: 401, code: "unauthorized"},
		{name: "basic scheme", req: request{Method: "GET", Path: "/api/v1/me", Header: map[string]string{"Authorization": "Basic YWxpY2U6cHc="}}, status: 401, code: "unauthorized"},
		{name: "bearer without token", req: request{Method: "GET", Path: "/api/v1/me", Header: map[string]string{"Authorization": "Bearer"}}, status: 401, code: "unauthorized"},
		{name: "huge header token", req: request{Method: "GET", Path: "/api/v1/me", Token: strings.Repeat("x", 8000)}, status: 401, code: "unauthorized"},
		{name: "bad token on a public route", req: request{Method: "GET", Path: "/api/v1/instance", Token: "nope"}, status: 401, code: "unauthorized"},
		{name: "list tokens before revoking", req: request{Method: "GET", Path: "/api/v1/tokens", Token: revoked}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				l := decodeAs[api.TokenList](t, w)
				if len(l.Tokens) != 1 {
					t.Fatalf("tokens = %+v", l.Tokens)
				}
				e.vars["revoked"] = l.Tokens[0].ID
			}},
		{name: "revoke own token in use", req: request{Method: "DELETE", Path: "/api/v1/tokens/$revoked", Token: revoked}, status: 204},
		{name: "revoked token", req: request{Method: "GET", Path: "/api/v1/me", Token: revoked}, status: 401, code: "unauthorized"},
		{name: "other tokens still work", req: request{Method: "GET", Path: "/api/v1/me", Token: alice}, status: 200},
	})
}

func TestMeUpdate(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	e.run([]scenario{
		{name: "bob's profile", req: request{Method: "GET", Path: "/api/v1/me", Token: bob}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				e.vars["bobs"] = decodeAs[api.Me](t, w).Profiles[0].ID
			}},
		{name: "second profile", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"alice_two","display_name":"Alice 2"}`}, status: 201,
			check: func(t *testing.T, w *httptest.ResponseRecorder) { e.vars["second"] = decodeAs[api.Profile](t, w).ID }},
		{name: "unknown language", req: request{Method: "PATCH", Path: "/api/v1/me", Token: alice, Body: `{"lang":"xx"}`}, status: 422, code: "invalid", field: "lang"},
		{name: "empty language", req: request{Method: "PATCH", Path: "/api/v1/me", Token: alice, Body: `{"lang":""}`}, status: 422, code: "invalid", field: "lang"},
		{name: "language of the wrong type", req: request{Method: "PATCH", Path: "/api/v1/me", Token: alice, Body: `{"lang":["en"]}`}, status: 400, code: "invalid", field: "lang"},
		{name: "unknown default profile", req: request{Method: "PATCH", Path: "/api/v1/me", Token: alice, Body: `{"default_profile_id":"nope"}`}, status: 422, code: "invalid", field: "default_profile_id"},
		{name: "refused change changes nothing", req: request{Method: "PATCH", Path: "/api/v1/me", Token: alice, Body: `{"lang":"xx","default_profile_id":"nope"}`}, status: 422, code: "invalid", field: "lang"},
		{name: "valid language with an unknown profile", req: request{Method: "PATCH", Path: "/api/v1/me", Token: alice, Body: `{"lang":"en","default_profile_id":"01JDX3Q6K8Z9V2N4M5P7R8S0T1"}`}, status: 422, code: "invalid", field: "default_profile_id"},
		{name: "another account's profile as default", req: request{Method: "PATCH", Path: "/api/v1/me", Token: alice, Body: `{"lang":"en","default_profile_id":"$bobs"}`}, status: 422, code: "invalid", field: "default_profile_id"},
		{name: "language unchanged by refused requests", req: request{Method: "GET", Path: "/api/v1/me", Token: alice}, status: 200, contains: []string{`"lang":"fr"`}},
		{name: "email is not editable here", req: request{Method: "PATCH", Path: "/api/v1/me", Token: alice, Body: `{"email":"x@example.org"}`}, status: 400, code: "invalid", field: "email"},
		{name: "empty patch", req: request{Method: "PATCH", Path: "/api/v1/me", Token: alice, Body: `{}`}, status: 200, contains: []string{`"lang":"fr"`}},
		{name: "language and default profile", req: request{Method: "PATCH", Path: "/api/v1/me", Token: alice, Body: `{"lang":"en","default_profile_id":"$second"}`}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				me := decodeAs[api.Me](t, w)
				second := e.vars["second"]
				if me.Account.Lang != "en" || me.ActingProfileID != second {
					t.Fatalf("me = %+v", me)
				}
				for _, p := range me.Profiles {
					if p.IsDefault != (p.ID == second) {
						t.Errorf("profile %s is_default %v", p.Handle, p.IsDefault)
					}
				}
			}},
		{name: "both kept", req: request{Method: "GET", Path: "/api/v1/me", Token: alice}, status: 200,
			contains: []string{`"lang":"en"`, `"acting_profile_id":"$second"`}},
		{name: "errors now in the account's language", req: request{Method: "PATCH", Path: "/api/v1/me", Token: alice, Body: `{"lang":"xx"}`,
			Header: map[string]string{"Accept-Language": "fr"}}, status: 422, code: "invalid", field: "lang",
			contains: []string{jsonText(t, e.cat.T("en", "err.lang.invalid"))}},
	})
}

func TestMeExport(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	e.run([]scenario{
		{name: "export", req: request{Method: "GET", Path: "/api/v1/me/export", Token: alice}, status: 200,
			contains: []string{`"email":"alice@example.org"`, `"handle":"alice"`, `"label":"test"`},
			absent:   []string{"ctg_", "password_hash"},
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				ex := decodeAs[api.Export](t, w)
				if len(ex.Profiles) != 1 || !ex.Profiles[0].IsDefault || len(ex.APITokens) != 1 {
					t.Fatalf("export = %+v", ex)
				}
				if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
					t.Errorf("Content-Disposition %q", cd)
				}
			}},
		{name: "anonymous", req: request{Method: "GET", Path: "/api/v1/me/export"}, status: http.StatusUnauthorized, code: "unauthorized"},
	})
}
