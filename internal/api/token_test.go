package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

func TestTokens(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	e.run([]scenario{
		{name: "list", req: request{Method: "GET", Path: "/api/v1/tokens", Token: alice}, status: 200,
			contains: []string{`"label":"test"`}, absent: []string{"ctg_", "hash"}},
		{name: "create", req: request{Method: "POST", Path: "/api/v1/tokens", Token: alice, Body: `{"label":"backup script"}`}, status: 201,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				c := decodeAs[api.TokenCreated](t, w)
				if !strings.HasPrefix(c.Secret, "ctg_") || c.Token.Label != "backup script" || c.Token.LastUsedAt != nil {
					t.Fatalf("created = %+v", c)
				}
				e.vars["secret"], e.vars["new"] = c.Secret, c.Token.ID
			}},
		{name: "new token works", req: request{Method: "GET", Path: "/api/v1/me", Token: "$secret"}, status: 200, contains: []string{"alice@example.org"}},
		{name: "empty label", req: request{Method: "POST", Path: "/api/v1/tokens", Token: alice, Body: `{"label":"  "}`}, status: 422, code: "invalid", field: "label"},
		{name: "label too long", req: request{Method: "POST", Path: "/api/v1/tokens", Token: alice, Body: `{"label":"` + strings.Repeat("l", 81) + `"}`}, status: 422, code: "invalid", field: "label"},
		{name: "revoke another account's token", req: request{Method: "DELETE", Path: "/api/v1/tokens/$new", Token: bob}, status: 404, code: "not_found"},
		{name: "revoke unknown token", req: request{Method: "DELETE", Path: "/api/v1/tokens/NOPE", Token: alice}, status: 404, code: "not_found"},
		{name: "revoke", req: request{Method: "DELETE", Path: "/api/v1/tokens/$new", Token: alice}, status: 204},
		{name: "revoked token refused", req: request{Method: "GET", Path: "/api/v1/me", Token: "$secret"}, status: 401, code: "unauthorized"},
		{name: "anonymous list", req: request{Method: "GET", Path: "/api/v1/tokens"}, status: 401, code: "unauthorized"},
	})
}

func TestTokenRateLimit(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	for i := 0; i < 25; i++ {
		w := e.do(request{Method: "POST", Path: "/api/v1/tokens", Token: alice, Body: `{"label":"loop"}`})
		if w.Code == 201 {
			continue
		}
		if w.Code != 429 {
			t.Fatalf("token %d: %d %s", i, w.Code, w.Body.String())
		}
		checkJSONAnswer(t, w)
		checkError(t, w, "rate_limited", "")
		return
	}
	t.Fatal("25 tokens in a row were never rate limited")
}
