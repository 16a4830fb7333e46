package web_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestConsultationManageEditor: a consultation's questions editor offers
// the ideas box and a number question's rule, keeps the rule it saved and
// names the field of a bad bound; a vote's editor offers neither and
// refuses an ideas box by the kind's field.
func TestConsultationManageEditor(t *testing.T) {
	t.Parallel()
	w := newVoteWorld(t)
	id := w.create(voteForm("Budget du local", "secret", "0", "audience", "link"))
	_, body, _ := w.send("alice", "GET", "/votes/"+id+"/questions/new", nil, nil)
	for _, s := range []string{`value="text"`, `value="number"`, `value="ideas"`, "Boîte à idées",
		`id="f-question-number_min"`, `id="f-question-number_max"`, `id="f-question-number_decimal"`, `id="f-question-show_if"`} {
		if !strings.Contains(body, s) {
			t.Errorf("editor lacks %q\n%s", s, excerpt(body))
		}
	}
	w.addQuestion(id, url.Values{"title": {"Combien donneriez-vous ?"}, "kind": {"number"},
		"number_min": {"0"}, "number_max": {"12,5"}, "number_decimal": {"1"}})
	w.addQuestion(id, url.Values{"title": {"Combien de personnes ?"}, "kind": {"number"}, "number_max": {"40"}})
	w.addQuestion(id, url.Values{"title": {"Vos idées pour le local"}, "kind": {"ideas"}})
	w.run([]groupCase{
		{name: "rules and ideas listed", as: "alice", path: "/votes/" + id + "/manage", status: 200,
			contains: []string{"au moins 0 · au plus 12,5 · décimales acceptées", "au plus 40 · nombres entiers", "Boîte à idées", "Vos idées pour le local"}},
		{name: "rule shown back", as: "alice", path: "/votes/" + id + "/questions/q1/edit", status: 200,
			contains: []string{`name="number_min" value="0"`, `name="number_max" value="12.5"`, `name="number_decimal" value="1" checked`}},
		{name: "bound not a number", as: "alice", method: "POST", path: "/votes/" + id + "/questions/new",
			form: url.Values{"title": {"Âge ?"}, "kind": {"number"}, "number_min": {"dix"}}, status: 422,
			contains: []string{`id="f-question-number_min-error"`, "Tapez un nombre", `value="dix"`}, absent: []string{`id="f-question-number_max-error"`}},
		{name: "bound with an exponent", as: "alice", method: "POST", path: "/votes/" + id + "/questions/new",
			form: url.Values{"title": {"Âge ?"}, "kind": {"number"}, "number_max": {"1e3"}}, status: 422,
			contains: []string{`id="f-question-number_max-error"`}},
		{name: "bound written inf", as: "alice", method: "POST", path: "/votes/" + id + "/questions/new",
			form: url.Values{"title": {"Âge ?"}, "kind": {"number"}, "number_min": {"-inf"}}, status: 422,
			contains: []string{`id="f-question-number_min-error"`, "Tapez un nombre"}},
		{name: "bound too large", as: "alice", method: "POST", path: "/votes/" + id + "/questions/new",
			form: url.Values{"title": {"Âge ?"}, "kind": {"number"}, "number_max": {"20000000000000000"}}, status: 422,
			contains: []string{`id="f-question-number_max-error"`, "Une borne doit être comprise"}},
		{name: "bounds crossed", as: "alice", method: "POST", path: "/votes/" + id + "/questions/q2/edit",
			form: url.Values{"title": {"Combien de personnes ?"}, "kind": {"number"}, "number_min": {"50"}, "number_max": {"40"}}, status: 422,
			contains: []string{`id="f-question-number_max-error"`, "le minimum doit être inférieur ou égal au maximum"}},
		{name: "rule unchanged after a refusal", as: "alice", path: "/votes/" + id + "/manage", status: 200,
			contains: []string{"au plus 40 · nombres entiers"}, absent: []string{"au moins 50"}},
	})

	vote := w.create(voteForm("Élection du bureau"))
	_, body, _ = w.send("alice", "GET", "/votes/"+vote+"/questions/new", nil, nil)
	for _, s := range []string{`value="ideas"`, `value="number"`, `value="text"`, `id="f-question-number_min"`, `id="f-question-show_if"`} {
		if strings.Contains(body, s) {
			t.Errorf("a vote's editor offers %q", s)
		}
	}
	w.run([]groupCase{
		{name: "a vote refuses an ideas box", as: "alice", method: "POST", path: "/votes/" + vote + "/questions/new",
			form: url.Values{"title": {"Vos idées"}, "kind": {"ideas"}}, status: 422, contains: []string{`id="f-question-kind-error"`}},
	})
}

// TestConsultationManageOverview: a consultation's overview links its
// answer form and its responses with their exports, counts responses and
// never speaks of ballots, a board or a vote; a vote's keeps its box.
func TestConsultationManageOverview(t *testing.T) {
	t.Parallel()
	w := newVoteWorld(t)
	id := w.create(voteForm("Avis sur le local", "secret", "0", "audience", "link"))
	w.addQuestion(id, url.Values{"title": {"Venez-vous au local ?"}, "kind": {"yesno"}})
	p := "/votes/" + id
	links := []string{`href="` + p + `/respond"`, `href="` + p + `/responses"`, `href="` + p + `/responses.csv"`, `href="` + p + `/responses.json"`}
	noVote := []string{"Organisation du vote", "bulletin", "Bulletins", "votant", "/board.json", p + "/results", `data-count="ballots"`}
	w.run([]groupCase{
		{name: "draft links its form", as: "alice", path: p + "/manage", status: 200, contains: links, absent: noVote},
		{name: "open", as: "alice", method: "POST", path: p + "/open", form: url.Values{"confirmed": {"1"}}, status: 303, location: p + "/manage?done=opened"},
		{name: "open counts responses", as: "alice", path: p + "/manage", status: 200,
			contains: append([]string{`data-count="responses">0<`}, links...), absent: noVote},
		{name: "the answer form takes answers", as: "carol", path: p + "/respond", status: 200},
		{name: "close", as: "alice", method: "POST", path: p + "/close", form: url.Values{"confirmed": {"1"}}, status: 303, location: p + "/manage?done=closed"},
		{name: "closed: no board", as: "alice", path: p + "/manage", status: 200, contains: append([]string{"synthèse des réponses"}, links...), absent: noVote},
		{name: "list calls it a consultation", as: "alice", path: "/@velo/votes", status: 200, contains: []string{"Avis sur le local", "Consultation"}},
	})

	for _, audience := range []string{"members", "codes"} {
		c := w.create(voteForm("Enquête "+audience, "secret", "0", "audience", audience))
		w.run([]groupCase{{name: "a consultation of " + audience + " speaks of responses", as: "alice", path: "/votes/" + c + "/manage", status: 200,
			contains: []string{"Une réponse par "}, absent: noVote}})
	}

	vote := w.create(voteForm("Élection du bureau"))
	w.run([]groupCase{
		{name: "a vote has no responses page", as: "alice", path: "/votes/" + vote + "/manage", status: 200,
			absent: []string{"/votes/" + vote + "/responses", "/votes/" + vote + "/respond"}},
	})
}
