package api_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/api"
	"codeberg.org/cortege/cortege/internal/service"
)

// token makes a token for who@example.org as the settings page or the
// command line would.
func (e *env) token(who string, in service.TokenInput) string {
	e.t.Helper()
	tok, err := e.svc.CreateTokenWith(context.Background(), who+"@example.org", in, service.IdentityInput{DisplayName: who, Handle: cortege.LegacyHandleBase(who + "@example.org")})
	if err != nil {
		e.t.Fatalf("token for %s: %v", who, err)
	}
	return tok
}

func TestTokens(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	e.vars["second"] = e.token("alice", service.TokenInput{Label: "backup script", Scopes: []string{"read"}, Days: 30})
	e.run([]scenario{
		{name: "list", req: request{Method: "GET", Path: "/api/v1/tokens", Token: alice}, status: 200,
			contains: []string{`"label":"test"`, `"scopes":["read","write"]`, `"label":"backup script"`, `"scopes":["read"]`, `"expires_at":null`},
			absent:   []string{"ctg_", "hash"},
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				l := decodeAs[api.TokenList](t, w)
				if len(l.Tokens) != 2 || l.Tokens[1].ExpiresAt == nil || l.Tokens[1].LastUsedAt != nil || l.Tokens[0].LastUsedAt == nil {
					t.Fatalf("tokens = %+v", l.Tokens)
				}
				e.vars["new"] = l.Tokens[1].ID
			}},
		{name: "second token works", req: request{Method: "GET", Path: "/api/v1/me", Token: "$second"}, status: 200, contains: []string{"alice@example.org"}},
		{name: "revoke another account's token", req: request{Method: "DELETE", Path: "/api/v1/tokens/$new", Token: bob}, status: 404, code: "not_found"},
		{name: "revoke unknown token", req: request{Method: "DELETE", Path: "/api/v1/tokens/NOPE", Token: alice}, status: 404, code: "not_found"},
		{name: "a read-only token cannot revoke", req: request{Method: "DELETE", Path: "/api/v1/tokens/$new", Token: "$second"}, status: 403, code: "forbidden"},
		{name: "revoke", req: request{Method: "DELETE", Path: "/api/v1/tokens/$new", Token: alice}, status: 204},
		{name: "revoked token refused", req: request{Method: "GET", Path: "/api/v1/me", Token: "$second"}, status: 401, code: "unauthorized"},
		{name: "anonymous list", req: request{Method: "GET", Path: "/api/v1/tokens"}, status: 401, code: "unauthorized"},
	})
}

// TestTokenCannotMintTokens is the regression test of issue 11's finding:
// POST /api/v1/tokens with a token made a token that survived revoking
// the first. The API now refuses, and nothing is created.
func TestTokenCannotMintTokens(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	e.run([]scenario{
		{name: "mint", req: request{Method: "POST", Path: "/api/v1/tokens", Token: alice, Body: `{"label":"child"}`}, status: 403, code: "forbidden",
			contains: []string{"cortege token create"}, absent: []string{"ctg_"}},
		{name: "mint without a body", req: request{Method: "POST", Path: "/api/v1/tokens", Token: alice}, status: 403, code: "forbidden"},
		{name: "anonymous", req: request{Method: "POST", Path: "/api/v1/tokens", Body: `{"label":"child"}`}, status: 401, code: "unauthorized"},
		{name: "still one token", req: request{Method: "GET", Path: "/api/v1/tokens", Token: alice}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				if l := decodeAs[api.TokenList](t, w); len(l.Tokens) != 1 {
					t.Fatalf("tokens = %+v", l.Tokens)
				}
			}},
	})
}

// TestTokenScopesInTheAPI: a read token only reads (403 with the
// insufficient_scope challenge), and an administrator's token acts as one
// only with the admin scope.
func TestTokenScopesInTheAPI(t *testing.T) {
	e := newEnv(t)
	e.admin("boss") // its e.user token has every scope
	reader := e.token("reader", service.TokenInput{Label: "r", Scopes: []string{"read"}})
	plain := e.token("boss", service.TokenInput{Label: "rw", Scopes: []string{"read", "write"}})
	full := e.user("boss")
	e.run([]scenario{
		{name: "read token reads", req: request{Method: "GET", Path: "/api/v1/me", Token: reader}, status: 200},
		{name: "read token cannot write", req: request{Method: "PATCH", Path: "/api/v1/me", Token: reader, Body: `{"lang":"en"}`}, status: 403, code: "forbidden",
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				if h := w.Header().Get("WWW-Authenticate"); !strings.Contains(h, `error="insufficient_scope"`) || !strings.Contains(h, `scope="write"`) {
					t.Errorf("WWW-Authenticate %q", h)
				}
			}},
		{name: "read token cannot create a group", req: request{Method: "POST", Path: "/api/v1/groups", Token: reader, Body: `{"name":"Vélo","handle":"velo"}`}, status: 403, code: "forbidden"},
		{name: "admin without the scope", req: request{Method: "PATCH", Path: "/api/v1/instance", Token: plain, Body: `{"name":"Ici"}`}, status: 403, code: "forbidden",
			contains: []string{"admin"}},
		{name: "admin with the scope", req: request{Method: "PATCH", Path: "/api/v1/instance", Token: full, Body: `{"name":"Ici"}`}, status: 200},
	})
}
