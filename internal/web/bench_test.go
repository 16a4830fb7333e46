package web_test

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkHome renders the anonymous home page: settings read, template,
// no session.
func BenchmarkHome(b *testing.B) {
	a := newApp(b)
	r := httptest.NewRequest("GET", "/", nil)
	for b.Loop() {
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkPublicProfile renders /@handle for an anonymous visitor.
func BenchmarkPublicProfile(b *testing.B) {
	a := newApp(b)
	a.signIn("camille@example.org")
	r := httptest.NewRequest("GET", "/@camille", nil)
	for b.Loop() {
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkDashboard renders a signed-in page: session lookup, profiles,
// layout with the profile switcher.
func BenchmarkDashboard(b *testing.B) {
	a := newApp(b)
	s := a.signIn("camille@example.org")
	for b.Loop() {
		if rec := a.do(req{path: "/dashboard", session: s}); rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
