package testkit

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/api"
	"codeberg.org/cortege/cortege/internal/i18n"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
	"codeberg.org/cortege/cortege/internal/server"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/web"
)

// Clock is a settable clock shared by the store and the service of an App.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// App is the whole Cortège handler on a test server: real store, real
// service, HTML and API routes behind the production middleware, mail
// written as .eml files. Jobs run only when the test calls Drain, so tests
// decide when side effects happen.
type App struct {
	URL     string
	DB      *store.DB
	Service *service.Service
	Runner  *jobs.Runner
	MailDir string
	Clock   *Clock
	Catalog *i18n.Catalog
	Handler http.Handler
	// Routes lists the pattern of every route the handler serves: the
	// pages (those under /@handle/ as "/@{handle}/…"), the API and the
	// server's own.
	Routes []string
}

// PageCacheBytes is the page cache of every App (serve's default), so the
// whole suite runs with it; a WebOption may change it.
const PageCacheBytes = 64 << 20

// WebOption changes an App's web options (say, a tile server).
type WebOption func(*web.Options)

// NewApp starts an App for t, stopped when t ends.
func NewApp(t testing.TB, opts ...WebOption) *App {
	t.Helper()
	return NewAppWith(t, nil, opts...)
}

// NewAppWith is NewApp with the service's configuration changed by set
// (a decoder of pictures, upload limits…) before the service is built.
func NewAppWith(t testing.TB, set func(*service.Config), opts ...WebOption) *App {
	t.Helper()
	return newApp(t, OpenDB(t), set, opts...)
}

// NewNode starts an App over the database at url (a TestDatabaseURL,
// opened again): one of several serve nodes sharing it, with its own pool,
// service, page cache and server. On PostgreSQL it follows the other
// nodes' changes as serve does, and is returned once it listens.
func NewNode(t testing.TB, url string, opts ...WebOption) *App {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := store.OpenAndMigrate(ctx, store.Config{URL: url, MaxConns: 4})
	if err != nil {
		t.Fatalf("open node database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	a := newApp(t, db, nil, opts...)
	if db.Dialect != store.Postgres {
		return a
	}
	follow, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); a.Service.FollowChanges(follow, url) }()
	t.Cleanup(func() { stop(); <-done }) // before the pool closes
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if a.Service.Listening() {
			return a
		}
		if time.Now().After(deadline) {
			t.Fatal("the node does not listen to the others' changes")
		}
	}
}

// newApp builds an App over db.
func newApp(t testing.TB, db *store.DB, set func(*service.Config), opts ...WebOption) *App {
	t.Helper()
	dir := t.TempDir()
	clock := &Clock{t: time.Now().UTC()}
	db.SetClock(clock.Now)
	a := &App{DB: db, MailDir: filepath.Join(dir, "mail"), Clock: clock}
	ts := httptest.NewUnstartedServer(nil)
	a.URL = "http://" + ts.Listener.Addr().String()
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("CORTEGE_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	a.Runner = jobs.NewRunner(db, jobs.Config{Now: clock.Now, Logger: log})
	cfg := service.Config{BaseURL: a.URL, UploadsDir: filepath.Join(dir, "uploads"), Now: clock.Now, Logger: log}
	if set != nil {
		set(&cfg)
	}
	a.Service = service.New(db, cfg)
	renderer, err := mail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	a.Service.RegisterJobs(a.Runner, service.Mailer{Transport: mail.NewDir(a.MailDir), Renderer: renderer})
	if a.Catalog, err = i18n.Load(); err != nil {
		t.Fatal(err)
	}
	wo := web.Options{Service: a.Service, Catalog: a.Catalog, BaseURL: a.URL, Logger: log, PageCacheBytes: PageCacheBytes}
	for _, o := range opts {
		o(&wo)
	}
	w, err := web.New(wo)
	if err != nil {
		t.Fatal(err)
	}
	ap := api.New(api.Options{Service: a.Service, Catalog: a.Catalog, BaseURL: a.URL, Logger: log})
	so := server.Options{
		Routes:    []func(*http.ServeMux){w.Register, ap.Register},
		ErrorPage: w.ErrorPage,
		Health:    func(r *http.Request) error { return a.Service.Health(r.Context()) },
		Logger:    log,
	}
	a.Handler = server.New(so)
	a.Routes = append(append(w.Routes(), ap.Routes()...), server.Routes(so)...)
	ts.Config.Handler = a.Handler
	ts.Start()
	t.Cleanup(ts.Close)
	return a
}

// Drain runs every due job (mail, notifications…) now.
func (a *App) Drain(t testing.TB) {
	t.Helper()
	if err := a.Runner.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// Mails returns every message written so far, oldest first.
func (a *App) Mails(t testing.TB) []*mailtest.Received {
	t.Helper()
	entries, err := os.ReadDir(a.MailDir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".eml") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	out := make([]*mailtest.Received, 0, len(names))
	for _, n := range names {
		raw, err := os.ReadFile(filepath.Join(a.MailDir, n))
		if err != nil {
			t.Fatal(err)
		}
		m, err := mailtest.ParseEML(raw)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out = append(out, m)
	}
	return out
}

// MailsTo returns the messages sent to one address.
func (a *App) MailsTo(t testing.TB, addr string) []*mailtest.Received {
	var out []*mailtest.Received
	for _, m := range a.Mails(t) {
		for _, to := range m.Header["To"] {
			if strings.Contains(strings.ToLower(to), strings.ToLower(addr)) {
				out = append(out, m)
			}
		}
	}
	return out
}

// LastLink returns the last link of the last mail sent to addr that
// contains substr, failing the test when there is none.
func (a *App) LastLink(t testing.TB, addr, substr string) string {
	t.Helper()
	ms := a.MailsTo(t, addr)
	for i := len(ms) - 1; i >= 0; i-- {
		links := ms[i].Links()
		for j := len(links) - 1; j >= 0; j-- {
			if strings.Contains(links[j], substr) {
				return links[j]
			}
		}
	}
	t.Fatalf("no mail to %s with a link containing %q", addr, substr)
	return ""
}

// Client returns an HTTP client with its own cookie jar that does not
// follow redirects (tests check them).
func (a *App) Client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
