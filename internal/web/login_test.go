package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

// post sends a form over the real listener with c.
func (a *app) post(c *http.Client, path string, form url.Values) (*http.Response, string) {
	a.t.Helper()
	res, err := c.PostForm(a.srv.URL+path, form)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	return res, readAll(a.t, res)
}

func (a *app) get(c *http.Client, path string) (*http.Response, string) {
	a.t.Helper()
	res, err := c.Get(a.srv.URL + path)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	return res, readAll(a.t, res)
}

// TestMagicLink follows the emailed sign-in link the way curl would.
func TestMagicLink(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client()

	res, body := a.post(c, "/login", url.Values{"email": {"camille@example.org"}})
	if res.StatusCode != 200 || !strings.Contains(body, "Vérifiez votre boîte mail") || len(res.Cookies()) > 0 {
		t.Fatalf("POST /login: %d cookies %v\n%s", res.StatusCode, res.Cookies(), excerpt(body))
	}
	link := a.lastLink("camille@example.org", "/login/confirm")

	// The GET only shows a button: twice, no cookie, nothing used.
	for range 2 {
		res, body = a.get(c, link)
		if res.StatusCode != 200 || !strings.Contains(body, `action="/login/confirm"`) || len(res.Cookies()) > 0 {
			t.Fatalf("GET confirm: %d %v\n%s", res.StatusCode, res.Cookies(), excerpt(body))
		}
	}
	tok := strings.TrimPrefix(link, "/login/confirm?token=")
	if !strings.Contains(body, `name="token" value="`+tok+`"`) {
		t.Fatal("confirmation form lacks the token")
	}

	// The POST signs in once.
	res, _ = a.post(c, "/login/confirm", url.Values{"token": {tok}})
	// A first sign-in lands on the identity step (identity_test.go).
	if res.StatusCode != 303 || res.Header.Get("Location") != "/welcome" {
		t.Fatalf("POST confirm: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	var sess *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "cortege_session" {
			sess = ck
		}
	}
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Path != "/" || sess.MaxAge != 30*24*3600 || sess.Secure {
		t.Fatalf("session cookie %+v", sess)
	}
	if res, _ = a.post(c, "/welcome", url.Values{"display_name": {"camille"}, "handle": {"camille"}}); res.StatusCode != 303 {
		t.Fatalf("identity step: %d", res.StatusCode)
	}
	res, body = a.get(c, "/dashboard")
	if res.StatusCode != 200 || !strings.Contains(body, "Bonjour, camille") {
		t.Fatalf("dashboard after sign-in: %d", res.StatusCode)
	}

	// A second POST with the same token fails cleanly, without a cookie.
	fresh := a.client()
	res, body = a.post(fresh, "/login/confirm", url.Values{"token": {tok}})
	if res.StatusCode != http.StatusGone || !strings.Contains(body, "n’est plus valable") || len(res.Cookies()) > 0 || !strings.Contains(body, `href="/login"`) {
		t.Fatalf("reused token: %d %v\n%s", res.StatusCode, res.Cookies(), excerpt(body))
	}
	res, _ = a.get(fresh, link)
	if res.StatusCode != http.StatusGone {
		t.Fatalf("GET used link: %d", res.StatusCode)
	}

	// A link older than 10 minutes fails cleanly.
	a.post(fresh, "/login", url.Values{"email": {"camille@example.org"}})
	old := a.lastLink("camille@example.org", "/login/confirm")
	a.clock.Add(cortege.LoginTokenTTL + time.Minute)
	res, body = a.get(fresh, old)
	if res.StatusCode != http.StatusGone || !strings.Contains(body, "Demander un nouveau lien") {
		t.Fatalf("expired GET: %d", res.StatusCode)
	}
	res, _ = a.post(fresh, "/login/confirm", url.Values{"token": {strings.TrimPrefix(old, "/login/confirm?token=")}})
	if res.StatusCode != http.StatusGone || len(res.Cookies()) > 0 {
		t.Fatalf("expired POST: %d %v", res.StatusCode, res.Cookies())
	}
}

