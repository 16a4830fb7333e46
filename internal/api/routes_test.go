package api_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/api"
)

func TestRouting(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	e.run([]scenario{
		{name: "unknown route", req: request{Method: "GET", Path: "/api/v1/nothing"}, status: 404, code: "not_found", noRoute: true},
		{name: "unknown nested route", req: request{Method: "GET", Path: "/api/v1/me/nothing", Token: alice}, status: 404, code: "not_found", noRoute: true},
		{name: "trailing slash", req: request{Method: "GET", Path: "/api/v1/me/"}, status: 404, code: "not_found", noRoute: true},
		{name: "API root", req: request{Method: "GET", Path: "/api/v1/"}, status: 404, code: "not_found", noRoute: true},
		{name: "empty wildcard", req: request{Method: "DELETE", Path: "/api/v1/tokens/", Token: alice}, status: 404, code: "not_found", noRoute: true},
		{name: "method not allowed", req: request{Method: "DELETE", Path: "/api/v1/me", Token: alice}, status: 405, code: "method_not_allowed",
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				if got := w.Header().Get("Allow"); got != "GET, HEAD, PATCH" {
					t.Errorf("Allow %q", got)
				}
			}},
		{name: "method not allowed on a wildcard path", req: request{Method: "POST", Path: "/api/v1/profiles/alice"}, status: 405, code: "method_not_allowed",
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				if got := w.Header().Get("Allow"); got != "GET, HEAD, PATCH, DELETE" {
					t.Errorf("Allow %q", got)
				}
			}},
		{name: "OpenAPI document", req: request{Method: "GET", Path: "/api/v1/openapi.json"}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				if !bytes.Equal(w.Body.Bytes(), api.OpenAPIDocument) {
					t.Error("served document differs from the embedded one")
				}
			}},
		{name: "messages follow Accept-Language (en)", req: request{Method: "GET", Path: "/api/v1/me", Header: map[string]string{"Accept-Language": "en-GB,en;q=0.9"}}, status: 401, code: "unauthorized",
			contains: []string{jsonText(t, e.cat.T("en", "err.signin_required"))}},
		{name: "messages follow Accept-Language (fr)", req: request{Method: "GET", Path: "/api/v1/me", Header: map[string]string{"Accept-Language": "fr-CA"}}, status: 401, code: "unauthorized",
			contains: []string{jsonText(t, e.cat.T("fr", "err.signin_required"))}},
	})
}

