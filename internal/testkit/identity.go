package testkit

import (
	"context"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// Identify goes through the identity step for a test account, as a person
// does at their first sign-in, choosing the name and handle older versions
// derived from the address (its local part), so tests keep readable names
// ("@alice"). An account that already chose is left as it is. It returns
// the actor as it now stands.
func Identify(t testing.TB, svc *service.Service, a cortege.Actor) cortege.Actor {
	t.Helper()
	if !a.SignedIn() || !a.Account.NeedsIdentity() {
		return a
	}
	ctx := context.Background()
	email := a.Account.Email
	in := service.IdentityInput{DisplayName: email[:strings.LastIndexByte(email, '@')], Handle: cortege.LegacyHandleBase(email)}
	_, err := svc.ChooseIdentity(ctx, a, in)
	if e := cortege.ErrorOf(err); e != nil && (e.Code == cortege.ECONFLICT || e.Message == "err.handle.reserved") {
		// Taken (by a group, say) or reserved ("admin"): the next free
		// one, as the old rule did.
		if in.Handle, err = svc.HandleNear(ctx, in.Handle); err == nil {
			_, err = svc.ChooseIdentity(ctx, a, in)
		}
	}
	if err != nil {
		t.Fatalf("identity of %s: %v", email, err)
	}
	return a
}

// IdentifySession is Identify for the account behind a session secret.
func IdentifySession(t testing.TB, svc *service.Service, secret string) {
	t.Helper()
	a, err := svc.SessionActor(context.Background(), secret, "192.0.2.250")
	if err != nil || !a.SignedIn() {
		t.Fatalf("session actor: %v", err)
	}
	Identify(t, svc, a)
}

// Token makes an API token for email as `cortege token create --email`
// does, with the name and handle older versions derived from the address
// (the next free one when that is taken or reserved), so API tests keep
// readable names ("@alice").
func Token(t testing.TB, svc *service.Service, email string) string {
	t.Helper()
	ctx := context.Background()
	in := service.IdentityInput{DisplayName: email[:strings.LastIndexByte(email, '@')], Handle: cortege.LegacyHandleBase(email)}
	tok, err := svc.CreateTokenFor(ctx, email, "test", in)
	if e := cortege.ErrorOf(err); e != nil && (e.Code == cortege.ECONFLICT || e.Message == "err.handle.reserved") {
		if in.Handle, err = svc.HandleNear(ctx, in.Handle); err == nil {
			tok, err = svc.CreateTokenFor(ctx, email, "test", in)
		}
	}
	if err != nil {
		t.Fatalf("token for %s: %v", email, err)
	}
	return tok
}