// TestLoginSameAnswer checks that known and unknown addresses get the same
// page (but for the address echoed).
func TestLoginSameAnswer(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	a.signIn("known@example.org")
	c := a.client()
	r1, b1 := a.post(c, "/login", url.Values{"email": {"known@example.org"}})
	r2, b2 := a.post(c, "/login", url.Values{"email": {"nobody@example.org"}})
	if r1.StatusCode != r2.StatusCode || len(r1.Cookies())+len(r2.Cookies()) > 0 {
		t.Fatalf("statuses %d %d", r1.StatusCode, r2.StatusCode)
	}
	if strings.ReplaceAll(b1, "known@example.org", "X") != strings.ReplaceAll(b2, "nobody@example.org", "X") {
		t.Error("known and unknown addresses get different pages")
	}
}

// TestLoginLanguage checks that an anonymous visitor's ?lang= carries
// through the form and into the mail.
func TestLoginLanguage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	rec := a.do(req{path: "/login?lang=en", header: map[string]string{"Accept-Language": "fr"}})
	if !strings.Contains(rec.Body.String(), `action="/login?lang=en"`) || !strings.Contains(rec.Body.String(), `lang="en"`) {
		t.Fatalf("form does not carry lang\n%s", excerpt(rec.Body.String()))
	}
	rec = a.do(req{method: "POST", path: "/login?lang=en", form: url.Values{"email": {"ada@example.org"}}})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Check your mailbox") {
		t.Fatalf("check-mail page: %d", rec.Code)
	}
	a.drain()
	ms := a.mails()
	if len(ms) != 1 || ms[0].Header.Get("Content-Language") != "en" {
		t.Fatalf("mail language: %d mails %q", len(ms), ms[0].Header.Get("Content-Language"))
	}
}

