package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func testHandler(metricsToken string) http.Handler {
	m := NewMetrics()
	return New(Options{
		Routes: []func(*http.ServeMux){func(mux *http.ServeMux) {
			mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "home") })
			mux.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "saved") })
			mux.HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) { panic("secret internal detail") })
			mux.HandleFunc("GET /api/v1/boom", func(w http.ResponseWriter, r *http.Request) { panic("secret internal detail") })
		}},
		ErrorPage: func(w http.ResponseWriter, r *http.Request, status int) {
			w.WriteHeader(status)
			io.WriteString(w, "error page")
		},
		Secure:       true,
		Metrics:      m,
		MetricsToken: metricsToken,
	})
}

func TestServer(t *testing.T) {
	h := testHandler("s3cret")
	for _, tc := range []struct {
		name, method, path string
		header             map[string]string
		status             int
		body               string
		notBody            string
	}{
		{name: "home", method: "GET", path: "/", status: 200, body: "home"},
		{name: "same-origin post", method: "POST", path: "/form", header: map[string]string{"Sec-Fetch-Site": "same-origin"}, status: 200, body: "saved"},
		{name: "script post without browser headers", method: "POST", path: "/form", status: 200, body: "saved"},
		{name: "cross-site post", method: "POST", path: "/form", header: map[string]string{"Sec-Fetch-Site": "cross-site"}, status: 403, body: "error page"},
		{name: "other origin post", method: "POST", path: "/form", header: map[string]string{"Origin": "https://evil.example"}, status: 403},
		{name: "panic html", method: "GET", path: "/boom", status: 500, body: "error page", notBody: "secret"},
		{name: "panic api", method: "GET", path: "/api/v1/boom", status: 500, body: `"code":"internal"`, notBody: "secret"},
		{name: "health", method: "GET", path: "/healthz", status: 200, body: "ok"},
		{name: "metrics without token", method: "GET", path: "/metrics", status: 401},
		{name: "metrics with token", method: "GET", path: "/metrics", header: map[string]string{"Authorization": "Bearer s3cret"}, status: 200, body: "cortege_http_requests_total"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, "https://cortege.example"+tc.path, nil)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d (%s)", rec.Code, tc.status, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tc.body) || tc.notBody != "" && strings.Contains(rec.Body.String(), tc.notBody) {
				t.Fatalf("body %q", rec.Body)
			}
			hdr := rec.Header()
			if hdr.Get("Content-Security-Policy") != CSP || hdr.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(hdr.Get("Strict-Transport-Security"), "max-age=") {
				t.Fatalf("security headers missing: %v", hdr)
			}
		})
	}
}

func TestMetricsOffByDefault(t *testing.T) {
	rec := httptest.NewRecorder()
	testHandler("").ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("/metrics without configuration: %d", rec.Code)
	}
}
