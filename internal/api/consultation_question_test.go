package api_test

import (
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/api"
)

// consultationBody is the body of a new consultation of group (not
// secret, anyone with the link), open from an hour ago.
func consultationBody(t *testing.T, group string) string {
	now := time.Now().UTC()
	return jsonBody(t, map[string]any{"title": "Budget du local", "secret": false,
		"opens_at": now.Add(-time.Hour).Format(time.RFC3339), "closes_at": now.Add(3 * time.Hour).Format(time.RFC3339),
		"tz": "Europe/Paris", "audience": "link", "group": group})
}

// TestConsultationQuestionAPI: a consultation takes a number question with
// its rule and an ideas box through the API, answers the rule back, keeps
// it when other fields change and drops it on null; bad rules are 422 on
// the bound at fault; a vote refuses both kinds; a consultation's ballot
// box sends to its answer form.
func TestConsultationQuestionAPI(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	gid := e.voteGroup("local", alice, bob)
	d := decodeBytes[api.ConsultationDetail](t, e.mustDo(201, request{Method: "POST", Path: "/api/v1/consultations", Token: alice, Body: consultationBody(t, gid)}))
	id := d.Consultation.ID
	qs := "/api/v1/consultations/" + id + "/questions"

	n := decodeBytes[api.ConsultationQuestion](t, e.mustDo(201, request{Method: "POST", Path: qs, Token: alice,
		Body: `{"title":"Combien donneriez-vous ?","kind":"number","number":{"min":0,"max":12.5,"decimal":true}}`}))
	if n.Kind != "number" || n.Number == nil || n.Number.Min == nil || *n.Number.Min != 0 || n.Number.Max == nil || *n.Number.Max != 12.5 || !n.Number.Decimal {
		t.Fatalf("number question: %+v %+v", n, n.Number)
	}
	whole := decodeBytes[api.ConsultationQuestion](t, e.mustDo(201, request{Method: "POST", Path: qs, Token: alice,
		Body: `{"title":"Combien de personnes ?","kind":"number","number":{"min":1,"max":null}}`}))
	if whole.Number == nil || whole.Number.Max != nil || whole.Number.Decimal {
		t.Fatalf("whole number rule: %+v", whole.Number)
	}
	ideas := decodeBytes[api.ConsultationQuestion](t, e.mustDo(201, request{Method: "POST", Path: qs, Token: alice,
		Body: `{"title":"Vos idées","kind":"ideas","number":{"min":1}}`}))
	if ideas.Kind != "ideas" || ideas.Number != nil || !ideas.Blank || ideas.Method != "" {
		t.Fatalf("ideas box: %+v", ideas)
	}

	// PATCH keeps the rule when it is absent, replaces it, removes it on null.
	kept := decodeBytes[api.ConsultationQuestion](t, e.mustDo(200, request{Method: "PATCH", Path: qs + "/" + n.ID, Token: alice, Body: `{"title":"Combien ?"}`}))
	if kept.Number == nil || *kept.Number.Max != 12.5 {
		t.Fatalf("rule lost on a PATCH of the title: %+v", kept.Number)
	}
	changed := decodeBytes[api.ConsultationQuestion](t, e.mustDo(200, request{Method: "PATCH", Path: qs + "/" + n.ID, Token: alice, Body: `{"number":{"max":3}}`}))
	if changed.Number == nil || changed.Number.Min != nil || *changed.Number.Max != 3 || changed.Number.Decimal {
		t.Fatalf("rule replaced: %+v", changed.Number)
	}
	removed := decodeBytes[api.ConsultationQuestion](t, e.mustDo(200, request{Method: "PATCH", Path: qs + "/" + n.ID, Token: alice, Body: `{"number":null}`}))
	if removed.Number != nil {
		t.Fatalf("rule not removed: %+v", removed.Number)
	}

	for _, c := range []struct{ name, method, path, body, field string }{
		{"bounds crossed", "POST", qs, `{"title":"X","kind":"number","number":{"min":5,"max":2}}`, "number.max"},
		{"min too large", "POST", qs, `{"title":"X","kind":"number","number":{"min":1e16}}`, "number.min"},
		{"max too small", "PATCH", qs + "/" + whole.ID, `{"number":{"max":-2e15}}`, "number.max"},
		{"rule not an object", "PATCH", qs + "/" + whole.ID, `{"number":[1,2]}`, "number"},
		{"unknown rule field", "PATCH", qs + "/" + whole.ID, `{"number":{"step":1}}`, "number"},
		{"bound not a number", "POST", qs, `{"title":"X","kind":"number","number":{"min":"1"}}`, "number.min"},
		{"bound not a number on PATCH", "PATCH", qs + "/" + whole.ID, `{"number":{"max":true}}`, "number.max"},
	} {
		w := e.do(request{Method: c.method, Path: c.path, Token: alice, Body: c.body})
		if w.Code != 422 && w.Code != 400 {
			t.Errorf("%s: %d %s", c.name, w.Code, w.Body.String())
			continue
		}
		if got := decodeAs[api.ErrorBody](t, w).Error.Field; got != c.field {
			t.Errorf("%s: error on %q, want %q: %s", c.name, got, c.field, w.Body.String())
		}
	}

	// A secret vote takes neither kind.
	v := decodeBytes[api.ConsultationDetail](t, e.mustDo(201, request{Method: "POST", Path: "/api/v1/consultations", Token: alice, Body: voteBody(t, gid, "members")}))
	for _, body := range []string{`{"title":"Vos idées","kind":"ideas"}`, `{"title":"Combien ?","kind":"number","number":{"min":0}}`} {
		w := e.do(request{Method: "POST", Path: "/api/v1/consultations/" + v.Consultation.ID + "/questions", Token: alice, Body: body})
		if w.Code != 422 || decodeAs[api.ErrorBody](t, w).Error.Field != "kind" {
			t.Errorf("a vote took %s: %d %s", body, w.Code, w.Body.String())
		}
	}

	// Opened, the consultation's ballot box sends to its answer form.
	e.mustDo(200, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/open", Token: alice})
	w := e.do(request{Method: "POST", Path: "/api/v1/consultations/" + id + "/ballots", Header: map[string]string{"Accept-Language": "en"},
		Body: `{"answers":[{"question":"q1","blank":true}],"code":"ABCD"}`})
	if w.Code != 409 || !strings.Contains(w.Body.String(), "answer form") {
		t.Errorf("cast on a consultation: %d %s", w.Code, w.Body.String())
	}
}
