package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/api"
	"codeberg.org/cortege/cortege/internal/service"
)

// openLinkedConsultation opens, through the service, a consultation of a
// group's members asking yes/no, a text shown after "yes" and a whole
// number from 1 to 5, with an ideas box; alice administers the group,
// bob is a member, carol is not.
func openLinkedConsultation(t *testing.T, e *env, audience string) string {
	t.Helper()
	ctx := context.Background()
	actor := func(who string) cortege.Actor { return tokenActor(t, e, who) }
	alice := actor("alice")
	g, err := e.svc.CreateGroup(ctx, alice, service.GroupInput{Handle: "enquete_" + audience, Name: "Enquête", Visibility: cortege.VisibilityPublic, JoinMode: "open"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Join(ctx, actor("bob"), g.ID, ""); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	now := time.Now()
	c, err := e.svc.CreateConsultation(ctx, alice, service.ConsultationInput{Title: "Enquête", TZ: "Europe/Paris",
		Opens: cortege.WallOf(now.Add(-time.Hour), loc), Closes: cortege.WallOf(now.Add(3*time.Hour), loc),
		Audience: audience, MinRole: cortege.GroupMember, GroupID: g.ID})
	if err != nil {
		t.Fatal(err)
	}
	one, five := 1.0, 5.0
	qs := []service.QuestionInput{
		{Title: "Venez-vous ?", Kind: cortege.QuestionYesNo},
		{Title: "Avec quoi ?", Kind: cortege.QuestionText, ShowIf: &cortege.QuestionCondition{Question: "q1", Option: 0}},
		{Title: "Combien ?", Kind: cortege.QuestionNumber, Blank: true, Number: &cortege.NumberRule{Min: &one, Max: &five}},
	}
	if audience != cortege.AudienceCodes {
		qs = append(qs, service.QuestionInput{Title: "Idées", Kind: cortege.QuestionIdeas})
	}
	for _, q := range qs {
		if _, err := e.svc.AddQuestion(ctx, alice, c.ID, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.OpenConsultation(ctx, alice, c.ID); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func TestConsultationResponseAPI(t *testing.T) {
	e := newEnv(t)
	id := openLinkedConsultation(t, e, cortege.AudienceMembers)
	base := "/api/v1/consultations/" + id
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	want := func(what string, w interface{ Result() *http.Response }, code int) {
		t.Helper()
		if got := w.Result().StatusCode; got != code {
			t.Fatalf("%s: %d, want %d", what, got, code)
		}
	}
	body := `{"answers":[{"question":"q1","choices":[0]},{"question":"q2","text":"Un vélo"},{"question":"q3","number":"2"}]}`

	want("anonymous", e.do(request{Method: "POST", Path: base + "/responses", Body: body}), http.StatusUnauthorized)
	want("a stranger", e.do(request{Method: "POST", Path: base + "/responses", Token: carol, Body: body}), http.StatusForbidden)
	w := e.do(request{Method: "POST", Path: base + "/responses", Token: bob, Body: `{"answers":[{"question":"q1","choices":[1]},{"question":"q2","text":"caché"}]}`})
	want("a hidden answer", w, http.StatusUnprocessableEntity)
	if !strings.Contains(w.Body.String(), `"field":"q2"`) {
		t.Fatalf("hidden answer error: %s", w.Body.String())
	}
	w = e.do(request{Method: "POST", Path: base + "/responses", Token: bob, Body: `{"answers":[{"question":"q1","choices":[1]},{"question":"q3","number":"2.5"}]}`})
	want("a decimal", w, http.StatusUnprocessableEntity)
	if !strings.Contains(w.Body.String(), `"field":"q3"`) {
		t.Fatalf("decimal error: %s", w.Body.String())
	}
	w = e.do(request{Method: "POST", Path: base + "/responses", Token: bob, Body: body})
	want("respond", w, http.StatusCreated)
	r := decodeAs[api.Response](t, w)
	if r.Respondent != "member" || len(r.Answers) != 3 || r.Answers[2].Number != "2" {
		t.Fatalf("response %+v", r)
	}
	want("twice", e.do(request{Method: "POST", Path: base + "/responses", Token: bob, Body: body}), http.StatusConflict)
	w = e.do(request{Method: "PUT", Path: base + "/responses/mine", Token: bob, Body: `{"answers":[{"question":"q1","choices":[1]}]}`})
	want("edit", w, http.StatusOK)
	if r := decodeAs[api.Response](t, w); len(r.Answers) != 1 {
		t.Fatalf("edited %+v", r)
	}
	if r := decodeAs[api.Response](t, e.do(request{Method: "GET", Path: base + "/responses/mine", Token: bob})); len(r.Answers) != 1 {
		t.Fatalf("mine %+v", r)
	}
	want("no response of alice", e.do(request{Method: "GET", Path: base + "/responses/mine", Token: alice}), http.StatusNotFound)

	// Organisers only.
	want("a member lists", e.do(request{Method: "GET", Path: base + "/responses", Token: bob}), http.StatusForbidden)
	want("a member exports", e.do(request{Method: "GET", Path: base + "/responses/export", Token: bob}), http.StatusForbidden)
	list := decodeAs[api.ResponseList](t, e.do(request{Method: "GET", Path: base + "/responses?limit=10", Token: alice}))
	if list.Total != 1 || list.Responses[0].Handle != "bob" || list.Next != nil {
		t.Fatalf("list %+v", list)
	}
	want("a bad limit", e.do(request{Method: "GET", Path: base + "/responses?limit=0", Token: alice}), http.StatusUnprocessableEntity)
	w = e.do(request{Method: "GET", Path: base + "/responses/export?format=csv", Token: alice})
	want("csv", w, http.StatusOK)
	if !strings.Contains(w.Body.String(), "bob") || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("csv %s", w.Body.String())
	}
	want("an unknown format", e.do(request{Method: "GET", Path: base + "/responses/export?format=xls", Token: alice}), http.StatusUnprocessableEntity)
	sum := decodeAs[api.ResponseSummary](t, e.do(request{Method: "GET", Path: base + "/summary", Token: alice}))
	if sum.Responses != 1 || sum.Questions[0].Counts[1] != 1 {
		t.Fatalf("summary %+v", sum)
	}
	want("a member's summary before publication", e.do(request{Method: "GET", Path: base + "/summary", Token: bob}), http.StatusForbidden)

	// Ideas.
	w = e.do(request{Method: "POST", Path: base + "/questions/q4/ideas", Token: bob, Body: `{"title":"Un jardin"}`})
	want("idea", w, http.StatusCreated)
	idea := decodeAs[api.Idea](t, w)
	want("an idea without title", e.do(request{Method: "POST", Path: base + "/questions/q4/ideas", Token: bob, Body: `{"title":""}`}), http.StatusUnprocessableEntity)
	want("a stranger's idea", e.do(request{Method: "POST", Path: base + "/questions/q4/ideas", Token: carol, Body: `{"title":"x"}`}), http.StatusForbidden)
	support := base + "/ideas/" + idea.ID + "/support"
	want("support", e.do(request{Method: "PUT", Path: support, Token: alice}), http.StatusNoContent)
	want("support twice", e.do(request{Method: "PUT", Path: support, Token: alice}), http.StatusConflict)
	ideas := decodeAs[api.IdeaList](t, e.do(request{Method: "GET", Path: base + "/questions/q4/ideas", Token: alice}))
	if len(ideas.Ideas) != 1 || ideas.Ideas[0].Supports != 1 || !ideas.Ideas[0].Supported || ideas.Ideas[0].Handle != "bob" {
		t.Fatalf("ideas %+v", ideas)
	}
	want("unsupport", e.do(request{Method: "DELETE", Path: support, Token: alice}), http.StatusNoContent)
	want("unsupport twice", e.do(request{Method: "DELETE", Path: support, Token: alice}), http.StatusNotFound)
	want("not a box", e.do(request{Method: "GET", Path: base + "/questions/q1/ideas"}), http.StatusNotFound)
	want("someone else's idea removed", e.do(request{Method: "DELETE", Path: base + "/ideas/" + idea.ID, Token: carol}), http.StatusForbidden)
	want("an organiser removes", e.do(request{Method: "DELETE", Path: base + "/ideas/" + idea.ID, Token: alice}), http.StatusNoContent)

	want("withdraw", e.do(request{Method: "DELETE", Path: base + "/responses/mine", Token: bob}), http.StatusNoContent)
	want("withdrawn", e.do(request{Method: "GET", Path: base + "/responses/mine", Token: bob}), http.StatusNotFound)
}

func TestConsultationResponseAPICodes(t *testing.T) {
	e := newEnv(t)
	id := openLinkedConsultation(t, e, cortege.AudienceCodes)
	base := "/api/v1/consultations/" + id
	slips, err := e.svc.GenerateCodes(context.Background(), tokenActor(t, e, "alice"), id, 1)
	if err != nil {
		t.Fatal(err)
	}
	code := string(slips[0].Code)
	body := `{"answers":[{"question":"q1","choices":[1]}],"code":"` + code + `"}`
	if w := e.do(request{Method: "POST", Path: base + "/responses", Body: body}); w.Code != http.StatusCreated {
		t.Fatalf("by code: %d %s", w.Code, w.Body.String())
	}
	if w := e.do(request{Method: "POST", Path: base + "/responses", Body: body}); w.Code != http.StatusConflict {
		t.Fatalf("a code twice: %d", w.Code)
	}
	w := e.do(request{Method: "GET", Path: base + "/responses/mine", Header: map[string]string{"Invitation-Code": code}})
	if r := decodeAs[api.Response](t, w); r.Respondent != "code" || r.Handle != "" {
		t.Fatalf("mine by code %+v", r)
	}
	if w := e.do(request{Method: "GET", Path: base + "/responses/mine"}); w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("no code: %d", w.Code)
	}
}

// tokenActor is the actor behind who's bearer token.
func tokenActor(t *testing.T, e *env, who string) cortege.Actor {
	t.Helper()
	a, err := e.svc.TokenActor(context.Background(), e.user(who), "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}