func TestSuspendedAccount(t *testing.T) {
	e := newEnv(t)
	alice, root := e.user("alice"), e.admin("root")
	ctx := context.Background()
	admin, err := e.svc.TokenActor(ctx, root, "")
	if err != nil {
		t.Fatal(err)
	}
	me, err := e.svc.TokenActor(ctx, alice, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SetAccountStatus(ctx, admin, me.Account.ID, cortege.AccountSuspended); err != nil {
		t.Fatal(err)
	}
	e.run([]scenario{
		{name: "suspended account's token", req: request{Method: "GET", Path: "/api/v1/me", Token: alice}, status: 401, code: "unauthorized"},
		{name: "admin still in", req: request{Method: "GET", Path: "/api/v1/me", Token: root}, status: 200, contains: []string{`"role":"admin"`}},
	})
	// Reactivated, the account signs in again; its old tokens stay revoked.
	if err := e.svc.SetAccountStatus(ctx, admin, me.Account.ID, cortege.AccountActive); err != nil {
		t.Fatal(err)
	}
	e.run([]scenario{
		{name: "reactivated, old token still revoked", req: request{Method: "GET", Path: "/api/v1/me", Token: alice}, status: 401, code: "unauthorized"},
	})
}

// TestInternalError checks that a failure of the server is a 500 with a
// generic message, its details only in the log.
func TestInternalError(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	e.db.Close()
	for _, q := range []request{
		{Method: "GET", Path: "/api/v1/instance"},
		{Method: "GET", Path: "/api/v1/me", Token: alice},
		{Method: "GET", Path: "/api/v1/profiles/alice"},
	} {
		w := e.do(q)
		if w.Code != 500 {
			t.Fatalf("%s %s on a closed database: %d %s", q.Method, q.Path, w.Code, w.Body.String())
		}
		checkJSONAnswer(t, w)
		checkError(t, w, "internal", "")
		if msg := decodeAs[api.ErrorBody](t, w).Error.Message; msg != e.cat.T("fr", "err.internal") || strings.Contains(msg, "sql") {
			t.Errorf("message %q", msg)
		}
	}
	if !strings.Contains(e.logs.String(), "api request failed") {
		t.Errorf("internal error not logged: %s", e.logs.String())
	}
}

// TestBadInputNever500 sends every body-taking route a battery of bad
// bodies and every wildcard route odd path values: each answer must be a
// JSON error of 4xx, never a 500.
func TestBadInputNever500(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	bodies := []string{
		``, ` `, `{`, `}`, `[]`, `null`, `"x"`, `1e999`, `{"a":1}`, `{"handle":null}`, `{"handle":{}}`, `{"handle":[]}`,
		`{"lang":"xx"}`, `{"lang":1}`, `{"label":false}`, `{"display_name":1e400}`, `{"bio":"\ud800"}`, "{\"bio\":\"\xff\xfe\"}",
		`{"handle":"` + strings.Repeat("é", 5000) + `"}`, `{"name":"` + strings.Repeat("x", 100000) + `"}`,
		`{"registrations":"` + strings.Repeat("\\u0000", 1000) + `"}`, `{"default_profile_id":"` + strings.Repeat("A", 10000) + `"}`,
		`{"handle":"a\u0000b","display_name":"x\u0000","bio":"\u0000","lang":"\u0000","default_profile_id":"\u0000"}`,
		`{"display_name":"x\u0000"}`, `{"bio":"\u0000"}`, `{"default_profile_id":"\u0000"}`, `{"label":"a\u0000"}`,
		`{"name":"\u0000"}`, `{"description":"\u0000"}`, `{"contact":"\u0000"}`, `{"registrations":"\u0000"}`, `{"default_lang":"\u0000"}`,
		`{"default_profile_id":"é"}`, `{"handle":"nul_name","display_name":"x\u0000"}`, `{"handle":"nul_bio","display_name":"x","bio":"\u0000"}`, `{"display_name":"\u0001\u001f\u007f"}`,
		deep, `{"handle":"a"}garbage`, `{"handle":"a","handle":"b"}`, "\xef\xbb\xbf{}", `{"display_name":"a\nb"}`,
	}
	aliceProfile := decodeAs[api.Me](t, e.do(request{Method: "GET", Path: "/api/v1/me", Token: alice})).Profiles[0].ID
	types := []string{"application/json", "text/plain", "application/json; charset=latin1", "application/json; boundary=x", "multipart/form-data", ";;;"}
	for _, rt := range api.RouteTable() {
		if rt.Method != "POST" && rt.Method != "PATCH" {
			continue
		}
		path := strings.NewReplacer("{id}", aliceProfile, "{profile}", aliceProfile).Replace(rt.Path)
		for _, tok := range []string{alice, ""} {
			for _, b := range bodies {
				w := e.do(request{Method: rt.Method, Path: path, Token: tok, Body: b, Header: map[string]string{"Content-Type": "application/json"}})
				expectNo500(t, rt.Method+" "+path, b, w)
			}
			for _, ct := range types {
				w := e.do(request{Method: rt.Method, Path: path, Token: tok, Body: `{}`, Header: map[string]string{"Content-Type": ct}})
				expectNo500(t, rt.Method+" "+path+" as "+ct, `{}`, w)
			}
		}
	}
	for _, v := range []string{"%00", "..", "%2e%2e", "%2F", strings.Repeat("z", 20000), "%ff%fe", "@", "@@", "%40", "a%20b", "\u00e9"} {
		for _, rt := range api.RouteTable() {
			if !strings.Contains(rt.Path, "{") {
				continue
			}
			path := strings.NewReplacer("{id}", v, "{profile}", v).Replace(rt.Path)
			body := ""
			if rt.Method == "PATCH" {
				body = `{}`
			}
			w := e.do(request{Method: rt.Method, Path: path, Token: alice, Body: body})
			expectNo500(t, rt.Method+" "+path, body, w)
		}
	}
}

func expectNo500(t *testing.T, what, body string, w *httptest.ResponseRecorder) {
	t.Helper()
	if len(body) > 60 {
		body = body[:60] + "…"
	}
	if w.Code >= 500 {
		t.Errorf("%s with %q: %d %s", what, body, w.Code, w.Body.String())
		return
	}
	if w.Code >= 300 && w.Code < 400 {
		return // the mux cleaning a path such as "..": not ours
	}
	if w.Code >= 400 {
		if ct := w.Header().Get("Content-Type"); ct != api.JSONType {
			t.Errorf("%s with %q: %d with Content-Type %q", what, body, w.Code, ct)
		}
		eb := decodeAs[api.ErrorBody](t, w)
		if eb.Error.Code == "" || eb.Error.Message == "" {
			t.Errorf("%s with %q: error shape %s", what, body, w.Body.String())
		}
	}
}
