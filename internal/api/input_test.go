package api_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
)

// The API holds the input contract the web holds, from the same rules in
// the domain: dates between 1900 and 2200 (computed ends included), no
// invalid UTF-8 (refused, no longer replaced by U+FFFD), no character
// that makes a text show other than it reads, each refusal naming its
// field with a message in the reader's language.
func TestInputContract(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	says := func(msg string) func(t *testing.T, w *httptest.ResponseRecorder) {
		return func(t *testing.T, w *httptest.ResponseRecorder) {
			if !strings.Contains(w.Body.String(), msg) {
				t.Errorf("message lacks %q: %s", msg, w.Body.String())
			}
		}
	}
	e.run([]scenario{
		{name: "year 9999", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Marche","start":"9999-12-31T10:00:00Z"}`},
			status: 422, code: "invalid", field: "start", check: says("1900")},
		{name: "year 1800", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Marche","start":"1800-01-01T10:00:00Z"}`},
			status: 422, code: "invalid", field: "start"},
		{name: "local time in 9999", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Marche","start":"9999-12-31T23:30","tz":"Pacific/Honolulu"}`},
			status: 422, code: "invalid", field: "start"},
		{name: "end past 2200", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Marche","start":"2200-12-31T10:00:00Z","end":"2201-01-02T10:00:00Z"}`},
			status: 422, code: "invalid", field: "end"},
		{name: "default end past 2200", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Marche","start":"2200-12-31T23:00:00Z"}`},
			status: 422, code: "invalid", field: "start"},
		{name: "series until 2300", req: request{Method: "POST", Path: "/api/v1/events", Token: alice,
			Body: `{"title":"Marche","start":"2030-01-07T18:00:00Z","repeat":{"freq":"weekly","until":"2300-01-01"}}`}, status: 422, code: "invalid", field: "until"},
		{name: "search from 9999", req: request{Method: "GET", Path: "/api/v1/events?from=9999-01-01"}, status: 422, code: "invalid", field: "from"},
		{name: "the last year", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Marche","start":"2200-12-31T10:00:00Z"}`},
			status: 201, check: func(t *testing.T, w *httptest.ResponseRecorder) { e.vars["last"] = idIn(w.Body.String()) },
			contains: []string{`"start":"2200-12-31T10:00:00Z"`}},
		{name: "invalid UTF-8 in a title", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: "{\"title\":\"Marche \xff\",\"start\":\"2030-01-07T18:00:00Z\"}"},
			status: 400, code: "invalid", field: "title"},
		{name: "lone surrogate in a group name", req: request{Method: "POST", Path: "/api/v1/groups", Token: alice,
			Body: `{"handle":"velo","name":"V\udc00lo","visibility":"public","join_mode":"open"}`}, status: 400, code: "invalid", field: "name"},
		{name: "right-to-left override in a title", req: request{Method: "POST", Path: "/api/v1/events", Token: alice,
			Body: `{"title":"\u202eecila","start":"2030-01-07T18:00:00Z"}`}, status: 422, code: "invalid", field: "title", check: says("sens de lecture")},
		{name: "bob reads English", req: request{Method: "PATCH", Path: "/api/v1/me", Token: bob, Body: `{"lang":"en"}`}, status: 200},
		{name: "in English", req: request{Method: "POST", Path: "/api/v1/events", Token: bob,
			Body: `{"title":"\u202eecila","start":"2030-01-07T18:00:00Z"}`}, status: 422, code: "invalid", field: "title", check: says("reading direction")},
		{name: "zero-width space in a display name", req: request{Method: "POST", Path: "/api/v1/profiles", Token: alice,
			Body: `{"handle":"alice2","display_name":"al\u200bice"}`}, status: 422, code: "invalid", field: "display_name"},
		{name: "BOM in a group name", req: request{Method: "POST", Path: "/api/v1/groups", Token: alice,
			Body: `{"handle":"velo","name":"\ufeffVélo","visibility":"public","join_mode":"open"}`}, status: 422, code: "invalid", field: "name"},
		{name: "line separator in a tag", req: request{Method: "POST", Path: "/api/v1/events", Token: alice,
			Body: `{"title":"Marche","start":"2030-01-07T18:00:00Z","tags":["a\u2028b"]}`}, status: 422, code: "invalid", field: "tags"},
		{name: "isolate in a question", req: request{Method: "POST", Path: "/api/v1/events", Token: alice,
			Body: `{"title":"Marche","start":"2030-01-07T18:00:00Z","questions":[{"label":"\u2067Repas","kind":"text"}]}`}, status: 422, code: "invalid", field: "questions"},
		{name: "bidi override in a description", req: request{Method: "POST", Path: "/api/v1/events", Token: alice,
			Body: `{"title":"Marche","start":"2030-01-07T18:00:00Z","description":"ligne\n\u202dcachée"}`}, status: 422, code: "invalid", field: "description"},
		{name: "emoji and lines stay", req: request{Method: "POST", Path: "/api/v1/events", Token: alice,
			Body: `{"title":"Marche des fiertés 🏳️‍🌈","start":"2030-01-07T18:00:00Z","description":"ligne 1\nligne 2"}`}, status: 201},
	})
	if w := e.do(request{Method: "GET", Path: "/api/v1/events/" + e.vars["last"] + "/calendar.ics", Token: alice}); !strings.Contains(w.Body.String(), ":22001231T") {
		t.Errorf("no four-digit DTSTART: %s", w.Body.String())
	}
}

// A request whose client went away while it was handled (its context
// canceled, the database call failing with context.Canceled) is answered
// 499 and not logged as a failure of the server.
func TestAbandonedRequest(t *testing.T) {
	e := newEnv(t)
	tok := e.user("alice")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequestWithContext(ctx, "GET", "/api/v1/events?q=marche", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, r)
	if w.Code != 499 {
		t.Errorf("status %d, want 499", w.Code)
	}
	if strings.Contains(e.logs.String(), "failed") {
		t.Errorf("logged as a failure: %s", e.logs.String())
	}
}
