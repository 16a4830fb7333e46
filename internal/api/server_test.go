package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
	"codeberg.org/cortege/cortege/internal/server"
)

// TestBehindServer mounts the API in the real server stack (headers,
// cross-origin protection, recovery) the way serve does: a script's
// bearer request passes, a browser's cross-site write is refused, and
// every answer carries the security headers.
func TestBehindServer(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	a := api.New(api.Options{Service: e.svc, Catalog: e.cat, BaseURL: testBaseURL})
	h := server.New(server.Options{Routes: []func(*http.ServeMux){a.Register}})
	send := func(method, path, body string, header map[string]string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		for k, v := range header {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	auth := map[string]string{"Authorization": "Bearer " + alice}
	if w := send("POST", "/api/v1/profiles", `{"handle":"scripted","display_name":"S"}`, auth); w.Code != 201 {
		t.Fatalf("bearer POST without Origin: %d %s", w.Code, w.Body.String())
	}
	if w := send("GET", "/api/v1/me", "", auth); w.Code != 200 || w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("GET /me: %d, nosniff %q", w.Code, w.Header().Get("X-Content-Type-Options"))
	}
	cross := map[string]string{"Authorization": "Bearer " + alice, "Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
	w := send("PATCH", "/api/v1/me", `{"lang":"en"}`, cross)
	if w.Code != 403 {
		t.Fatalf("cross-site browser PATCH: %d %s", w.Code, w.Body.String())
	}
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Errorf("cross-site refusal is not JSON: %q", w.Header().Get("Content-Type"))
	}
}
