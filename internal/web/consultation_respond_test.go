package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// consultationFixture is an open consultation of a public group's
// members (or of anyone with the link) asking yes/no, a free text shown
// after "yes", a decimal number from 0 to 100, a ranking, grades and an
// ideas box.
type consultationFixture struct {
	a       *app
	admin   string // session secrets
	alice   string
	id      string
	groupID string
}

func newConsultation(t *testing.T, audience string) *consultationFixture {
	t.Helper()
	a := newApp(t)
	ctx := context.Background()
	fx := &consultationFixture{a: a, admin: a.signIn("orga@example.org"), alice: a.signIn("alice@example.org")}
	admin := a.actor(fx.admin)
	g, err := a.svc.CreateGroup(ctx, admin, service.GroupInput{Handle: "quartier", Name: "Quartier", Visibility: cortege.VisibilityPublic, JoinMode: "open"})
	if err != nil {
		t.Fatal(err)
	}
	fx.groupID = g.ID
	if _, err := a.svc.Join(ctx, a.actor(fx.alice), g.ID, ""); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	now := a.clock.Now()
	c, err := a.svc.CreateConsultation(ctx, admin, service.ConsultationInput{Title: "Avenir du square", TZ: "Europe/Paris",
		Opens: cortege.WallOf(now.Add(-time.Hour), loc), Closes: cortege.WallOf(now.Add(3*time.Hour), loc),
		Audience: audience, MinRole: cortege.GroupMember, GroupID: g.ID})
	if err != nil {
		t.Fatal(err)
	}
	hundred, zero := 100.0, 0.0
	for _, q := range []service.QuestionInput{
		{Title: "Venez-vous à la réunion ?", Kind: cortege.QuestionYesNo},
		{Title: "Ce que vous apportez", Kind: cortege.QuestionText, ShowIf: &cortege.QuestionCondition{Question: "q1", Option: 0}},
		{Title: "Budget souhaité", Kind: cortege.QuestionNumber, Blank: true, Number: &cortege.NumberRule{Min: &zero, Max: &hundred, Decimal: true}},
		{Title: "Vos priorités", Kind: cortege.QuestionRanking, Options: []string{"Arbres", "Bancs", "Jeux"}, Blank: true},
		{Title: "Les projets", Kind: cortege.QuestionGrades, Options: []string{"Fontaine", "Kiosque"}, Grades: []string{"Bien", "Passable", "Non"}, Blank: true},
		{Title: "Boîte à idées", Kind: cortege.QuestionIdeas},
	} {
		if _, err := a.svc.AddQuestion(ctx, admin, c.ID, q); err != nil {
			t.Fatalf("%s: %v", q.Title, err)
		}
	}
	if _, err := a.svc.OpenConsultation(ctx, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	fx.id = c.ID
	return fx
}

func (fx *consultationFixture) path(s string) string { return "/votes/" + fx.id + s }

func wantStatus(t *testing.T, what string, rec interface{ Result() *http.Response }, code int) string {
	t.Helper()
	res := rec.Result()
	b := new(strings.Builder)
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if res.StatusCode != code {
		t.Fatalf("%s: status %d, want %d\n%s", what, res.StatusCode, code, b.String())
	}
	return b.String()
}

func TestConsultationRespondMembers(t *testing.T) {
	fx := newConsultation(t, cortege.AudienceMembers)
	a := fx.a

	// Anonymous visitors see the notice and a sign-in link, no form.
	body := wantStatus(t, "anonymous form", a.do(req{path: fx.path("/respond")}), http.StatusOK)
	if !strings.Contains(body, "/login?next=/votes/"+fx.id+"/respond") || strings.Contains(body, `name="q1"`) {
		t.Fatalf("anonymous page:\n%s", body)
	}
	if strings.Contains(strings.ToLower(body), ">vote<") {
		t.Fatal("a linked consultation is called a vote")
	}

	body = wantStatus(t, "member form", a.do(req{path: fx.path("/respond"), session: fx.alice}), http.StatusOK)
	for _, want := range []string{"enregistrées avec votre nom", `name="q1"`, `name="q2"`, `name="q3"`, `name="q4.rank.2"`,
		`name="q5.grade.1"`, "si vous avez répondu «\u00a0Oui\u00a0» à la question 1", "Boîte à idées"} {
		if !strings.Contains(body, want) {
			t.Fatalf("form lacks %q:\n%s", want, body)
		}
	}

	// A required conditional question left empty after "yes".
	form := url.Values{"q1": {"0"}, "q3": {"12,5"}}
	body = wantStatus(t, "required after yes", a.do(req{method: "POST", path: fx.path("/respond"), session: fx.alice, form: form}), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Répondez à cette question") || !strings.Contains(body, `value="12,5"`) {
		t.Fatalf("error page:\n%s", body)
	}
	// A ranking with a gap, a number out of bounds.
	form = url.Values{"q1": {"1"}, "q4.rank.0": {"1"}, "q4.rank.1": {"3"}}
	body = wantStatus(t, "ranking gap", a.do(req{method: "POST", path: fx.path("/respond"), session: fx.alice, form: form}), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "sans trou") {
		t.Fatalf("ranking error:\n%s", body)
	}
	form = url.Values{"q1": {"1"}, "q3": {"101"}}
	wantStatus(t, "number too large", a.do(req{method: "POST", path: fx.path("/respond"), session: fx.alice, form: form}), http.StatusUnprocessableEntity)

	// "No" with the hidden question typed anyway: the hidden answer is dropped.
	form = url.Values{"q1": {"1"}, "q2": {"des chaises"}, "q3": {"12,5"}, "q4.rank.0": {"2"}, "q4.rank.2": {"1"},
		"q5.grade.0": {"0"}, "q5.grade.1": {"2"}}
	rec := a.do(req{method: "POST", path: fx.path("/respond"), session: fx.alice, form: form})
	wantStatus(t, "respond", rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); !strings.Contains(loc, "ok=response_saved") {
		t.Fatalf("redirect %q", loc)
	}
	mine, err := a.svc.MyResponse(context.Background(), a.actor(fx.alice), fx.id, service.Respondent{})
	if err != nil || len(mine.Answers) != 4 || mine.Answers[1].Number != "12.5" || mine.Answers[2].Choices[0] != 2 ||
		mine.Answers[3].Grades[1] != 2 {
		t.Fatalf("stored %+v, %v", mine, err)
	}
	body = wantStatus(t, "edit form", a.do(req{path: fx.path("/respond?ok=response_saved"), session: fx.alice}), http.StatusOK)
	if !strings.Contains(body, "Vos réponses sont enregistrées") || !strings.Contains(body, `value="12.5"`) ||
		!strings.Contains(body, "Retirer ma réponse") || !strings.Contains(body, "Enregistrer les modifications") {
		t.Fatalf("edit form:\n%s", body)
	}
	form = url.Values{"q1": {"0"}, "q2": {"Des chaises"}}
	rec = a.do(req{method: "POST", path: fx.path("/respond"), session: fx.alice, form: form})
	wantStatus(t, "edit", rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); !strings.Contains(loc, "ok=response_updated") {
		t.Fatalf("redirect %q", loc)
	}

	// Ideas: submit, support once, withdraw.
	rec = a.do(req{method: "POST", path: fx.path("/ideas"), session: fx.alice, form: url.Values{"question": {"q6"}, "title": {""}}})
	body = wantStatus(t, "idea without title", rec, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Donnez un titre") {
		t.Fatalf("idea error:\n%s", body)
	}
	rec = a.do(req{method: "POST", path: fx.path("/ideas"), session: fx.alice, form: url.Values{"question": {"q6"}, "title": {"Un potager"}}})
	wantStatus(t, "idea", rec, http.StatusSeeOther)
	ideas, _ := a.svc.Ideas(context.Background(), a.actor(fx.alice), fx.id, "q6")
	if len(ideas) != 1 {
		t.Fatal(ideas)
	}
	support := fx.path("/ideas/" + ideas[0].Idea.ID + "/support")
	wantStatus(t, "support", a.do(req{method: "POST", path: support, session: fx.admin, form: url.Values{}}), http.StatusSeeOther)
	body = wantStatus(t, "support twice", a.do(req{method: "POST", path: support, session: fx.admin, form: url.Values{}}), http.StatusConflict)
	if !strings.Contains(body, "Vous soutenez déjà cette idée") {
		t.Fatalf("support twice:\n%s", body)
	}
	body = wantStatus(t, "ideas listed", a.do(req{path: fx.path("/respond"), session: fx.admin}), http.StatusOK)
	if !strings.Contains(body, "Un potager") || !strings.Contains(body, "Soutiens\u00a0: 1") || !strings.Contains(body, "Retirer mon soutien") {
		t.Fatalf("ideas:\n%s", body)
	}
	wantStatus(t, "unsupport", a.do(req{method: "POST", path: fx.path("/ideas/" + ideas[0].Idea.ID + "/unsupport"), session: fx.admin, form: url.Values{}}), http.StatusSeeOther)
	rec = a.do(req{method: "POST", path: fx.path("/ideas"), session: fx.alice, form: url.Values{"question": {"q6"}, "title": {"Un kiosque"}}})
	wantStatus(t, "second idea", rec, http.StatusSeeOther)
	ideas, _ = a.svc.Ideas(context.Background(), a.actor(fx.alice), fx.id, "q6")
	body = wantStatus(t, "own ideas", a.do(req{path: fx.path("/respond"), session: fx.alice}), http.StatusOK)
	if !strings.Contains(body, "Retirer l’idée") {
		t.Fatalf("no removal button for the author:\n%s", body)
	}
	wantStatus(t, "remove own idea", a.do(req{method: "POST", path: fx.path("/ideas/" + ideas[1].Idea.ID + "/delete"), session: fx.alice, form: url.Values{}}), http.StatusSeeOther)
	if left, _ := a.svc.Ideas(context.Background(), a.actor(fx.alice), fx.id, "q6"); len(left) != 1 {
		t.Fatalf("after removal: %+v", left)
	}

	// Organisers only: the table and the exports.
	wantStatus(t, "a member's table", a.do(req{path: fx.path("/responses"), session: fx.alice}), http.StatusForbidden)
	wantStatus(t, "a member's export", a.do(req{path: fx.path("/responses.csv"), session: fx.alice}), http.StatusForbidden)
	body = wantStatus(t, "table", a.do(req{path: fx.path("/responses"), session: fx.admin}), http.StatusOK)
	if !strings.Contains(body, "@alice") || !strings.Contains(body, "Des chaises") || !strings.Contains(body, "Réponses reçues\u00a0: 1") {
		t.Fatalf("table:\n%s", body)
	}
	rec = a.do(req{path: fx.path("/responses.csv"), session: fx.admin})
	body = wantStatus(t, "csv", rec, http.StatusOK)
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") || !strings.Contains(body, "Des chaises") {
		t.Fatalf("csv %q:\n%s", rec.Header().Get("Content-Type"), body)
	}
	body = wantStatus(t, "json", a.do(req{path: fx.path("/responses.json"), session: fx.admin}), http.StatusOK)
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil || len(doc["responses"].([]any)) != 1 {
		t.Fatalf("json %v:\n%s", err, body)
	}

	// Withdraw, then after closing nothing changes.
	wantStatus(t, "withdraw", a.do(req{method: "POST", path: fx.path("/respond/withdraw"), session: fx.alice, form: url.Values{}}), http.StatusSeeOther)
	a.clock.Add(4 * time.Hour)
	body = wantStatus(t, "closed form", a.do(req{path: fx.path("/respond"), session: fx.alice}), http.StatusOK)
	if strings.Contains(body, "Envoyer mes réponses") || !strings.Contains(body, "Fermée aux réponses") {
		t.Fatalf("closed form:\n%s", body)
	}
	wantStatus(t, "respond after closing", a.do(req{method: "POST", path: fx.path("/respond"), session: fx.alice, form: url.Values{"q1": {"1"}}}), http.StatusConflict)
}

