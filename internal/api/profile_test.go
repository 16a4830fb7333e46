package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

func TestProfiles(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	long := strings.Repeat("h", 10*1024)
	e.run([]scenario{
		{name: "create", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"@Camille","display_name":" Camille ","bio":"Syndicaliste."}`}, status: 201,
			contains: []string{`"handle":"camille"`, `"display_name":"Camille"`, `"is_default":false`, `"avatar_url":""`},
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				p := decodeAs[api.Profile](t, w)
				e.vars["camille"] = p.ID
				if loc := w.Header().Get("Location"); loc != testBaseURL+"/api/v1/profiles/camille" {
					t.Errorf("Location %q", loc)
				}
			}},
		{name: "bob's default profile", req: request{Method: "GET", Path: "/api/v1/me", Token: bob}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				e.vars["bobs"] = decodeAs[api.Me](t, w).Profiles[0].ID
			}},
		{name: "duplicate handle", req: request{Method: "POST", Path: "/api/v1/profiles", Token: bob, Body: `{"handle":"camille","display_name":"Other"}`}, status: 409, code: "conflict", field: "handle"},
		{name: "handle of a group-like reserved name", req: request{Method: "POST", Path: "/api/v1/profiles", Token: bob, Body: `{"handle":"admin","display_name":"A"}`}, status: 422, code: "invalid", field: "handle"},
		{name: "10 KB handle", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"` + long + `","display_name":"Long"}`}, status: 422, code: "invalid", field: "handle"},
		{name: "missing handle", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"display_name":"No handle"}`}, status: 422, code: "invalid", field: "handle"},
		{name: "handle with spaces", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"a b","display_name":"x"}`}, status: 422, code: "invalid", field: "handle"},
		{name: "missing display name", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"nameless"}`}, status: 422, code: "invalid", field: "display_name"},
		{name: "bio too long", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"wordy","display_name":"W","bio":"` + strings.Repeat("é", 501) + `"}`}, status: 422, code: "invalid", field: "bio"},
		{name: "malformed JSON", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"x",`}, status: 400, code: "invalid", field: "body"},
		{name: "not JSON at all", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `handle=x`}, status: 400, code: "invalid", field: "body"},
		{name: "array body", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `[{"handle":"x"}]`}, status: 400, code: "invalid", field: "body"},
		{name: "two objects", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"twice","display_name":"T"}{}`}, status: 400, code: "invalid", field: "body"},
		{name: "empty body", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Header: map[string]string{"Content-Type": "application/json"}}, status: 400, code: "invalid", field: "body"},
		{name: "unknown field", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"extra","display_name":"E","account_id":"x"}`}, status: 400, code: "invalid", field: "account_id"},
		{name: "handle of the wrong type", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":42,"display_name":"N"}`}, status: 400, code: "invalid", field: "handle"},
		{name: "display name of the wrong type", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"typed","display_name":{"a":1}}`}, status: 400, code: "invalid", field: "display_name"},
		{name: "form content type", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"formy","display_name":"F"}`,
			Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, status: 415, code: "unsupported_media_type"},
		{name: "no content type", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"bare","display_name":"B"}`,
			Header: map[string]string{"Content-Type": ""}}, status: 415, code: "unsupported_media_type"},
		{name: "latin-1 charset", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"latin","display_name":"L"}`,
			Header: map[string]string{"Content-Type": "application/json; charset=iso-8859-1"}}, status: 415, code: "unsupported_media_type"},
		{name: "utf-8 charset accepted", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"utf8","display_name":"U"}`,
			Header: map[string]string{"Content-Type": "application/json; charset=UTF-8"}}, status: 201},
		{name: "body over 1 MiB", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"big","display_name":"B","bio":"` + strings.Repeat("a", 1<<20) + `"}`}, status: 413, code: "too_large", field: "body"},
		{name: "anonymous create", req: request{Method: "POST", Path: "/api/v1/profiles", Body: `{"handle":"anon","display_name":"A"}`}, status: 401, code: "unauthorized"},

		{name: "public profile", req: request{Method: "GET", Path: "/api/v1/profiles/camille"}, status: 200,
			contains: []string{`"handle":"camille"`, `"url":"` + testBaseURL + `/@camille"`, `"bio":"Syndicaliste."`},
			absent:   []string{"alice@example.org", "email", "account"}},
		{name: "public profile with @ and capitals", req: request{Method: "GET", Path: "/api/v1/profiles/@Camille"}, status: 200, contains: []string{`"handle":"camille"`}},
		{name: "public profile by ID", req: request{Method: "GET", Path: "/api/v1/profiles/$camille"}, status: 200, contains: []string{`"handle":"camille"`}},
		{name: "unknown profile", req: request{Method: "GET", Path: "/api/v1/profiles/nobody"}, status: 404, code: "not_found"},
		{name: "10 KB handle in the path", req: request{Method: "GET", Path: "/api/v1/profiles/" + long}, status: 404, code: "not_found"},
		{name: "odd handle in the path", req: request{Method: "GET", Path: "/api/v1/profiles/%00%ff"}, status: 404, code: "not_found"},

		{name: "update own", req: request{Method: "PATCH", Path: "/api/v1/profiles/$camille", Token: alice, Body: `{"bio":"Nouvelle bio"}`}, status: 200,
			contains: []string{`"display_name":"Camille"`, `"bio":"Nouvelle bio"`}},
		{name: "update display name only", req: request{Method: "PATCH", Path: "/api/v1/profiles/$camille", Token: alice, Body: `{"display_name":"Cam"}`}, status: 200,
			contains: []string{`"display_name":"Cam"`, `"bio":"Nouvelle bio"`}},
		{name: "update with empty display name", req: request{Method: "PATCH", Path: "/api/v1/profiles/$camille", Token: alice, Body: `{"display_name":"  "}`}, status: 422, code: "invalid", field: "display_name"},
		{name: "handle cannot change", req: request{Method: "PATCH", Path: "/api/v1/profiles/$camille", Token: alice, Body: `{"handle":"other"}`}, status: 400, code: "invalid", field: "handle"},
		{name: "update by handle", req: request{Method: "PATCH", Path: "/api/v1/profiles/@camille", Token: alice, Body: `{"bio":"Par handle"}`}, status: 200,
			contains: []string{`"bio":"Par handle"`, `"id":"$camille"`}},
		{name: "update another account's profile by handle", req: request{Method: "PATCH", Path: "/api/v1/profiles/camille", Token: bob, Body: `{"bio":"pwned"}`}, status: 404, code: "not_found"},
		{name: "update another account's profile", req: request{Method: "PATCH", Path: "/api/v1/profiles/$camille", Token: bob, Body: `{"bio":"pwned"}`}, status: 404, code: "not_found"},
		{name: "update unknown profile", req: request{Method: "PATCH", Path: "/api/v1/profiles/NOPE", Token: alice, Body: `{"bio":"x"}`}, status: 404, code: "not_found"},
		{name: "update anonymously", req: request{Method: "PATCH", Path: "/api/v1/profiles/$camille", Body: `{"bio":"x"}`}, status: 401, code: "unauthorized"},
		{name: "bio unchanged by bob", req: request{Method: "GET", Path: "/api/v1/profiles/camille"}, status: 200, absent: []string{"pwned"}},

		{name: "delete another account's profile by handle", req: request{Method: "DELETE", Path: "/api/v1/profiles/camille", Token: bob}, status: 404, code: "not_found"},
		{name: "delete another account's profile", req: request{Method: "DELETE", Path: "/api/v1/profiles/$camille", Token: bob}, status: 404, code: "not_found"},
		{name: "delete own", req: request{Method: "DELETE", Path: "/api/v1/profiles/$camille", Token: alice}, status: 204},
		{name: "deleted profile is gone", req: request{Method: "GET", Path: "/api/v1/profiles/camille"}, status: 404, code: "not_found"},
		{name: "its handle stays reserved", req: request{Method: "POST", Path: "/api/v1/profiles", Token: bob, Body: `{"handle":"camille","display_name":"Impostor"}`}, status: 409, code: "conflict", field: "handle"},
		{name: "second profile to delete by handle", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"ephemere","display_name":"E"}`}, status: 201},
		{name: "delete own by handle", req: request{Method: "DELETE", Path: "/api/v1/profiles/Ephemere", Token: alice}, status: 204},
		{name: "deleted by handle is gone", req: request{Method: "GET", Path: "/api/v1/profiles/ephemere"}, status: 404, code: "not_found"},
		{name: "delete it again", req: request{Method: "DELETE", Path: "/api/v1/profiles/ephemere", Token: alice}, status: 404, code: "not_found"},
		{name: "delete the last profile", req: request{Method: "DELETE", Path: "/api/v1/profiles/$bobs", Token: bob}, status: 409, code: "conflict"},
	})
}

func TestProfileLimit(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	for i := 0; i < 9; i++ {
		w := e.do(request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"alice_` + string(rune('a'+i)) + `","display_name":"A"}`})
		if w.Code != 201 {
			t.Fatalf("profile %d: %d %s", i, w.Code, w.Body.String())
		}
	}
	e.run([]scenario{
		{name: "eleventh profile", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice, Body: `{"handle":"alice_z","display_name":"A"}`}, status: 422, code: "invalid", field: "handle"},
	})
}
