package api_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
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
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// petitionEnv is the API env with the jobs and the mail of the service
// (written as .eml files, as testkit's App does), and a clock that stands
// still unless the test moves it, so a burst falls in one minute.
type petitionEnv struct {
	*env
	runner  *jobs.Runner
	mailDir string
	clock   *testClock
}

func newPetitionEnv(t *testing.T) *petitionEnv {
	t.Helper()
	return newPetitionEnvWith(t, nil)
}

// newPetitionEnvWith is newPetitionEnv with the service's configuration
// changed by set before the service is built.
func newPetitionEnvWith(t *testing.T, set func(*service.Config)) *petitionEnv {
	t.Helper()
	db := testkit.OpenDB(t)
	clock := startClock()
	db.SetClock(clock.Now)
	dir := t.TempDir()
	runner := jobs.NewRunner(db, jobs.Config{Now: clock.Now})
	// The per-address limit is the service's (tested there); every request
	// of these tests comes from one address.
	cfg := service.Config{BaseURL: testBaseURL, UploadsDir: filepath.Join(dir, "uploads"), Now: clock.Now,
		SignLimits: service.SignLimits{PerIP: 1000}}
	if set != nil {
		set(&cfg)
	}
	svc := service.New(db, cfg)
	r, err := mail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	svc.RegisterJobs(runner, service.Mailer{Transport: mail.NewDir(filepath.Join(dir, "mail")), Renderer: r})
	cat := i18n.MustLoad()
	logs := &syncBuffer{}
	a := api.New(api.Options{Service: svc, Catalog: cat, BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	mux := http.NewServeMux()
	a.Register(mux)
	e := &env{t: t, db: db, svc: svc, cat: cat, mux: mux, logs: logs, tokens: map[string]string{}, vars: map[string]string{}}
	return &petitionEnv{env: e, runner: runner, mailDir: filepath.Join(dir, "mail"), clock: clock}
}

// testClock stands still unless moved.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// advance moves the clock forward.
func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// startClock is a clock ten seconds into the current minute.
func startClock() *testClock {
	return &testClock{t: time.Now().UTC().Truncate(time.Minute).Add(10 * time.Second)}
}

// drain runs the due jobs (mail) now.
func (e *petitionEnv) drain() {
	e.t.Helper()
	if err := e.runner.Drain(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

// mails returns the messages written to addr, oldest first.
func (e *petitionEnv) mails(addr string) []*mailtest.Received {
	e.t.Helper()
	entries, err := os.ReadDir(e.mailDir)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		e.t.Fatal(err)
	}
	var names []string
	for _, d := range entries {
		if strings.HasSuffix(d.Name(), ".eml") {
			names = append(names, d.Name())
		}
	}
	sort.Strings(names)
	var out []*mailtest.Received
	for _, n := range names {
		raw, err := os.ReadFile(filepath.Join(e.mailDir, n))
		if err != nil {
			e.t.Fatal(err)
		}
		m, err := mailtest.ParseEML(raw)
		if err != nil {
			e.t.Fatalf("%s: %v", n, err)
		}
		for _, to := range m.Header["To"] {
			if strings.Contains(strings.ToLower(to), strings.ToLower(addr)) {
				out = append(out, m)
			}
		}
	}
	return out
}

// mailedToken returns the token of the last link with path p mailed to addr.
func (e *petitionEnv) mailedToken(addr, p string) string {
	e.t.Helper()
	ms := e.mails(addr)
	for i := len(ms) - 1; i >= 0; i-- {
		for _, l := range ms[i].Links() {
			if u, err := url.Parse(l); err == nil && u.Path == p && u.Query().Get("token") != "" {
				return u.Query().Get("token")
			}
		}
	}
	e.t.Fatalf("no %s link mailed to %s", p, addr)
	return ""
}

// petitionCounts reads a petition's counter through the API.
func (e *petitionEnv) counts(id string) api.PetitionCounts {
	e.t.Helper()
	w := e.do(request{Method: "GET", Path: "/api/v1/petitions/" + id + "/counts"})
	if w.Code != 200 {
		e.t.Fatalf("counts: %d %s", w.Code, w.Body.String())
	}
	return decodeAs[api.PetitionCounts](e.t, w)
}

// jsonBody marshals v for a request body.
func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
