package server

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/httpx"
)

// TestAccessLogQuiet: a handler that asks for it (a ballot's cast) gets an
// access-log line with its route alone; every other request keeps its
// path, status, size and duration.
func TestAccessLogQuiet(t *testing.T) {
	var buf bytes.Buffer
	h := New(Options{Logger: slog.New(slog.NewTextHandler(&buf, nil)), Routes: []func(*http.ServeMux){func(mux *http.ServeMux) {
		mux.HandleFunc("POST /votes/{id}/cast", func(w http.ResponseWriter, r *http.Request) {
			httpx.Quiet(r.Context())
			w.WriteHeader(http.StatusSeeOther)
			io.WriteString(w, "receipt")
		})
		mux.HandleFunc("GET /votes/{id}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "page") })
	}}})
	for _, p := range []string{"/votes/01VOTEID/cast", "/votes/01VOTEID"} {
		method := "GET"
		if strings.HasSuffix(p, "/cast") {
			method = "POST"
		}
		r := httptest.NewRequest(method, p, nil)
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("log lines: %q", lines)
	}
	cast, page := lines[0], lines[1]
	if !strings.Contains(cast, `route="POST /votes/{id}/cast"`) {
		t.Errorf("cast line without its route: %s", cast)
	}
	for _, leak := range []string{"01VOTEID", "status", "bytes", "ms=", "path", "method"} {
		if strings.Contains(cast, leak) {
			t.Errorf("cast line holds %q: %s", leak, cast)
		}
	}
	if !strings.Contains(page, "path=/votes/01VOTEID") || !strings.Contains(page, "status=200") {
		t.Errorf("an ordinary line lost its fields: %s", page)
	}
}
