package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// scenario is one request against the real handler and what must come back
// (PocketBase-style table tests).
type scenario struct {
	name     string
	method   string
	path     string
	form     url.Values
	as       string // "", "user" or "admin"
	header   map[string]string
	status   int
	contains []string
	absent   []string
	location string // prefix of the redirect target
}

func (a *app) run(t *testing.T, sessions map[string]string, scs []scenario) {
	t.Helper()
	for _, sc := range scs {
		t.Run(sc.name, func(t *testing.T) {
			rec := a.do(req{method: sc.method, path: sc.path, form: sc.form, session: sessions[sc.as], header: sc.header})
			body := rec.Body.String()
			if rec.Code != sc.status {
				t.Fatalf("%s %s: status %d, want %d\n%s", sc.method, sc.path, rec.Code, sc.status, excerpt(body))
			}
			for _, s := range sc.contains {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q\n%s", s, excerpt(body))
				}
			}
			for _, s := range sc.absent {
				if strings.Contains(body, s) {
					t.Errorf("body contains %q", s)
				}
			}
			if sc.location != "" && !strings.HasPrefix(rec.Header().Get("Location"), sc.location) {
				t.Errorf("Location %q, want prefix %q", rec.Header().Get("Location"), sc.location)
			}
			if sc.as == "" && rec.Header().Get("Set-Cookie") != "" {
				t.Errorf("anonymous response sets a cookie: %q", rec.Header().Get("Set-Cookie"))
			}
			if rec.Code >= 500 {
				t.Errorf("server error")
			}
			if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				checkCSPSafe(t, body)
			}
		})
	}
}

var inlineHandler = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)

// checkCSPSafe fails when HTML would break under the CSP (inline script,
// style attribute, event handler) or references another origin.
func checkCSPSafe(t *testing.T, body string) {
	t.Helper()
	if m := otherOrigin.FindString(outgoingLink.ReplaceAllString(body, "<a")); m != "" {
		t.Errorf("HTML references another origin: %q", m)
	}
	if strings.Contains(body, "style=") || strings.Contains(body, "<style") || strings.Contains(body, "<script>") || inlineHandler.MatchString(body) {
		t.Error("HTML has inline style, script or event handler, which the CSP forbids")
	}
}

func excerpt(s string) string {
	if i := strings.Index(s, `<main`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500]
	}
	return s
}

