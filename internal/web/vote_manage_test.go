package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// voteWorld is a group world with the helpers of the organisers' pages.
type voteWorld struct {
	*groupWorld
}

func newVoteWorld(t *testing.T) *voteWorld { return &voteWorld{newGroupWorld(t)} }

// get runs a request as who and returns the whole response, body read.
func (w *voteWorld) raw(who, method, path string, form url.Values) (*http.Response, []byte) {
	w.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, w.app.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", "fr")
	res, err := w.clients[who].Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// voteForm is a valid vote of velo's members opening in an hour.
func voteForm(title string, extra ...string) url.Values {
	loc, _ := time.LoadLocation("Europe/Paris")
	now := time.Now().In(loc)
	f := url.Values{"title": {title}, "description": {"Le **vote** du groupe."}, "secret": {"1"}, "audience": {"members"},
		"min_role": {"member"}, "tz": {"Europe/Paris"}, "lang": {"fr"},
		"opens_at":  {now.Add(-time.Minute).Format("2006-01-02T15:04")},
		"closes_at": {now.Add(72 * time.Hour).Format("2006-01-02T15:04")}}
	for i := 0; i+1 < len(extra); i += 2 {
		f.Set(extra[i], extra[i+1])
	}
	return f
}

var voteIDRE = regexp.MustCompile(`^/votes/([0-9A-Za-z]+)/manage\?done=created$`)

// create writes a draft as alice under velo and returns its ID.
func (w *voteWorld) create(f url.Values) string {
	w.t.Helper()
	status, body, loc := w.send("alice", "POST", "/@velo/votes/new", f, nil)
	m := voteIDRE.FindStringSubmatch(loc)
	if status != http.StatusSeeOther || m == nil {
		w.t.Fatalf("create: %d %q\n%s", status, loc, excerpt(body))
	}
	return m[1]
}

// addQuestion adds a question as alice and fails the test if refused.
func (w *voteWorld) addQuestion(id string, f url.Values) {
	w.t.Helper()
	status, body, loc := w.send("alice", "POST", "/votes/"+id+"/questions/new", f, nil)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/votes/"+id+"/manage?done=question_added") {
		w.t.Fatalf("add question: %d %q\n%s", status, loc, excerpt(body))
	}
}

// TestVoteManageRights: only the group's administrators get the forms; a
// member or a stranger gets a refusal page, never a form, and a draft is
// not found to them.
func TestVoteManageRights(t *testing.T) {
	t.Parallel()
	w := newVoteWorld(t)
	id := w.create(voteForm("Budget du groupe"))
	w.run([]groupCase{
		{name: "admin gets the form", as: "alice", path: "/@velo/votes/new", status: 200, contains: []string{`name="title"`, "Fuseau horaire", "Europe/Paris", "le dernier bulletin compte, contre la contrainte"}},
		{name: "member refused", as: "bob", path: "/@velo/votes/new", status: 403, absent: []string{`name="title"`}},
		{name: "member cannot post", as: "bob", method: "POST", path: "/@velo/votes/new", form: voteForm("Coup de force"), status: 403, absent: []string{`name="title"`}},
		{name: "stranger refused", as: "carol", path: "/@velo/votes/new", status: 403},
		{name: "private group hidden", as: "carol", path: "/@secret/votes/new", status: 404},
		{name: "visitor asked to sign in", as: "", path: "/@velo/votes/new", status: 303, location: "/login?next="},
		{name: "instance form for administrators only", as: "alice", path: "/votes/new", status: 403},
		{name: "manage page", as: "alice", path: "/votes/" + id + "/manage", status: 200, contains: []string{"Budget du groupe", "Brouillon", "Ajouter une question"}},
		{name: "draft not found to a member", as: "bob", path: "/votes/" + id + "/manage", status: 404, absent: []string{"Budget du groupe"}},
		{name: "draft not found to a stranger", as: "carol", path: "/votes/" + id + "/edit", status: 404},
		{name: "member cannot delete", as: "bob", method: "POST", path: "/votes/" + id + "/delete", form: url.Values{"confirmed": {"1"}}, status: 404},
		{name: "member cannot add a question", as: "bob", method: "POST", path: "/votes/" + id + "/questions/new", form: url.Values{"title": {"Q"}, "kind": {"yesno"}}, status: 404},
		{name: "group list for the admin shows the draft", as: "alice", path: "/@velo/votes", status: 200, contains: []string{"Budget du groupe", "Nouveau vote ou consultation", "Brouillon"}},
		{name: "group list for a member hides it", as: "bob", path: "/@velo/votes", status: 200, absent: []string{"Budget du groupe", "Nouveau vote ou consultation"}},
		{name: "group tab", as: "bob", path: "/@velo", status: 200, contains: []string{`href="/@velo/votes"`}},
		{name: "instance list", as: "", path: "/votes", status: 200, contains: []string{"Votes et consultations de l’instance"}, absent: []string{"Budget du groupe"}},
	})
}

