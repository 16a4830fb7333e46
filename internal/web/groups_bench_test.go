package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// benchGroup makes a public group with a description, ten posts and a
// discussion, administered by camille, and returns her session.
func benchGroup(b *testing.B, a *app) string {
	s := a.signIn("camille@example.org")
	act := a.actor(s)
	ctx := context.Background()
	g, err := a.svc.CreateGroup(ctx, act, service.GroupInput{Handle: "velo", Name: "Vélorution", Description: "Nous **roulons** ensemble.\n\n- balades\n- ateliers", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen, Address: "Lyon"})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 10 {
		if _, err := a.svc.CreatePost(ctx, act, g.ID, service.PostInput{Title: fmt.Sprint("Annonce ", i), Body: "Texte *riche* de l’annonce.", Visibility: cortege.PostPublic, Publish: true}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := a.svc.StartDiscussion(ctx, act, g.ID, "Fil", "Bonjour"); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkGroupPage renders /@handle of a group for an anonymous visitor:
// group, counts, members, posts with authors, events.
func BenchmarkGroupPage(b *testing.B) {
	a := newApp(b)
	benchGroup(b, a)
	r := httptest.NewRequest("GET", "/@velo", nil)
	for b.Loop() {
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkGroupDirectory renders the directory searching for a word.
func BenchmarkGroupDirectory(b *testing.B) {
	a := newApp(b)
	benchGroup(b, a)
	r := httptest.NewRequest("GET", "/groups?q=velorution", nil)
	for b.Loop() {
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkGroupDashboard renders the dashboard of a group administrator.
func BenchmarkGroupDashboard(b *testing.B) {
	a := newApp(b)
	s := benchGroup(b, a)
	for b.Loop() {
		if rec := a.do(req{path: "/dashboard", session: s}); rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
