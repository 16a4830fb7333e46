package service_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestTokenCannotCreateTokens is the regression test of a finding of
// issue 11: a token could mint tokens, which survived revoking it. Only a
// session (or the command line) makes tokens now.
func TestTokenCannotCreateTokens(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	session := signIn(t, e, "mint@example.org")
	secret, first, err := e.svc.CreateAPIToken(ctx, session, service.TokenInput{Label: "script"})
	if err != nil {
		t.Fatal(err)
	}
	viaToken, err := e.svc.TokenActor(ctx, secret, "")
	if err != nil || !viaToken.ViaToken() {
		t.Fatalf("token actor = %+v, %v", viaToken, err)
	}
	minted, _, err := e.svc.CreateAPIToken(ctx, viaToken, service.TokenInput{Label: "child"})
	wantCode(t, "token minting a token", err, cortege.EFORBIDDEN)
	if err := e.svc.RevokeAPIToken(ctx, viaToken, first.ID); err != nil {
		t.Fatal(err)
	}
	if minted != "" {
		if _, err := e.svc.TokenActor(ctx, minted, ""); err == nil {
			t.Fatal("a token minted by a token outlives the revoked original")
		}
	}
	if ts, _ := e.svc.APITokens(ctx, session); len(ts) != 0 {
		t.Fatalf("tokens left after revoking the only one: %+v", ts)
	}
}