// TestVoteManageForms: each form's bad input comes back with what was
// typed and the message by its field, never a 500.
func TestVoteManageForms(t *testing.T) {
	t.Parallel()
	w := newVoteWorld(t)
	id := w.create(voteForm("Projet de statuts"))
	bad := func(f url.Values, k, v string) url.Values { f.Set(k, v); return f }
	w.run([]groupCase{
		{name: "no title", as: "alice", method: "POST", path: "/@velo/votes/new", form: voteForm(""), status: 422,
			contains: []string{"Donnez un titre.", "Le **vote** du groupe.", `id="f-vote-title-error"`}},
		{name: "closing before opening", as: "alice", method: "POST", path: "/@velo/votes/new",
			form: bad(voteForm("À l’envers"), "closes_at", "2020-01-01T10:00"), status: 422,
			contains: []string{"La clôture doit venir après l’ouverture.", `id="f-vote-closes_at-error"`, "À l’envers"}},
		{name: "date that does not parse", as: "alice", method: "POST", path: "/@velo/votes/new",
			form: bad(voteForm("Date"), "opens_at", "demain"), status: 422, contains: []string{`id="f-vote-opens_at-error"`}},
		{name: "secret vote by link refused", as: "alice", method: "POST", path: "/@velo/votes/new",
			form: bad(voteForm("Lien"), "audience", "link"), status: 422, contains: []string{"toute personne ayant le lien"}},
		{name: "unknown zone", as: "alice", method: "POST", path: "/@velo/votes/new",
			form: bad(voteForm("Zone"), "tz", "Mars/Olympus"), status: 422, contains: []string{`id="f-vote-tz-error"`}},
		{name: "edit keeps values", as: "alice", path: "/votes/" + id + "/edit", status: 200, contains: []string{`value="Projet de statuts"`, "Europe/Paris"}},
		{name: "edit with no title", as: "alice", method: "POST", path: "/votes/" + id + "/edit", form: voteForm(""), status: 422, contains: []string{"Donnez un titre."}},
		{name: "question with one option", as: "alice", method: "POST", path: "/votes/" + id + "/questions/new",
			form: url.Values{"title": {"Quel local ?"}, "kind": {"single"}, "options": {"Seul choix"}}, status: 422,
			contains: []string{"Donnez au moins deux options.", `id="f-question-options-error"`, "Quel local ?", "Seul choix"}},
		{name: "STV with too many seats", as: "alice", method: "POST", path: "/votes/" + id + "/questions/new",
			form: url.Values{"title": {"Bureau"}, "kind": {"ranking"}, "method": {"stv"}, "seats": {"3"}, "options": {"Ana\nBen\nChloé"}}, status: 422,
			contains: []string{`id="f-question-seats-error"`, "Chloé"}},
		{name: "seats not a number", as: "alice", method: "POST", path: "/votes/" + id + "/questions/new",
			form: url.Values{"title": {"Bureau"}, "kind": {"ranking"}, "method": {"stv"}, "seats": {"deux"}, "options": {"Ana\nBen\nChloé"}}, status: 422,
			contains: []string{"Tapez un nombre entier.", `id="f-question-seats-error"`}},
		{name: "free text refused in a vote", as: "alice", method: "POST", path: "/votes/" + id + "/questions/new",
			form: url.Values{"title": {"Remarques"}, "kind": {"text"}}, status: 422, contains: []string{`id="f-question-kind-error"`}},
		{name: "conditional display refused in a vote", as: "alice", method: "POST", path: "/votes/" + id + "/questions/new",
			form: url.Values{"title": {"Suite"}, "kind": {"yesno"}, "show_if": {"q1:0"}}, status: 422},
		{name: "open with no question", as: "alice", method: "POST", path: "/votes/" + id + "/open", form: url.Values{"confirmed": {"1"}}, status: 422,
			contains: []string{"Ajoutez au moins une question."}},
	})
}

