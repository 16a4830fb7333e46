package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/i18n"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
	"codeberg.org/cortege/cortege/internal/web"
)

// app is a real Cortège (store, service, jobs, mail to a folder) behind the
// web handler, for one test.
type app struct {
	t       testing.TB
	db      *store.DB
	svc     *service.Service
	runner  *jobs.Runner
	mailDir string
	handler http.Handler
	srv     *httptest.Server
	clock   *clock
}

// clock is a settable time for expiry tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newApp(t testing.TB) *app {
	t.Helper()
	db := testkit.OpenDB(t)
	clk := &clock{t: time.Now()}
	db.SetClock(clk.Now)
	dir := t.TempDir()
	a := &app{t: t, db: db, mailDir: filepath.Join(dir, "mail"), clock: clk}
	a.srv = httptest.NewUnstartedServer(nil)
	base := "http://" + a.srv.Listener.Addr().String()
	a.svc = service.New(db, service.Config{BaseURL: base, UploadsDir: filepath.Join(dir, "uploads"), Now: clk.Now})
	a.runner = jobs.NewRunner(db, jobs.Config{Now: clk.Now})
	rend, err := mail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	a.svc.RegisterJobs(a.runner, service.Mailer{Transport: mail.NewDir(a.mailDir), Renderer: rend})
	w, err := web.New(web.Options{Service: a.svc, Catalog: i18n.MustLoad(), BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	a.handler = w.Handler()
	a.srv.Config.Handler = a.handler
	a.srv.Start()
	t.Cleanup(a.srv.Close)
	return a
}

// drain runs every due job (mail).
func (a *app) drain() {
	a.t.Helper()
	if err := a.runner.Drain(context.Background()); err != nil {
		a.t.Fatal(err)
	}
}

// mails returns the messages written so far, oldest first.
func (a *app) mails() []*mailtest.Received {
	a.t.Helper()
	files, _ := filepath.Glob(filepath.Join(a.mailDir, "*.eml"))
	sort.Strings(files)
	var out []*mailtest.Received
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			a.t.Fatal(err)
		}
		m, err := mailtest.ParseEML(b)
		if err != nil {
			a.t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// lastLink returns the path and query of the link in the last mail sent to
// to, that starts with prefix.
func (a *app) lastLink(to, prefix string) string {
	a.t.Helper()
	a.drain()
	ms := a.mails()
	for i := len(ms) - 1; i >= 0; i-- {
		if !strings.Contains(ms[i].Header.Get("To"), to) {
			continue
		}
		for _, l := range ms[i].Links() {
			u, err := url.Parse(l)
			if err == nil && strings.HasPrefix(u.Path, prefix) {
				return u.RequestURI()
			}
		}
	}
	a.t.Fatalf("no %s link mailed to %s", prefix, to)
	return ""
}

// signIn goes through the magic-link flow for email and returns the
// session cookie's value.
func (a *app) signIn(email string) string {
	a.t.Helper()
	if err := a.svc.RequestLogin(context.Background(), cortege.Actor{IP: "192.0.2.9"}, email, "fr"); err != nil {
		a.t.Fatal(err)
	}
	link := a.lastLink(email, "/login/confirm")
	tok := strings.TrimPrefix(link, "/login/confirm?token=")
	secret, _, err := a.svc.ConfirmLogin(context.Background(), cortege.Actor{IP: "192.0.2.9"}, tok)
	if err != nil {
		a.t.Fatal(err)
	}
	testkit.IdentifySession(a.t, a.svc, secret)
	return secret
}

// signInAdmin creates an administrator and returns its session secret.
func (a *app) signInAdmin(email string) string {
	a.t.Helper()
	link, err := a.svc.CreateAdmin(context.Background(), email, "Admin")
	if err != nil {
		a.t.Fatal(err)
	}
	u, _ := url.Parse(link)
	secret, _, err := a.svc.ConfirmLogin(context.Background(), cortege.Actor{IP: "192.0.2.9"}, u.Query().Get("token"))
	if err != nil {
		a.t.Fatal(err)
	}
	testkit.IdentifySession(a.t, a.svc, secret)
	return secret
}

// actor returns the actor behind a session secret.
func (a *app) actor(secret string) cortege.Actor {
	a.t.Helper()
	act, err := a.svc.SessionActor(context.Background(), secret, "192.0.2.9")
	if err != nil || !act.SignedIn() {
		a.t.Fatalf("session actor: %v %+v", err, act)
	}
	return act
}

// req is one HTTP request to the handler.
type req struct {
	method  string
	path    string
	form    url.Values
	session string // cookie value, "" for anonymous
	header  map[string]string
	body    io.Reader
	ctype   string
}

// do runs r through the handler and returns the recorded response.
func (a *app) do(r req) *httptest.ResponseRecorder {
	a.t.Helper()
	if r.method == "" {
		r.method = http.MethodGet
	}
	body := r.body
	if r.form != nil {
		body = strings.NewReader(r.form.Encode())
		r.ctype = "application/x-www-form-urlencoded"
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	hr.RemoteAddr = "192.0.2.10:4242"
	if r.ctype != "" {
		hr.Header.Set("Content-Type", r.ctype)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	if r.session != "" {
		hr.AddCookie(&http.Cookie{Name: "cortege_session", Value: r.session})
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, hr)
	return rec
}

// client is an HTTP client with a cookie jar that does not follow
// redirects, over the real listener.
func (a *app) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
