package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
)

// browserSignIn goes through the magic link with the pages a browser sees,
// the link asked for from a page in lang; it does not choose a name.
func (a *app) browserSignIn(c *http.Client, email, lang string) *http.Response {
	a.t.Helper()
	if res, _ := a.post(c, "/login?lang="+lang, url.Values{"email": {email}}); res.StatusCode != 200 {
		a.t.Fatalf("POST /login: %d", res.StatusCode)
	}
	link := a.lastLink(email, "/login/confirm")
	u, _ := url.Parse(link)
	res, _ := a.post(c, "/login/confirm", url.Values{"token": {u.Query().Get("token")}, "next": {u.Query().Get("next")}})
	return res
}

// The first sign-in lands on "choose how you appear": a neutral handle
// suggested, no name made from the address; until the choice, pages and
// publishing lead back there.
func TestIdentityStepAfterFirstSignIn(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client()
	res := a.browserSignIn(c, "louise.michel@example.org", "en")
	if res.StatusCode != 303 || res.Header.Get("Location") != "/welcome" {
		t.Fatalf("after sign-in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := a.get(c, "/welcome")
	if res.StatusCode != 200 || !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, `id="f-identity-display_name" type="text" name="display_name" value=""`) {
		t.Fatalf("step: %d\n%s", res.StatusCode, excerpt(body))
	}
	if strings.Contains(body, "louise") || strings.Contains(body, "michel") {
		t.Fatalf("the step offers something made from the address:\n%s", excerpt(body))
	}
	if !strings.Contains(body, `href="/welcome?suggest=1"`) {
		t.Fatal("no way to ask for another suggestion")
	}
	// Pages lead to the step first and come back afterwards.
	res, _ = a.get(c, "/dashboard")
	if res.StatusCode != 303 || res.Header.Get("Location") != "/welcome?next=%2Fdashboard" {
		t.Fatalf("dashboard before choosing: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	// Publishing is refused by the service and answered with the step.
	res, _ = a.post(c, "/groups", url.Values{"handle": {"louise_groupe"}, "name": {"Groupe"}, "visibility": {"public"}, "join_mode": {"open"}})
	if res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/welcome") {
		t.Fatalf("create a group before choosing: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	// A taken handle comes back with a free one close to it, said plainly.
	other := a.signIn("bertha@example.org") // chooses @bertha
	_ = other
	res, body = a.post(c, "/welcome", url.Values{"display_name": {"Louise"}, "handle": {"bertha"}, "next": {"/dashboard"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, `value="bertha_2"`) || !strings.Contains(body, "@bertha_2 is free") || !strings.Contains(body, `value="Louise"`) {
		t.Fatalf("taken handle: %d\n%s", res.StatusCode, excerpt(body))
	}
	res, body = a.post(c, "/welcome", url.Values{"display_name": {"Louise"}, "handle": {"admin"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-identity-handle-error"`) {
		t.Fatalf("reserved handle: %d\n%s", res.StatusCode, excerpt(body))
	}
	res, _ = a.post(c, "/welcome", url.Values{"display_name": {"Louise"}, "handle": {"louise_m"}, "next": {"/dashboard"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/dashboard?ok=identity_chosen" {
		t.Fatalf("choose: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, body = a.get(c, "/dashboard?ok=identity_chosen")
	if res.StatusCode != 200 || !strings.Contains(body, "@louise_m") || !strings.Contains(body, "this is how you appear") {
		t.Fatalf("dashboard after choosing: %d\n%s", res.StatusCode, excerpt(body))
	}
	if res, _ = a.get(c, "/welcome"); res.StatusCode != 303 {
		t.Fatalf("step once chosen: %d", res.StatusCode)
	}
	if res, _ = a.post(c, "/groups", url.Values{"handle": {"louise_groupe"}, "name": {"Groupe"}, "visibility": {"public"}, "join_mode": {"open"}}); res.StatusCode != 303 || strings.HasPrefix(res.Header.Get("Location"), "/welcome") {
		t.Fatalf("create a group after choosing: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// An account made by an older version, whose handle came from its address,
// is asked at its next request with a session, and may keep the handle.
func TestIdentityStepForLegacyAccounts(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	c := a.client()
	a.browserSignIn(c, "rosa.parks@example.org", "fr")
	act := a.actor(sessionCookie(t, a, c))
	q := a.db.Q()
	if err := q.RenameProfile(ctx, act.Profile.ID, act.Profile.Handle, "rosa_parks", "rosa.parks", true); err != nil {
		t.Fatal(err)
	}
	if err := q.SetAccountIdentity(ctx, act.Account.ID, cortege.IdentityUnchecked); err != nil {
		t.Fatal(err)
	}
	res, _ := a.get(c, "/events")
	if res.StatusCode != 303 || res.Header.Get("Location") != "/welcome?next=%2Fevents" {
		t.Fatalf("next request: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := a.get(c, "/welcome?next=%2Fevents")
	if res.StatusCode != 200 || !strings.Contains(body, "@rosa_parks") || !strings.Contains(body, `value="rosa_parks"`) || !strings.Contains(body, `name="display_name" value=""`) {
		t.Fatalf("legacy step: %d\n%s", res.StatusCode, excerpt(body))
	}
	res, _ = a.post(c, "/welcome", url.Values{"display_name": {"Rosa"}, "handle": {"rosa_parks"}, "next": {"/events"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/events?ok=identity_chosen" {
		t.Fatalf("keep the handle: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ = a.get(c, "/events"); res.StatusCode != 200 {
		t.Fatalf("events after: %d", res.StatusCode)
	}
}

// sessionCookie returns the session secret c holds.
func sessionCookie(t *testing.T, a *app, c *http.Client) string {
	t.Helper()
	u, _ := url.Parse(a.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "cortege_session" {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// A visitor gets no cookie until they pick a language with the switch;
// then the choice sticks across pages. A signed-in person's pick goes to
// their account instead.
func TestLanguageCookieOnlyWhenPicked(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client()
	for _, p := range []string{"/", "/?lang=en", "/events", "/login"} {
		if res, _ := a.get(c, p); len(res.Cookies()) > 0 {
			t.Fatalf("GET %s set cookies %v", p, res.Cookies())
		}
	}
	res, body := a.get(c, "/events")
	if !strings.Contains(body, `<form class="lang-switch" method="post" action="/language">`) || !strings.Contains(body, `name="next" value="/events"`) {
		t.Fatalf("no language switch form:\n%s", body[:2000])
	}
	res, _ = a.post(c, "/language", url.Values{"lang": {"en"}, "next": {"/events?q=velo"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/events?q=velo" {
		t.Fatalf("pick: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	var ck *http.Cookie
	for _, x := range res.Cookies() {
		if x.Name == "cortege_lang" {
			ck = x
		}
	}
	if ck == nil || ck.Value != "en" || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.MaxAge <= 0 {
		t.Fatalf("language cookie %+v", ck)
	}
	for _, p := range []string{"/", "/groups", "/login"} {
		res, body = a.get(c, p)
		if !strings.Contains(body, `<html lang="en">`) || strings.Contains(body, "?lang=") {
			t.Fatalf("%s after picking English: %d\n%s", p, res.StatusCode, body[:800])
		}
	}
	// ?lang= still wins for one page.
	if _, body = a.get(c, "/?lang=fr"); !strings.Contains(body, `<html lang="fr">`) {
		t.Fatal("?lang= no longer works")
	}
	if res, _ = a.post(c, "/language", url.Values{"lang": {"xx"}}); res.StatusCode != 422 {
		t.Fatalf("unknown language: %d", res.StatusCode)
	}
	// Signed in, the pick changes the account, and no language cookie is set.
	s := a.client()
	a.browserSignIn(s, "ada@example.org", "fr")
	secret := sessionCookie(t, a, s)
	a.post(s, "/welcome", url.Values{"display_name": {"Ada"}, "handle": {"ada"}})
	res, _ = a.post(s, "/language", url.Values{"lang": {"en"}, "next": {"/dashboard"}})
	if res.StatusCode != 303 || len(res.Cookies()) > 0 {
		t.Fatalf("signed-in pick: %d %v", res.StatusCode, res.Cookies())
	}
	if act := a.actor(secret); act.Account.Lang != "en" {
		t.Fatalf("account language = %q", act.Account.Lang)
	}
}