// TestVoteManageLifecycle: a draft gets two questions, reordered; it is
// opened after a confirmation, its questions are then frozen, its counts
// shown; closed now, its results published; another draft is deleted.
func TestVoteManageLifecycle(t *testing.T) {
	t.Parallel()
	w := newVoteWorld(t)
	id := w.create(voteForm("Élection du bureau", "revote", "1"))
	w.addQuestion(id, url.Values{"title": {"Adopter le rapport ?"}, "kind": {"yesno"}, "blank": {"1"}})
	w.addQuestion(id, url.Values{"title": {"Élire deux délégués"}, "kind": {"ranking"}, "method": {"stv"}, "seats": {"2"}, "options": {"Ana\r\nBen\r\n\r\nChloé"}})
	status, body, loc := w.send("alice", "POST", "/votes/"+id+"/questions/q2/move", url.Values{"dir": {"up"}}, nil)
	if status != 303 || !strings.Contains(loc, "done=question_moved") {
		t.Fatalf("move: %d %q\n%s", status, loc, excerpt(body))
	}
	_, body, _ = w.send("alice", "GET", "/votes/"+id+"/manage", nil, nil)
	first, second := strings.Index(body, "Élire deux délégués"), strings.Index(body, "Adopter le rapport ?")
	if first < 0 || second < 0 || first > second {
		t.Fatalf("questions not in their new order:\n%s", excerpt(body))
	}
	for _, s := range []string{"Vote unique transférable", "2 sièges", "Chloé", "blanc permis", "Permis\u00a0: le dernier bulletin compte"} {
		if !strings.Contains(body, s) {
			t.Errorf("manage page lacks %q", s)
		}
	}
	_, body, _ = w.send("alice", "GET", "/votes/"+id+"/questions/q1/edit", nil, nil)
	if !strings.Contains(body, `value="Adopter le rapport ?"`) {
		t.Errorf("editor lacks the question's title:\n%s", excerpt(body))
	}
	w.run([]groupCase{
		{name: "removing asks first, naming the question", as: "alice", path: "/votes/" + id + "/questions/q1/remove", status: 200, contains: []string{"Retirer cette question\u00a0?", "Adopter le rapport ?"}},
		{name: "removing an unknown question", as: "alice", path: "/votes/" + id + "/questions/q9/remove", status: 404},
		{name: "open asks first", as: "alice", path: "/votes/" + id + "/open", status: 200, contains: []string{"L’ouvrir maintenant\u00a0?", "figées", `name="confirmed"`}},
		{name: "open without confirming asks", as: "alice", method: "POST", path: "/votes/" + id + "/open", form: url.Values{}, status: 200, contains: []string{`name="confirmed"`}},
		{name: "open", as: "alice", method: "POST", path: "/votes/" + id + "/open", form: url.Values{"confirmed": {"1"}}, status: 303, location: "/votes/" + id + "/manage?done=opened"},
		{name: "questions frozen", as: "alice", path: "/votes/" + id + "/questions/new", status: 303, location: "/votes/" + id + "/manage#questions"},
		{name: "question edit frozen", as: "alice", method: "POST", path: "/votes/" + id + "/questions/q1/edit", form: url.Values{"title": {"X"}, "kind": {"yesno"}}, status: 409},
		{name: "settings frozen", as: "alice", path: "/votes/" + id + "/edit", status: 303, location: "/votes/" + id + "/manage"},
		{name: "settings cannot be posted", as: "alice", method: "POST", path: "/votes/" + id + "/edit", form: voteForm("Changé"), status: 409},
		{name: "delete refused once open", as: "alice", method: "POST", path: "/votes/" + id + "/delete", form: url.Values{"confirmed": {"1"}}, status: 409},
		{name: "counts", as: "alice", path: "/votes/" + id + "/manage?done=opened", status: 200,
			contains: []string{"Ouvert. Ses questions sont désormais figées.", `data-count="signoffs">0<`, `data-count="ballots">0<`, "Clore maintenant"}, absent: []string{"/questions/q1/edit"}},
		{name: "member forbidden once open", as: "bob", path: "/votes/" + id + "/manage", status: 403, absent: []string{"Clore maintenant"}},
		{name: "member cannot close", as: "bob", method: "POST", path: "/votes/" + id + "/close", form: url.Values{"confirmed": {"1"}}, status: 403},
		{name: "close", as: "alice", method: "POST", path: "/votes/" + id + "/close", form: url.Values{"confirmed": {"1"}}, status: 303, location: "/votes/" + id + "/manage?done=closed"},
		{name: "closed page", as: "alice", path: "/votes/" + id + "/manage", status: 200, contains: []string{"Publier les résultats", "/votes/" + id + "/board.json"}},
		{name: "close twice", as: "alice", method: "POST", path: "/votes/" + id + "/close", form: url.Values{"confirmed": {"1"}}, status: 409},
		{name: "publish", as: "alice", method: "POST", path: "/votes/" + id + "/publish", form: url.Values{"confirmed": {"1"}}, status: 303, location: "/votes/" + id + "/manage?done=published"},
		{name: "published", as: "alice", path: "/votes/" + id + "/manage", status: 200, contains: []string{"Résultats publiés"}, absent: []string{"Publier les résultats</button>"}},
		{name: "listed for members once open", as: "bob", path: "/@velo/votes", status: 200, contains: []string{"Élection du bureau", "Résultats publiés", "(Europe/Paris)"}},
	})

	other := w.create(voteForm("Brouillon à jeter"))
	w.run([]groupCase{
		{name: "delete asks first", as: "alice", path: "/votes/" + other + "/delete", status: 200, contains: []string{"Supprimer ce brouillon\u00a0?", "Brouillon à jeter"}},
		{name: "delete", as: "alice", method: "POST", path: "/votes/" + other + "/delete", form: url.Values{"confirmed": {"1"}}, status: 303, location: "/@velo/votes?done=deleted"},
		{name: "deleted", as: "alice", path: "/votes/" + other + "/manage", status: 404},
	})
}