// TestLogoutEverywhereRevokesTokens is the regression test of the other
// token finding: "sign out everywhere" left API tokens valid.
func TestLogoutEverywhereRevokesTokens(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	a := signIn(t, e, "lost@example.org")
	secret, _, err := e.svc.CreateAPIToken(ctx, a, service.TokenInput{Label: "laptop"})
	if err != nil {
		t.Fatal(err)
	}
	other := signIn(t, e, "other@example.org")
	otherSecret, _, err := e.svc.CreateAPIToken(ctx, other, service.TokenInput{Label: "theirs"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.LogoutEverywhere(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.TokenActor(ctx, secret, ""); cortege.ErrorCode(err) != cortege.EUNAUTH {
		t.Fatalf("token after signing out everywhere: %v", err)
	}
	if _, err := e.svc.TokenActor(ctx, otherSecret, ""); err != nil {
		t.Fatalf("another account's token was revoked too: %v", err)
	}
}

// TestTokenScopes: read is always there, write is asked for, admin only
// for administrators; a token without admin does not act as one.
func TestTokenScopes(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	user := signIn(t, e, "user@example.org")
	for _, c := range []struct {
		asked []string
		want  []string
	}{
		{nil, []string{"read", "write"}},
		{[]string{}, []string{"read"}},
		{[]string{"write"}, []string{"read", "write"}},
		{[]string{"WRITE", "read", "write"}, []string{"read", "write"}},
	} {
		_, tok, err := e.svc.CreateAPIToken(ctx, user, service.TokenInput{Label: "x", Scopes: c.asked})
		if err != nil || !slices.Equal(tok.Scopes, c.want) {
			t.Errorf("scopes %q: %v, %v; want %v", c.asked, tok, err, c.want)
		}
	}
	_, _, err := e.svc.CreateAPIToken(ctx, user, service.TokenInput{Label: "x", Scopes: []string{"admin"}})
	wantTokenField(t, err, "scope")
	_, _, err = e.svc.CreateAPIToken(ctx, user, service.TokenInput{Label: "x", Scopes: []string{"delete"}})
	wantTokenField(t, err, "scope")

	link, err := e.svc.CreateAdmin(ctx, "boss@example.org", "Boss")
	if err != nil || link == "" {
		t.Fatal(err)
	}
	full, err := e.svc.CreateTokenFor(ctx, "boss@example.org", "cli", service.IdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := e.svc.CreateTokenWith(ctx, "boss@example.org", service.TokenInput{Label: "rw", Scopes: []string{"read", "write"}}, service.IdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := e.svc.TokenActor(ctx, full, ""); !a.IsAdmin() || !slices.Equal(a.Scopes, []string{"read", "write", "admin"}) {
		t.Fatalf("the command line's token of an administrator: %+v", a)
	}
	a, _ := e.svc.TokenActor(ctx, plain, "")
	if a.IsAdmin() {
		t.Fatal("a token without the admin scope acts as an administrator")
	}
	_, err = e.svc.Accounts(ctx, a, "", 1)
	wantCode(t, "admin page without the admin scope", err, cortege.EFORBIDDEN)
	if cortege.ErrorOf(err).Message != "err.token.admin_scope" {
		t.Fatalf("message = %v", err)
	}
}

// TestTokenExpiry: a token given days expires then; more than the maximum
// is refused on the "expires" field.
func TestTokenExpiry(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	a := signIn(t, e, "exp@example.org")
	secret, tok, err := e.svc.CreateAPIToken(ctx, a, service.TokenInput{Label: "week", Days: 7})
	if err != nil {
		t.Fatal(err)
	}
	if want := e.clock().Add(7 * 24 * time.Hour); !tok.ExpiresAt.Equal(want) {
		t.Fatalf("expires at %v, want %v", tok.ExpiresAt, want)
	}
	e.advance(7*24*time.Hour - time.Minute)
	if _, err := e.svc.TokenActor(ctx, secret, ""); err != nil {
		t.Fatalf("a minute before expiry: %v", err)
	}
	e.advance(time.Minute)
	if _, err := e.svc.TokenActor(ctx, secret, ""); cortege.ErrorCode(err) != cortege.EUNAUTH {
		t.Fatalf("expired token: %v", err)
	}
	for _, days := range []int{-1, cortege.MaxTokenDays + 1} {
		_, _, err := e.svc.CreateAPIToken(ctx, a, service.TokenInput{Label: "x", Days: days})
		wantTokenField(t, err, "expires")
	}
	if _, tok, err := e.svc.CreateAPIToken(ctx, a, service.TokenInput{Label: "forever"}); err != nil || !tok.ExpiresAt.IsZero() {
		t.Fatalf("token without expiry: %+v %v", tok, err)
	}
}

// TestTokenLastUsedOncePerMinute: the last use is written at the first
// use, then not again until a minute has passed.
func TestTokenLastUsedOncePerMinute(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	a := signIn(t, e, "busy@example.org")
	secret, _, err := e.svc.CreateAPIToken(ctx, a, service.TokenInput{Label: "busy"})
	if err != nil {
		t.Fatal(err)
	}
	lastUsed := func() time.Time {
		ts, err := e.svc.APITokens(ctx, a)
		if err != nil || len(ts) != 1 {
			t.Fatalf("tokens %v %v", ts, err)
		}
		return ts[0].LastUsedAt
	}
	if !lastUsed().IsZero() {
		t.Fatal("a new token has a last use")
	}
	first := e.clock().Truncate(time.Millisecond)
	use := func() {
		if _, err := e.svc.TokenActor(ctx, secret, ""); err != nil {
			t.Fatal(err)
		}
	}
	use()
	if got := lastUsed(); !got.Equal(first) {
		t.Fatalf("after the first use: %v, want %v", got, first)
	}
	e.advance(59 * time.Second)
	use()
	if got := lastUsed(); !got.Equal(first) {
		t.Fatalf("59 s later the use was written again: %v", got)
	}
	e.advance(time.Second)
	use()
	if got := lastUsed(); !got.Equal(first.Add(time.Minute)) {
		t.Fatalf("a minute later: %v, want %v", got, first.Add(time.Minute))
	}
}

func wantTokenField(t *testing.T, err error, field string) {
	t.Helper()
	if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || e.Field != field {
		t.Fatalf("error %v, want invalid on %q", err, field)
	}
}
