package service_test

import (
	"context"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// firstSignIn goes through the magic link in lang and returns the new
// account's actor, without choosing a public name.
func firstSignIn(t *testing.T, e *env, email, lang string) cortege.Actor {
	t.Helper()
	a, _ := signInSession(t, e, email, lang)
	return a
}

// signInSession is firstSignIn that also returns the session's secret.
func signInSession(t *testing.T, e *env, email, lang string) (cortege.Actor, string) {
	t.Helper()
	ctx := context.Background()
	if err := e.svc.RequestLogin(ctx, cortege.Actor{IP: "192.0.2.40"}, email, lang); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	secret, _, err := e.svc.ConfirmLogin(ctx, cortege.Actor{IP: "192.0.2.40"}, e.linkToken(t, email))
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.svc.SessionActor(ctx, secret, "192.0.2.40")
	if err != nil || !a.SignedIn() {
		t.Fatalf("session: %v", err)
	}
	return a, secret
}

// A first sign-in makes an account whose handle says nothing of the
// address, in the language of the page where the link was asked for, and
// which publishes nothing until its public name is chosen.
func TestFirstSignInAsksForAPublicName(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	a := firstSignIn(t, e, "jeanne.dupont@example.org", "en")
	if a.Account.Lang != "en" {
		t.Errorf("account language = %q, want the sign-in page's (en)", a.Account.Lang)
	}
	h := a.Profile.Handle
	if strings.Contains(h, "jeanne") || strings.Contains(h, "dupont") || strings.Contains(a.Profile.DisplayName, "jeanne") {
		t.Fatalf("first profile made from the address: %+v", a.Profile)
	}
	if _, err := cortege.NormalizeHandle(h); err != nil || strings.Count(h, "_") != 2 {
		t.Fatalf("suggested handle %q is not adjective_noun_number", h)
	}
	if !a.Account.NeedsIdentity() {
		t.Fatal("a new account may publish before choosing its name")
	}

	// Nothing publishes, in any door: each refusal names the handle field.
	org := signIn(t, e, "org@example.org")
	ev := mustCreate(t, e, org, eventInput(e, "Assemblée de quartier"))
	g := newGroup(t, e, org, "quartier_libre", cortege.VisibilityPublic, cortege.JoinOpen)
	refusals := map[string]error{}
	_, refusals["event"] = e.svc.CreateEvent(ctx, a, eventInput(e, "Mon événement"))
	_, refusals["group"] = e.svc.CreateGroup(ctx, a, service.GroupInput{Handle: "mon_groupe", Name: "Mon groupe", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen})
	_, refusals["join event"] = e.svc.JoinEvent(ctx, a, service.ByID(ev.ID), service.JoinInput{})
	_, refusals["join group"] = e.svc.Join(ctx, a, g.ID, "")
	_, refusals["comment"] = e.svc.Comment(ctx, a, service.ByID(ev.ID), "Bonjour")
	_, refusals["post"] = e.svc.CreatePost(ctx, a, g.ID, service.PostInput{Title: "x", Visibility: cortege.PostPublic, Publish: true})
	_, refusals["discussion"] = e.svc.StartDiscussion(ctx, a, g.ID, "Fil", "Message")
	for what, err := range refusals {
		if !cortege.IsIdentityRequired(err) || cortege.ErrorOf(err).Field != "handle" {
			t.Errorf("%s before choosing a name: %v", what, err)
		}
	}

	// The step offers a neutral suggestion and no name made from the address.
	st, err := e.svc.Identity(ctx, a)
	if err != nil || st.Legacy || st.Name != "" || st.Suggestion == "" || st.Suggestion == h || strings.Contains(st.Suggestion, "jeanne") {
		t.Fatalf("identity step = %+v, %v", st, err)
	}
	p, err := e.svc.ChooseIdentity(ctx, a, service.IdentityInput{DisplayName: "Jeanne D.", Handle: "@Jeanne_D"})
	if err != nil || p.Handle != "jeanne_d" || p.DisplayName != "Jeanne D." {
		t.Fatalf("choose: %+v, %v", p, err)
	}
	// The unseen suggestion is free again; the choice is the public profile.
	if got, err := e.svc.ProfileByHandle(ctx, cortege.Anonymous, h); !cortege.IsNotFound(err) {
		t.Fatalf("old suggestion still answers: %+v %v", got, err)
	}
	if got, err := e.svc.ProfileByHandle(ctx, cortege.Anonymous, "jeanne_d"); err != nil || got.ID != a.Profile.ID {
		t.Fatalf("chosen profile: %+v %v", got, err)
	}
	// The next session knows too, and a second choice is refused.
	again := firstSignIn(t, e, "jeanne.dupont@example.org", "fr")
	if again.Account.NeedsIdentity() || again.Account.Lang != "en" || again.Profile.Handle != "jeanne_d" {
		t.Fatalf("next sign-in: %+v %+v", again.Account, again.Profile)
	}
	if _, err := e.svc.JoinEvent(ctx, a, service.ByID(ev.ID), service.JoinInput{}); err != nil {
		t.Fatalf("join after choosing: %v", err)
	}
	if _, err := e.svc.ChooseIdentity(ctx, again, service.IdentityInput{DisplayName: "J", Handle: "autre"}); cortege.ErrorCode(err) != cortege.ECONFLICT {
		t.Fatalf("second choice: %v", err)
	}
}

// Handles are checked: shape, reserved words, and taken ones, with a free
// handle close to it to offer.
func TestIdentityHandleRules(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	signIn(t, e, "marie@example.org") // takes @marie
	a := firstSignIn(t, e, "someone@example.org", "fr")
	cases := []struct {
		name, handle, code, message string
	}{
		{"Marie", "marie", cortege.ECONFLICT, "err.handle.taken"},
		{"Marie", "admin", cortege.EINVALID, "err.handle.reserved"},
		{"Marie", "welcome", cortege.EINVALID, "err.handle.reserved"},
		{"Marie", "ma rie", cortege.EINVALID, "err.handle.chars"},
		{"Marie", "m", cortege.EINVALID, "err.handle.length"},
		{"", "marie_l", cortege.EINVALID, "err.display_name.required"},
	}
	for _, c := range cases {
		_, err := e.svc.ChooseIdentity(ctx, a, service.IdentityInput{DisplayName: c.name, Handle: c.handle})
		if x := cortege.ErrorOf(err); x == nil || x.Code != c.code || x.Message != c.message {
			t.Errorf("%q/%q: %v, want %s %s", c.name, c.handle, err, c.code, c.message)
		}
	}
	if near, err := e.svc.HandleNear(ctx, "marie"); err != nil || near != "marie_2" {
		t.Fatalf("near marie = %q, %v", near, err)
	}
	if near, _ := e.svc.HandleNear(ctx, "admin"); near != "admin_2" {
		t.Fatalf("near admin = %q", near)
	}
	// Keeping the suggested handle is a choice too.
	if _, err := e.svc.ChooseIdentity(ctx, a, service.IdentityInput{DisplayName: "Quelqu’un", Handle: a.Profile.Handle}); err != nil {
		t.Fatalf("keep the suggestion: %v", err)
	}
}

// Accounts made before the identity step, whose handle came from their
// address, are asked once at their next sign-in or request and may keep
// it; those who had another handle are not bothered.
func TestLegacyAccountsAreAsked(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	q := e.db.Q()
	// legacy makes an account as an older version did and returns the
	// secret of a session opened back then.
	legacy := func(email, handle string) string {
		a, secret := signInSession(t, e, email, "fr")
		// What migration 0006 leaves for an account older than it.
		if err := q.RenameProfile(ctx, a.Profile.ID, a.Profile.Handle, handle, strings.Split(email, "@")[0], true); err != nil {
			t.Fatal(err)
		}
		if err := q.SetAccountIdentity(ctx, a.Account.ID, cortege.IdentityUnchecked); err != nil {
			t.Fatal(err)
		}
		return secret
	}
	old := legacy("paul.martin@example.org", "paul_martin")
	other := legacy("sam@example.org", "velo_rouge")
	second := legacy("paul.martin@example.net", "paul_martin2")

	// The next request with a session settles each.
	got, err := e.svc.SessionActor(ctx, old, "")
	if err != nil || got.Account.Identity != cortege.IdentityLegacy || !got.Account.NeedsIdentity() {
		t.Fatalf("derived handle: %+v %v", got.Account, err)
	}
	if got, _ := e.svc.SessionActor(ctx, other, ""); got.Account.Identity != cortege.IdentityChosen {
		t.Fatalf("own handle: %+v", got.Account)
	}
	// A sign-in settles too (here a handle the old rule numbered).
	_ = second
	signedIn := firstSignIn(t, e, "paul.martin@example.net", "fr")
	if signedIn.Account.Identity != cortege.IdentityLegacy {
		t.Fatalf("numbered derived handle: %+v", signedIn.Account)
	}
	if !signedIn.Account.NeedsIdentity() {
		t.Fatal("sign-in did not ask the legacy account")
	}
	st, err := e.svc.Identity(ctx, got)
	if err != nil || !st.Legacy || st.Profile.Handle != "paul_martin" || st.Name != "" {
		t.Fatalf("step = %+v, %v", st, err)
	}
	// Keeping the old handle is allowed; it stays reserved either way.
	if _, err := e.svc.ChooseIdentity(ctx, got, service.IdentityInput{DisplayName: "Paul", Handle: "paul_martin"}); err != nil {
		t.Fatalf("keep: %v", err)
	}
	if _, err := e.svc.ChooseIdentity(ctx, signedIn, service.IdentityInput{DisplayName: "Paul N.", Handle: "paul_n"}); err != nil {
		t.Fatalf("change: %v", err)
	}
	if taken, _ := q.HandleTaken(ctx, "paul_martin2"); !taken {
		t.Fatal("a legacy handle others saw was freed")
	}
}

// TestScriptTokenPublishes: `cortege token create --email` makes an
// account for a script, which nobody signs in to: it publishes at once,
// under the neutral handle or the one the operator gave (--handle), never
// one taken from the address.
func TestScriptTokenPublishes(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	for i, c := range []struct {
		email string
		who   service.IdentityInput
		want  string
	}{
		{"jeanne.deroin@example.org", service.IdentityInput{}, ""},
		{"louise@example.org", service.IdentityInput{Handle: "comite_louise"}, "comite_louise"},
	} {
		tok, err := e.svc.CreateTokenFor(ctx, c.email, "script", c.who)
		if err != nil {
			t.Fatal(err)
		}
		a, err := e.svc.TokenActor(ctx, tok, "")
		if err != nil {
			t.Fatal(err)
		}
		if a.Account.NeedsIdentity() {
			t.Errorf("%s: a script's account waits for an identity step nobody sees", c.email)
		}
		h := a.Profile.Handle
		if c.want != "" && h != c.want || c.want == "" && (strings.Contains(h, "jeanne") || strings.Contains(h, "deroin")) {
			t.Errorf("%s: handle %q", c.email, h)
		}
		in := service.GroupInput{Handle: "groupe_" + string(rune('a'+i)), Name: "Groupe", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen}
		if _, err := e.svc.CreateGroup(ctx, a, in); err != nil {
			t.Errorf("%s: cannot publish: %v", c.email, err)
		}
	}
}