// TestVoteManageConsultation: a consultation's editor offers free text and
// the conditional display after an earlier yes/no question.
func TestVoteManageConsultation(t *testing.T) {
	t.Parallel()
	w := newVoteWorld(t)
	id := w.create(voteForm("Avis sur le local", "secret", "0", "audience", "link"))
	w.addQuestion(id, url.Values{"title": {"Venez-vous au local ?"}, "kind": {"yesno"}})
	_, body, _ := w.send("alice", "GET", "/votes/"+id+"/questions/new", nil, nil)
	for _, s := range []string{`value="text"`, `value="number"`, `value="q1:0"`, "si la question 1 vaut «\u00a0Oui\u00a0»"} {
		if !strings.Contains(body, s) {
			t.Errorf("editor lacks %q\n%s", s, excerpt(body))
		}
	}
	w.addQuestion(id, url.Values{"title": {"Quand ?"}, "kind": {"text"}, "show_if": {"q1:0"}})
	w.run([]groupCase{
		{name: "condition shown", as: "alice", path: "/votes/" + id + "/manage", status: 200, contains: []string{"Affichée si la question 1 vaut"}},
		{name: "condition on a later question refused", as: "alice", method: "POST", path: "/votes/" + id + "/questions/q1/edit",
			form: url.Values{"title": {"Venez-vous ?"}, "kind": {"yesno"}, "show_if": {"q2:0"}}, status: 422, contains: []string{`id="f-question-show_if-error"`}},
		{name: "removing what a condition needs refused", as: "alice", method: "POST", path: "/votes/" + id + "/questions/q1/remove",
			form: url.Values{"confirmed": {"1"}}, status: 422},
	})
}