// TestLoginPassword signs in with a password set in settings.
func TestLoginPassword(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	s := a.signIn("camille@example.org")
	rec := a.do(req{method: "POST", path: "/settings/password", session: s, form: url.Values{"password": {"une phrase assez longue"}}})
	if rec.Code != 303 || rec.Header().Get("Location") != "/settings?ok=password" {
		t.Fatalf("set password: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = a.do(req{method: "POST", path: "/login/password", form: url.Values{"email": {"camille@example.org"}, "password": {"wrong password!"}}})
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Adresse ou mot de passe incorrect") || strings.Contains(rec.Body.String(), "wrong password!") {
		t.Fatalf("wrong password: %d\n%s", rec.Code, excerpt(rec.Body.String()))
	}
	if !strings.Contains(rec.Body.String(), `value="camille@example.org"`) || !strings.Contains(rec.Body.String(), "<details class=\"disclosure\" open>") {
		t.Error("the password form does not come back open with the address kept")
	}
	rec = a.do(req{method: "POST", path: "/login/password", form: url.Values{"email": {"camille@example.org"}, "password": {"une phrase assez longue"}, "next": {"/settings/tokens"}}})
	if rec.Code != 303 || rec.Header().Get("Location") != "/settings/tokens" || !strings.Contains(rec.Header().Get("Set-Cookie"), "cortege_session=") {
		t.Fatalf("password sign-in: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = a.do(req{method: "POST", path: "/login/password", form: url.Values{"email": {"camille@example.org"}, "password": {"une phrase assez longue"}, "next": {"//evil.example/"}}})
	if rec.Header().Get("Location") != "/dashboard" {
		t.Fatalf("open redirect: %q", rec.Header().Get("Location"))
	}
	// Removing the password.
	rec = a.do(req{method: "POST", path: "/settings/password", session: s, form: url.Values{"remove": {"1"}}})
	if rec.Code != 303 {
		t.Fatalf("remove password: %d", rec.Code)
	}
	rec = a.do(req{method: "POST", path: "/login/password", form: url.Values{"email": {"camille@example.org"}, "password": {"une phrase assez longue"}}})
	if rec.Code != 422 {
		t.Fatalf("removed password still works: %d", rec.Code)
	}
}

// TestLogout checks sign-out and sign-out everywhere.
func TestLogout(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	s1 := a.signIn("camille@example.org")
	s2 := a.signIn("camille@example.org")
	rec := a.do(req{method: "POST", path: "/logout", session: s1})
	if rec.Code != 303 || !strings.HasPrefix(rec.Header().Get("Location"), "/?") || !strings.Contains(rec.Header().Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("logout: %d %q %q", rec.Code, rec.Header().Get("Location"), rec.Header().Get("Set-Cookie"))
	}
	if rec := a.do(req{path: "/dashboard", session: s1}); rec.Code != 303 {
		t.Fatalf("session still works after logout: %d", rec.Code)
	}
	if rec := a.do(req{path: "/dashboard", session: s2}); rec.Code != 200 {
		t.Fatalf("other session ended too: %d", rec.Code)
	}
	s3 := a.signIn("camille@example.org")
	if rec := a.do(req{method: "POST", path: "/logout/everywhere", session: s3}); rec.Code != 303 {
		t.Fatalf("logout everywhere: %d", rec.Code)
	}
	for _, s := range []string{s2, s3} {
		if rec := a.do(req{path: "/dashboard", session: s}); rec.Code != 303 {
			t.Fatalf("session survives sign-out everywhere: %d", rec.Code)
		}
	}
	// A stale cookie is expired, and the page is the anonymous one.
	rec = a.do(req{path: "/", session: s1})
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("stale cookie: %d %q", rec.Code, rec.Header().Get("Set-Cookie"))
	}
}

// TestLoginRateLimit shows the rate-limit message on the form with 429.
func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	var rec = a.do(req{method: "POST", path: "/login", form: url.Values{"email": {"x@example.org"}}})
	for i := 0; i < 10 && rec.Code == 200; i++ {
		rec = a.do(req{method: "POST", path: "/login", form: url.Values{"email": {"x@example.org"}}})
	}
	if rec.Code != 429 || !strings.Contains(rec.Body.String(), "Trop de tentatives") || !strings.Contains(rec.Body.String(), `value="x@example.org"`) {
		t.Fatalf("rate limit: %d\n%s", rec.Code, excerpt(rec.Body.String()))
	}
}

// TestRegistrationApproval: a new account waits for approval; the
// administrator approves it and the person can then sign in.
func TestRegistrationApproval(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	adm := a.signInAdmin("root@example.org")
	form := url.Values{"name": {"Ville en commun"}, "description": {"Une instance."}, "contact": {"contact@example.org"}, "registrations": {"approval"}, "default_lang": {"fr"}}
	if rec := a.do(req{method: "POST", path: "/admin", session: adm, form: form}); rec.Code != 303 {
		t.Fatalf("save settings: %d\n%s", rec.Code, excerpt(rec.Body.String()))
	}
	rec := a.do(req{path: "/"})
	if !strings.Contains(rec.Body.String(), "Ville en commun") || !strings.Contains(rec.Body.String(), "contact@example.org") {
		t.Fatal("home does not show the new settings")
	}
	a.do(req{method: "POST", path: "/login", form: url.Values{"email": {"new@example.org"}}})
	link := a.lastLink("new@example.org", "/login/confirm")
	rec = a.do(req{method: "POST", path: "/login/confirm", form: url.Values{"token": {strings.TrimPrefix(link, "/login/confirm?token=")}}})
	if rec.Code != 403 || !strings.Contains(rec.Body.String(), "attend la validation") || rec.Header().Get("Set-Cookie") != "" {
		t.Fatalf("pending sign-in: %d\n%s", rec.Code, excerpt(rec.Body.String()))
	}
	pg, err := a.svc.Accounts(context.Background(), a.actor(adm), "new@", 1)
	if err != nil || len(pg.Accounts) != 1 || pg.Accounts[0].Status != cortege.AccountPending {
		t.Fatalf("pending account: %v %+v", err, pg)
	}
	id := pg.Accounts[0].ID
	rec = a.do(req{path: "/admin/accounts", session: adm})
	if !strings.Contains(rec.Body.String(), `action="/admin/accounts/`+id+`/status"`) {
		t.Fatal("the list offers no approval")
	}
	if rec := a.do(req{method: "POST", path: "/admin/accounts/" + id + "/status", session: adm, form: url.Values{"status": {"active"}}}); rec.Code != 303 {
		t.Fatalf("approve: %d", rec.Code)
	}
	a.signIn("new@example.org")
}

// FuzzLoginConfirm sends arbitrary tokens and "next" values to the
// emailed-link pages: never a 5xx, never a cookie, never a redirect to
// another origin.
func FuzzLoginConfirm(f *testing.F) {
	for _, s := range []string{"", "abc", strings.Repeat("A", 43), "%zz", "\x00\xff", "//evil.example", "/settings"} {
		f.Add(s, s)
	}
	a := newApp(f)
	f.Fuzz(func(t *testing.T, token, next string) {
		a.t = t
		q := url.Values{"token": {token}, "next": {next}}
		for _, r := range []req{
			{path: "/login/confirm?" + q.Encode()},
			{method: "POST", path: "/login/confirm", form: q},
			{path: "/settings/email/confirm?" + q.Encode()},
			{method: "POST", path: "/settings/email/confirm", form: q},
			{path: "/login?" + q.Encode()},
			{method: "POST", path: "/login/password", form: url.Values{"email": {token}, "password": {next}, "next": {next}}},
		} {
			rec := a.do(r)
			if rec.Code >= 500 || rec.Header().Get("Set-Cookie") != "" {
				t.Fatalf("%s %s: %d %q", r.method, r.path, rec.Code, rec.Header().Get("Set-Cookie"))
			}
			if loc := rec.Header().Get("Location"); loc != "" && !strings.HasPrefix(loc, "/") || strings.HasPrefix(rec.Header().Get("Location"), "//") {
				t.Fatalf("redirect to %q", rec.Header().Get("Location"))
			}
		}
	})
}

// TestMagicLinkKeepsNext: asked for from a page (an invitation, say), the
// sign-in link brings the person back there; a foreign "next" is dropped.
func TestMagicLinkKeepsNext(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client()
	next := "/invitations/accept?token=abc"
	a.post(c, "/login", url.Values{"email": {"invitee@example.org"}, "next": {next}})
	link := a.lastLink("invitee@example.org", "/login/confirm")
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("next") != next {
		t.Fatalf("link %q does not carry next", link)
	}
	res, body := a.get(c, link)
	if res.StatusCode != 200 || !strings.Contains(body, `name="next" value="/invitations/accept?token=abc"`) {
		t.Fatalf("confirm page lacks next:\n%s", excerpt(body))
	}
	res, _ = a.post(c, "/login/confirm", url.Values{"token": {u.Query().Get("token")}, "next": {next}})
	// A new account chooses its public name first, then goes on to next.
	if res.StatusCode != 303 || res.Header.Get("Location") != "/welcome?next="+url.QueryEscape(next) {
		t.Fatalf("POST confirm: %d %q", res.StatusCode, res.Header.Get("Location"))
	}

	a.post(c, "/login", url.Values{"email": {"other@example.org"}, "next": {"//evil.example/x"}})
	if link := a.lastLink("other@example.org", "/login/confirm"); strings.Contains(link, "next=") {
		t.Fatalf("foreign next carried: %q", link)
	}
}