func TestConsultationRespondByBrowser(t *testing.T) {
	fx := newConsultation(t, cortege.AudienceLink)
	a := fx.a
	body := wantStatus(t, "anonymous form", a.do(req{path: fx.path("/respond")}), http.StatusOK)
	if !strings.Contains(body, "une fois par navigateur") || !strings.Contains(body, `name="q1"`) {
		t.Fatalf("link form:\n%s", body)
	}
	rec := a.do(req{path: fx.path("/respond")})
	if len(rec.Result().Cookies()) != 0 {
		t.Fatal("a cookie set for reading the page")
	}
	rec = a.do(req{method: "POST", path: fx.path("/respond"), form: url.Values{"q1": {"1"}}})
	wantStatus(t, "respond", rec, http.StatusSeeOther)
	var key *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "cortege_consultation" {
			key = c
		}
	}
	if key == nil || !key.HttpOnly || key.Path != "/votes/"+fx.id || len(key.Value) < 40 {
		t.Fatalf("browser cookie %+v", key)
	}
	cookie := map[string]string{"Cookie": "cortege_consultation=" + key.Value}
	body = wantStatus(t, "form again", a.do(req{path: fx.path("/respond"), header: cookie}), http.StatusOK)
	if !strings.Contains(body, "Vous avez déjà répondu") {
		t.Fatalf("form with the cookie:\n%s", body)
	}
	rec = a.do(req{method: "POST", path: fx.path("/respond"), header: cookie, form: url.Values{"q1": {"0"}, "q2": {"Un banc"}}})
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || !strings.Contains(loc, "response_updated") {
		t.Fatalf("edit by browser: %d %q", rec.Code, loc)
	}
	page, err := a.svc.Responses(context.Background(), a.actor(fx.admin), fx.id, "", 10)
	if err != nil || page.Total != 1 || page.Rows[0].Kind != service.RespondentBrowser {
		t.Fatalf("responses %+v, %v", page, err)
	}
	body = wantStatus(t, "table", a.do(req{path: fx.path("/responses"), session: fx.admin}), http.StatusOK)
	if !strings.Contains(body, "Navigateur anonyme") || !strings.Contains(body, "Un banc") {
		t.Fatalf("table:\n%s", body)
	}
}