// TestVoteManageInstance: the instance's administrators write its votes
// at /votes/new and find them at /votes; others see only opened ones.
func TestVoteManageInstance(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.signInAdmin("admin@example.org")
	member := a.signIn("marie@example.org")
	rec := a.do(req{path: "/votes/new", session: admin})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `action="/votes/new"`) {
		t.Fatalf("admin form: %d", rec.Code)
	}
	if rec := a.do(req{path: "/votes/new", session: member}); rec.Code != 403 {
		t.Errorf("member form: %d, want 403", rec.Code)
	}
	rec = a.do(req{method: "POST", path: "/votes/new", session: admin, form: voteForm("Vote de l’instance")})
	m := voteIDRE.FindStringSubmatch(rec.Header().Get("Location"))
	if rec.Code != 303 || m == nil {
		t.Fatalf("create: %d %q\n%s", rec.Code, rec.Header().Get("Location"), excerpt(rec.Body.String()))
	}
	rec = a.do(req{path: "/votes", session: admin})
	if !strings.Contains(rec.Body.String(), "Vote de l’instance") || !strings.Contains(rec.Body.String(), "/votes/"+m[1]+"/manage") {
		t.Errorf("admin list lacks the draft:\n%s", excerpt(rec.Body.String()))
	}
	if rec := a.do(req{path: "/votes", session: member}); strings.Contains(rec.Body.String(), "Vote de l’instance") {
		t.Errorf("a member sees the instance's draft")
	}
	if rec := a.do(req{path: "/votes/" + m[1] + "/manage", session: member}); rec.Code != 404 {
		t.Errorf("member manage: %d, want 404", rec.Code)
	}
	rec = a.do(req{path: "/votes/" + m[1] + "/manage", session: admin})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Votes et consultations de l’instance") {
		t.Errorf("admin manage: %d", rec.Code)
	}
}

// TestVoteManageEnglish: the pages in English, with English typography.
func TestVoteManageEnglish(t *testing.T) {
	t.Parallel()
	w := newVoteWorld(t)
	if err := w.app.Service.SetLanguage(context.Background(), w.actors["alice"], "en"); err != nil {
		t.Fatal(err)
	}
	id := w.create(voteForm("Budget", "audience", "codes"))
	w.run([]groupCase{
		{name: "form", as: "alice", path: "/@velo/votes/new", status: 200,
			contains: []string{"Secret vote", "nobody, not even the operator", "Re-voting: the last ballot counts, against coercion", "Anyone with the link (consultations only)", "Time zone"},
			absent:   []string{"vmanage.", " :"}},
		{name: "manage", as: "alice", path: "/votes/" + id + "/manage", status: 200, contains: []string{"Holders of anonymous invitation codes", "Invitation codes", "(Europe/Paris)"}, absent: []string{"vmanage."}},
		{name: "editor", as: "alice", path: "/votes/" + id + "/questions/new", status: 200, contains: []string{"Single choice</strong>: one option", "Options, one per line"}, absent: []string{"vmanage.", "value=\"text\""}},
		{name: "codes", as: "alice", path: "/votes/" + id + "/codes", status: 200, contains: []string{"cannot be shown again", "Nothing is stored"}, absent: []string{"vmanage."}},
		{name: "list", as: "alice", path: "/@velo/votes", status: 200, contains: []string{"Votes and consultations", "Draft", "Closes"}, absent: []string{"vmanage."}},
	})
}
