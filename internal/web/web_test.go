package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/i18n"
	"codeberg.org/cortege/cortege/internal/testkit"
	"codeberg.org/cortege/cortege/internal/web"
)

// TestRegisterBesideOthers checks that the HTML routes share a mux with
// what the server and the API register, without pattern conflicts.
func TestRegisterBesideOthers(t *testing.T) {
	a := newApp(t)
	w, err := web.New(web.Options{Service: a.svc, Catalog: i18n.MustLoad()})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	w.Register(mux)
	ok := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { rw.Write([]byte("other")) })
	mux.Handle("GET /healthz", ok)
	mux.Handle("GET /metrics", ok)
	mux.Handle("/api/v1/", ok)
	mux.Handle("GET /.well-known/webfinger", ok)
	for path, want := range map[string]string{"/healthz": "other", "/api/v1/me": "other", "/metrics": "other", "/@nobody": "404"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s: %d %.80q", path, rec.Code, rec.Body.String())
		}
	}
}

// TestErrorPage is what the server's recovery and CSRF refusal call: a
// translated page, no database needed, no cookie.
func TestErrorPage(t *testing.T) {
	a := newApp(t)
	w, err := web.New(web.Options{Service: a.svc, Catalog: i18n.MustLoad()})
	if err != nil {
		t.Fatal(err)
	}
	a.db.Close() // the page must not need it
	for _, c := range []struct {
		status int
		lang   string
		want   string
	}{
		{500, "fr", "Une erreur est survenue de notre côté"},
		{500, "en", "Something went wrong on our side"},
		{403, "en", "You do not have access to this page"},
		{404, "fr", "Page introuvable"},
	} {
		r := httptest.NewRequest("POST", "/settings/password", nil)
		r.Header.Set("Accept-Language", c.lang)
		rec := httptest.NewRecorder()
		w.ErrorPage(rec, r, c.status)
		body := rec.Body.String()
		if rec.Code != c.status || !strings.Contains(body, c.want) || !strings.Contains(body, `<html lang="`+c.lang+`">`) || rec.Header().Get("Set-Cookie") != "" {
			t.Errorf("ErrorPage(%d, %s): %d\n%s", c.status, c.lang, rec.Code, excerpt(body))
		}
	}
}

// TestSecureCookie: over https the session cookie is __Host- prefixed and
// Secure.
func TestSecureCookie(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	w, err := web.New(web.Options{Service: a.svc, Catalog: i18n.MustLoad(), BaseURL: "https://cortege.example", Secure: true})
	if err != nil {
		t.Fatal(err)
	}
	h := w.Handler()
	a.do(req{method: "POST", path: "/login", form: url.Values{"email": {"camille@example.org"}}})
	link := a.lastLink("camille@example.org", "/login/confirm")
	r := httptest.NewRequest("POST", "/login/confirm", strings.NewReader(url.Values{"token": {strings.TrimPrefix(link, "/login/confirm?token=")}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res := rec.Result()
	if len(res.Cookies()) != 1 {
		t.Fatalf("cookies %v (status %d)", res.Cookies(), rec.Code)
	}
	c := res.Cookies()[0]
	if c.Name != "__Host-cortege_session" || !c.Secure || !c.HttpOnly || c.Path != "/" || c.Domain != "" {
		t.Fatalf("cookie %+v", c)
	}
	testkit.IdentifySession(t, a.svc, c.Value)
	r = httptest.NewRequest("GET", "/dashboard", nil)
	r.AddCookie(c)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 200 {
		t.Fatalf("dashboard with the secure cookie: %d", rec.Code)
	}
}