func TestConsultationRespondByCode(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	orga := a.signIn("orga@example.org")
	stranger := a.signIn("stranger@example.org")
	admin := a.actor(orga)
	g, err := a.svc.CreateGroup(ctx, admin, service.GroupInput{Handle: "codes", Name: "Codes", Visibility: cortege.VisibilityPublic, JoinMode: "open"})
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	now := a.clock.Now()
	in := service.ConsultationInput{Title: "Par codes", TZ: "Europe/Paris", Opens: cortege.WallOf(now.Add(-time.Hour), loc),
		Closes: cortege.WallOf(now.Add(3*time.Hour), loc), Audience: cortege.AudienceCodes, GroupID: g.ID}
	c, err := a.svc.CreateConsultation(ctx, admin, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.svc.AddQuestion(ctx, admin, c.ID, service.QuestionInput{Title: "D’accord ?", Kind: cortege.QuestionYesNo}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.svc.OpenConsultation(ctx, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	slips, err := a.svc.GenerateCodes(ctx, admin, c.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	code := string(slips[0].Code)
	path := "/votes/" + c.ID + "/respond"

	body := wantStatus(t, "form", a.do(req{path: path}), http.StatusOK)
	if !strings.Contains(body, "jamais avec votre nom") || !strings.Contains(body, `name="code"`) {
		t.Fatalf("codes form:\n%s", body)
	}
	wantStatus(t, "no code", a.do(req{method: "POST", path: path, form: url.Values{"q1": {"0"}}}), http.StatusUnprocessableEntity)
	body = wantStatus(t, "respond", a.do(req{method: "POST", path: path, session: stranger, form: url.Values{"code": {code}, "q1": {"0"}}}), http.StatusOK)
	if !strings.Contains(body, "Vos réponses sont enregistrées") || strings.Contains(body, "?code=") {
		t.Fatalf("saved by code:\n%s", body)
	}
	body = wantStatus(t, "a wrong code", a.do(req{method: "POST", path: path, form: url.Values{"code": {"ABCD-EFGH"}, "action": {"load"}}}), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "field-error") {
		t.Fatalf("wrong code:\n%s", body)
	}
	body = wantStatus(t, "load", a.do(req{method: "POST", path: path, form: url.Values{"code": {code}, "action": {"load"}}}), http.StatusOK)
	if !strings.Contains(body, "Vous avez déjà répondu") || !strings.Contains(body, `id="q1-0" name="q1" value="0" checked`) {
		t.Fatalf("loaded by code:\n%s", body)
	}
	body = wantStatus(t, "edit", a.do(req{method: "POST", path: path, form: url.Values{"code": {code}, "q1": {"1"}}}), http.StatusOK)
	if !strings.Contains(body, "Vos réponses sont modifiées") {
		t.Fatalf("edited by code:\n%s", body)
	}
	page, _ := a.svc.Responses(ctx, admin, c.ID, "", 10)
	if page.Total != 1 || page.Rows[0].Kind != service.RespondentCode || page.Rows[0].Handle != "" {
		t.Fatalf("code response %+v", page.Rows)
	}

	// A members' consultation tells a stranger they are not consulted.
	in.Audience, in.Title = cortege.AudienceMembers, "Aux membres"
	m, err := a.svc.CreateConsultation(ctx, admin, in)
	if err != nil {
		t.Fatal(err)
	}
	a.svc.AddQuestion(ctx, admin, m.ID, service.QuestionInput{Title: "D’accord ?", Kind: cortege.QuestionYesNo})
	if _, err := a.svc.OpenConsultation(ctx, admin, m.ID); err != nil {
		t.Fatal(err)
	}
	body = wantStatus(t, "a stranger", a.do(req{path: "/votes/" + m.ID + "/respond", session: stranger}), http.StatusOK)
	if !strings.Contains(body, "ne faites pas partie des personnes consultées") || strings.Contains(body, `name="q1"`) {
		t.Fatalf("stranger:\n%s", body)
	}
}
