package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestAuthorisationCrawlCatchesDefects is the crawler's negative control:
// over a few routes, a handler with planted defects — a missing header, a
// cookie for visitors, a members' text shown to all, a refused write
// answered as done, a 500, a cross-origin write let through, the
// petition widget's framing on another petition page — must make
// the crawl fail on each, so a crawl that passes means something.
func TestAuthorisationCrawlCatchesDefects(t *testing.T) {
	if testing.Short() {
		t.Skip("the crawl's control builds two worlds")
	}
	all := crawlTable()
	table := map[string]*crawlRoute{}
	for _, p := range []string{"GET /{$}", "GET /groups", "GET /@{handle}", "DELETE /api/v1/posts/{id}", "GET /@{handle}/members", "POST /@{handle}/follow", "GET /petitions/{id}/signatures"} {
		table[p] = all[p]
	}
	planted := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			switch {
			case r.URL.Path == "/":
				rec := httptest.NewRecorder()
				next.ServeHTTP(rec, r)
				for k, v := range rec.Header() {
					rw.Header()[k] = v
				}
				rw.Header().Set("X-Frame-Options", "SAMEORIGIN") // a weaker header
				http.SetCookie(rw, &http.Cookie{Name: "track", Value: "1"})
				rw.WriteHeader(rec.Code)
				rw.Write(rec.Body.Bytes())
				return
			case strings.HasSuffix(r.URL.Path, "/signatures"):
				// The widget's framing, on a page that is not the widget.
				rec := httptest.NewRecorder()
				next.ServeHTTP(rec, r)
				for k, v := range rec.Header() {
					rw.Header()[k] = v
				}
				rw.Header().Set("Content-Security-Policy", httpx.CSPFramable)
				rw.Header().Del("X-Frame-Options")
				rw.WriteHeader(rec.Code)
				rw.Write(rec.Body.Bytes())
				return
			case r.URL.Path == "/groups":
				rw.Write([]byte("CanaryMembersPost")) // a members' text, to all
				return
			case r.Method == "DELETE" && strings.HasPrefix(r.URL.Path, "/api/v1/posts/"):
				rw.WriteHeader(http.StatusNoContent) // "done", for anyone
				return
			case strings.HasSuffix(r.URL.Path, "/members"):
				http.Error(rw, "planted", http.StatusInternalServerError)
				return
			case strings.HasSuffix(r.URL.Path, "/follow"):
				r.Header.Del("Sec-Fetch-Site") // cross-origin protection blinded
				r.Header.Del("Origin")
			}
			next.ServeHTTP(rw, r)
		})
	}
	c := runCrawl(t, testkit.NewApp(t), table, planted)
	for _, want := range []string{
		"GET / [] as anonymous: X-Frame-Options",
		`GET / [] as anonymous: sets cookie "track"`,
		`GET /groups?q=crawl [] as stranger: shows "CanaryMembersPost"`,
		"DELETE /api/v1/posts/",
		"server error 500",
		"(cross-origin) as",
		"/signatures [petition  moderator] as anonymous: Content-Security-Policy",
		"/signatures [petition  moderator] as anonymous: X-Frame-Options",
	} {
		found := false
		for _, f := range c.failures {
			if strings.Contains(f, want) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("the crawl missed a planted defect (%q); its failures:\n%s", want, strings.Join(c.failures, "\n"))
		}
	}
}
