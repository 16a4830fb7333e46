package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
	"codeberg.org/cortege/cortege/internal/i18n"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

const testBaseURL = "https://cortege.test"

// env is the API mounted on a mux over a real, freshly migrated database.
type env struct {
	t      *testing.T
	db     *store.DB
	svc    *service.Service
	cat    *i18n.Catalog
	mux    *http.ServeMux
	logs   *syncBuffer
	tokens map[string]string // who → bearer token
	// vars fill "$name" in the paths and bodies of later scenarios, for
	// IDs known only once an earlier scenario has run.
	vars map[string]string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := testkit.OpenDB(t)
	svc := service.New(db, service.Config{BaseURL: testBaseURL, UploadsDir: t.TempDir()})
	cat := i18n.MustLoad()
	logs := &syncBuffer{}
	a := api.New(api.Options{Service: svc, Catalog: cat, BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	mux := http.NewServeMux()
	a.Register(mux)
	return &env{t: t, db: db, svc: svc, cat: cat, mux: mux, logs: logs, tokens: map[string]string{}, vars: map[string]string{}}
}

// user returns a bearer token for the account of who@example.org,
// creating the account on first use.
func (e *env) user(who string) string {
	e.t.Helper()
	if tok, ok := e.tokens[who]; ok {
		return tok
	}
	tok := testkit.Token(e.t, e.svc, who+"@example.org")
	e.tokens[who] = tok
	return tok
}

// admin returns a bearer token for an administrator named who.
func (e *env) admin(who string) string {
	e.t.Helper()
	if _, err := e.svc.CreateAdmin(context.Background(), who+"@example.org", who); err != nil {
		e.t.Fatalf("admin %s: %v", who, err)
	}
	return e.user(who)
}

// request describes one HTTP call; Body is sent as application/json
// unless Header sets another Content-Type.
type request struct {
	Method string
	Path   string
	Token  string
	Body   string
	Header map[string]string
}

func (e *env) do(q request) *httptest.ResponseRecorder {
	e.t.Helper()
	var body *strings.Reader
	if q.Body != "" {
		body = strings.NewReader(q.Body)
	} else {
		body = strings.NewReader("")
	}
	r := httptest.NewRequest(q.Method, q.Path, body)
	if q.Body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if q.Token != "" {
		r.Header.Set("Authorization", "Bearer "+q.Token)
	}
	for k, v := range q.Header {
		if v == "" {
			r.Header.Del(k)
		} else {
			r.Header.Set(k, v)
		}
	}
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, r)
	return w
}

// decodeAs decodes a response body into a fresh T, failing on unknown
// fields so tests notice fields the types do not declare.
func decodeAs[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %T from %q: %v", v, w.Body.String(), err)
	}
	return v
}

// scenario is one line of an HTTP test table.
type scenario struct {
	name string
	req  request
	// status is the expected status; for errors, code and field are the
	// expected error code and field ("" meaning no field).
	status int
	code   string
	field  string
	// contains and absent are substrings the body must and must not hold.
	contains []string
	absent   []string
	// noRoute expects the 404 of an unknown route; any other expected 404
	// must come from a handler, not from a mistyped path.
	noRoute bool
	// check inspects the answer further.
	check func(t *testing.T, w *httptest.ResponseRecorder)
}

// expand replaces "$name" with e.vars[name], longest names first.
func (e *env) expand(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var pairs []string
	for k, v := range e.vars {
		pairs = append(pairs, "$"+k, v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// run plays scenarios in order (later ones may rely on earlier ones).
func (e *env) run(scenarios []scenario) {
	e.t.Helper()
	for _, sc := range scenarios {
		e.t.Run(sc.name, func(t *testing.T) {
			sc.req.Path, sc.req.Body, sc.req.Token = e.expand(sc.req.Path), e.expand(sc.req.Body), e.expand(sc.req.Token)
			w := e.do(sc.req)
			if w.Code != sc.status {
				t.Fatalf("%s %s: status %d, want %d; body %s", sc.req.Method, sc.req.Path, w.Code, sc.status, w.Body.String())
			}
			if w.Code != http.StatusNoContent {
				checkJSONAnswer(t, w)
			}
			if w.Code >= 400 {
				checkError(t, w, sc.code, sc.field)
			}
			if isNoRoute := !routeExists(sc.req.Method, sc.req.Path); w.Code == 404 && isNoRoute != sc.noRoute {
				t.Errorf("unknown-route 404 = %v, want %v: %s", isNoRoute, sc.noRoute, w.Body.String())
			}
			for _, s := range sc.contains {
				s = e.expand(s)
				if !strings.Contains(w.Body.String(), s) {
					t.Errorf("body lacks %q: %s", s, w.Body.String())
				}
			}
			for _, s := range sc.absent {
				if strings.Contains(w.Body.String(), s) {
					t.Errorf("body holds %q: %s", s, w.Body.String())
				}
			}
			if sc.check != nil {
				sc.check(t, w)
			}
		})
	}
}

// checkJSONAnswer checks the Content-Type and that the body is JSON.
func checkJSONAnswer(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if !json.Valid(w.Body.Bytes()) {
		t.Errorf("body is not JSON: %q", w.Body.String())
	}
}

// checkError checks the error shape: exactly {"error":{"code","message"[,
// "field"]}}, with the expected code and field, a message, and the
// challenge on 401.
func checkError(t *testing.T, w *httptest.ResponseRecorder, code, field string) {
	t.Helper()
	eb := decodeAs[api.ErrorBody](t, w)
	if eb.Error.Code != code {
		t.Errorf("error code %q, want %q (%s)", eb.Error.Code, code, w.Body.String())
	}
	if eb.Error.Field != field {
		t.Errorf("error field %q, want %q (%s)", eb.Error.Field, field, w.Body.String())
	}
	if eb.Error.Message == "" {
		t.Errorf("error without message: %s", w.Body.String())
	}
	if w.Code == http.StatusUnauthorized && !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("401 without a Bearer challenge: %q", w.Header().Get("WWW-Authenticate"))
	}
	if w.Code >= 500 && code != "internal" {
		t.Errorf("status %d for a request error", w.Code)
	}
}

// syncBuffer collects log output from concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// jsonText is s as it appears inside a JSON string.
func jsonText(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Trim(string(b), `"`)
}

// routeExists reports whether a route of the table serves method and path.
func routeExists(method, path string) bool {
	if method == "HEAD" {
		method = "GET"
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	u, err := url.PathUnescape(path)
	if err != nil {
		return false
	}
	for _, rt := range api.RouteTable() {
		if rt.Method == method && api.MatchPath(rt.Path, u) {
			return true
		}
	}
	return false
}
