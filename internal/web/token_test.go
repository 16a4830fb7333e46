package web_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
)

// createToken posts the tokens form and returns the secret shown once.
func (a *app) createToken(session string, form url.Values) string {
	a.t.Helper()
	rec := a.do(req{method: "POST", path: "/settings/tokens", session: session, form: form})
	body := rec.Body.String()
	i := strings.Index(body, `value="ctg_`)
	if rec.Code != 200 || i < 0 {
		a.t.Fatalf("create token: %d\n%s", rec.Code, excerpt(body))
	}
	i += len(`value="`)
	return body[i : i+strings.IndexByte(body[i:], '"')]
}

// TestLogoutEverywhereRevokesTokensPage: the settings page warns that
// signing out everywhere revokes the API tokens, and it does (issue 11's
// finding: they stayed valid).
func TestLogoutEverywhereRevokesTokensPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	s := a.signIn("camille@example.org")
	rec := a.do(req{path: "/settings", session: s})
	if !strings.Contains(rec.Body.String(), "Vous n’avez aucun jeton d’API.") {
		t.Fatalf("settings without tokens:\n%s", excerpt(rec.Body.String()))
	}
	one := a.createToken(s, url.Values{"label": {"un"}, "write": {"1"}})
	two := a.createToken(s, url.Values{"label": {"deux"}})
	rec = a.do(req{path: "/settings", session: s})
	if !strings.Contains(rec.Body.String(), "Cela révoque aussi vos 2 jetons d’API") {
		t.Fatalf("no warning about the tokens:\n%s", excerpt(rec.Body.String()))
	}
	if rec := a.do(req{method: "POST", path: "/logout/everywhere", session: s}); rec.Code != 303 {
		t.Fatalf("logout everywhere: %d", rec.Code)
	}
	for _, tok := range []string{one, two} {
		if _, err := a.svc.TokenActor(context.Background(), tok, ""); cortege.ErrorCode(err) != cortege.EUNAUTH {
			t.Fatalf("token still valid after signing out everywhere: %v", err)
		}
	}
}

// TestTokenFormScopesAndExpiry: the boxes and the lifetime reach the
// token; the list shows scopes, expiry and "never" used; the admin box is
// for administrators only; a lifetime not offered is refused on its field.
func TestTokenFormScopesAndExpiry(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	s := a.signIn("camille@example.org")
	page := a.do(req{path: "/settings/tokens", session: s}).Body.String()
	if !strings.Contains(page, `name="write"`) || strings.Contains(page, `name="admin"`) || !strings.Contains(page, `name="expires"`) {
		t.Fatalf("form for an ordinary account:\n%s", excerpt(page))
	}
	reader := a.createToken(s, url.Values{"label": {"lecture"}, "expires": {"30"}})
	actor, err := a.svc.TokenActor(ctx, reader, "")
	if err != nil || !slices.Equal(actor.Scopes, []string{"read"}) {
		t.Fatalf("read token: %+v %v", actor, err)
	}
	ts, _ := a.svc.APITokens(ctx, a.actor(s))
	if len(ts) != 1 || ts[0].ExpiresAt.Sub(ts[0].CreatedAt).Hours() != 30*24 {
		t.Fatalf("tokens = %+v", ts)
	}
	list := a.do(req{path: "/settings/tokens", session: s}).Body.String()
	for _, want := range []string{"Lire", "Expiration"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q:\n%s", want, excerpt(list))
		}
	}
	// The admin box posted by hand is refused for an ordinary account.
	rec := a.do(req{method: "POST", path: "/settings/tokens", session: s, form: url.Values{"label": {"x"}, "admin": {"1"}}})
	if rec.Code != 422 || strings.Contains(rec.Body.String(), `value="ctg_`) {
		t.Fatalf("admin scope for a user: %d", rec.Code)
	}
	rec = a.do(req{method: "POST", path: "/settings/tokens", session: s, form: url.Values{"label": {"x"}, "expires": {"999"}}})
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "f-token-expires-error") {
		t.Fatalf("lifetime too long: %d\n%s", rec.Code, excerpt(rec.Body.String()))
	}

	boss := a.signInAdmin("boss@example.org")
	if page := a.do(req{path: "/settings/tokens", session: boss}).Body.String(); !strings.Contains(page, `name="admin"`) {
		t.Fatal("no admin box for an administrator")
	}
	full := a.createToken(boss, url.Values{"label": {"admin"}, "write": {"1"}, "admin": {"1"}})
	if act, _ := a.svc.TokenActor(ctx, full, ""); !act.IsAdmin() {
		t.Fatalf("admin token: %+v", act)
	}
}