func TestPages(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	sessions := map[string]string{"user": a.signIn("camille@example.org"), "admin": a.signInAdmin("root@example.org")}
	fr := map[string]string{"Accept-Language": "fr-FR,fr;q=0.9"}
	en := map[string]string{"Accept-Language": "en-GB,en;q=0.8"}
	a.run(t, sessions, []scenario{
		{name: "home anonymous fr", path: "/", header: fr, status: 200, contains: []string{`<html lang="fr">`, "Se connecter", `href="/login"`}},
		{name: "home anonymous en by header", path: "/", header: en, status: 200, contains: []string{`<html lang="en">`, "Sign in or sign up"}},
		{name: "home lang query wins and propagates", path: "/?lang=en", header: fr, status: 200, contains: []string{`<html lang="en">`, `href="/login?lang=en"`, `action="/language"`, `name="lang" value="fr"`}},
		{name: "home unknown lang query ignored", path: "/?lang=xx", header: fr, status: 200, contains: []string{`<html lang="fr">`}},
		{name: "home signed in", path: "/", as: "user", status: 200, contains: []string{"Mon espace", "@camille", `action="/logout"`}},
		{name: "login form", path: "/login", status: 200, contains: []string{`name="email"`, `action="/login"`, `action="/login/password"`}},
		{name: "login form when signed in", path: "/login", as: "user", status: 303, location: "/dashboard"},
		{name: "login next kept", path: "/login?next=/settings", status: 200, contains: []string{`name="next" value="/settings"`}},
		{name: "login next other origin dropped", path: "/login?next=//evil.example/x", status: 200, contains: []string{`name="next" value=""`}},
		{name: "dashboard anonymous", path: "/dashboard", status: 303, location: "/login?next=%2Fdashboard"},
		{name: "dashboard", path: "/dashboard", as: "user", status: 200, contains: []string{"Bonjour, camille", "@camille"}},
		{name: "settings anonymous", path: "/settings", status: 303, location: "/login?next=%2Fsettings"},
		{name: "POST anonymous comes back to the form's page", method: "POST", path: "/settings/password", form: url.Values{"password": {"x"}}, header: map[string]string{"Referer": "http://example.com/settings?ok=lang"}, status: 303, location: "/login?next=%2Fsettings"},
		{name: "POST anonymous from elsewhere", method: "POST", path: "/settings/password", form: url.Values{"password": {"x"}}, header: map[string]string{"Referer": "http://evil.example/settings"}, status: 303, location: "/login"},
		{name: "settings", path: "/settings", as: "user", status: 200, contains: []string{"camille@example.org", `action="/settings/password"`, `action="/settings/language"`}},
		{name: "profiles", path: "/settings/profiles", as: "user", status: 200, contains: []string{"@camille", "Profil actif"}},
		{name: "tokens", path: "/settings/tokens", as: "user", status: 200, contains: []string{"Aucun jeton"}},
		{name: "public profile", path: "/@camille", status: 200, contains: []string{"<title>camille (@camille)", "@camille"}, absent: []string{"camille@example.org"}},
		{name: "public profile signed in", path: "/@camille", as: "admin", status: 200, absent: []string{"camille@example.org"}},
		{name: "public profile unknown", path: "/@nobody_here", status: 404, contains: []string{"Page introuvable"}},
		{name: "public profile garbage handle", path: "/@" + strings.Repeat("é", 300), status: 404},
		{name: "unknown page", path: "/no/such/page", status: 404, contains: []string{"Page introuvable", `<html lang="fr">`}},
		{name: "unknown page english", path: "/nope", header: en, status: 404, contains: []string{"Page not found"}},
		{name: "GET on a POST route", path: "/logout", status: 404},
		{name: "admin anonymous", path: "/admin", status: 303, location: "/login?next=%2Fadmin"},
		{name: "admin non-admin", path: "/admin", as: "user", status: 403, contains: []string{"Accès refusé"}},
		{name: "admin accounts non-admin", path: "/admin/accounts", as: "user", status: 403},
		{name: "admin post non-admin", method: "POST", path: "/admin", as: "user", form: url.Values{"name": {"x"}}, status: 403},
		{name: "admin", path: "/admin", as: "admin", status: 200, contains: []string{`name="registrations"`, `value="Cortège"`}},
		{name: "admin accounts", path: "/admin/accounts", as: "admin", status: 200, contains: []string{"camille@example.org", "root@example.org"}},
		{name: "admin accounts search", path: "/admin/accounts?q=camille&page=1", as: "admin", status: 200, contains: []string{"camille@example.org"}, absent: []string{"root@example.org"}},
		{name: "admin accounts bad page", path: "/admin/accounts?page=-7&q=" + strings.Repeat("%25", 500), as: "admin", status: 200},
		{name: "admin unknown account", path: "/admin/accounts/NOPE", as: "admin", status: 404},
		{name: "upload unknown", path: "/uploads/" + strings.Repeat("a", 64) + ".jpg", status: 404},
		{name: "upload traversal", path: "/uploads/..%2f..%2fetc%2fpasswd", status: 404},
		{name: "static unknown", path: "/static/app.css", status: 404},
		{name: "export anonymous", path: "/settings/export.json", status: 303, location: "/login"},
	})
}

// otherOrigin matches what makes a browser fetch from another origin by
// itself, or post to one: src, action and formaction, the href of <link>
// and of SVG's <image> and <use>, with a scheme or scheme-relative URL. A
// plain <a href> (say, "open in my maps app") loads nothing until followed.
var otherOrigin = regexp.MustCompile(`(?i)(?:\s(?:src|action|formaction)\s*=\s*"|<(?:link|image|use)\b[^>]*\shref\s*=\s*")(?:[a-z][a-z0-9+.-]*:|//)`)

// outgoingLink is a link people follow to a place typed by a user (an
// event's online link), sent without referrer: navigation, not a request
// the page makes, so checkCSPSafe lets it through.
var outgoingLink = regexp.MustCompile(`<a href="https?://[^"]*" rel="nofollow noopener noreferrer"`)

// TestAnonymousHome checks the promises about an anonymous visit: no
// cookie, no other origin in the HTML, and assets under hashed URLs with a
// long cache.
func TestAnonymousHome(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	res, err := http.Get(a.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b := readAll(t, res)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if c := res.Header.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("anonymous home sets cookies: %q", c)
	}
	checkCSPSafe(t, b)
	css := regexp.MustCompile(`/static/app\.[0-9a-f]{8}\.css`).FindString(b)
	if css == "" {
		t.Fatal("no hashed stylesheet link")
	}
	res2, err := http.Get(a.srv.URL + css)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != 200 || !strings.HasPrefix(res2.Header.Get("Content-Type"), "text/css") || !strings.Contains(res2.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("stylesheet: %d %q %q", res2.StatusCode, res2.Header.Get("Content-Type"), res2.Header.Get("Cache-Control"))
	}
}

func readAll(t testing.TB, res *http.Response) string {
	t.Helper()
	var sb strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return sb.String()
}
