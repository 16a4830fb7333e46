package api_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/api"
)

// saveConsultation stores the ID of a ConsultationDetail answer.
func (e *env) saveConsultation(name string) func(t *testing.T, w *httptest.ResponseRecorder) {
	return e.save(name, func(t *testing.T, w *httptest.ResponseRecorder) string {
		return decodeAs[api.ConsultationDetail](t, w).Consultation.ID
	})
}

// TestVoteAPIRights: who may write, see, move, sign off. A draft and the
// votes of a private group are 404 to whoever may not see them; the
// group's members see an open vote but may not manage it (403).
func TestVoteAPIRights(t *testing.T) {
	e := newEnv(t)
	root := e.admin("root")
	alice, bob, mallory := e.user("alice"), e.user("bob"), e.user("mallory")
	gid := e.voteGroup("droits", alice, bob)
	e.mustDo(201, request{Method: "POST", Path: "/api/v1/groups", Token: alice, Body: `{"handle":"secret_club","name":"Club","visibility":"private","join_mode":"invitation"}`})
	q := `{"title":"Adopter ?","kind":"yesno"}`
	e.run([]scenario{
		{name: "anonymous creates", req: request{Method: "POST", Path: "/api/v1/consultations", Body: voteBody(t, gid, "members")}, status: 401, code: "unauthorized"},
		{name: "a member creates", req: request{Method: "POST", Path: "/api/v1/consultations", Token: bob, Body: voteBody(t, gid, "members")}, status: 403, code: "forbidden"},
		{name: "a user creates the instance's", req: request{Method: "POST", Path: "/api/v1/consultations", Token: bob, Body: voteBody(t, "", "members")}, status: 403, code: "forbidden"},
		{name: "a stranger names a private group", req: request{Method: "POST", Path: "/api/v1/consultations", Token: mallory, Body: voteBody(t, "secret_club", "members")}, status: 422, code: "invalid", field: "group"},
		{name: "the admin writes a draft", req: request{Method: "POST", Path: "/api/v1/consultations", Token: alice, Body: voteBody(t, "droits", "members")}, status: 201,
			contains: []string{`"word":"vote"`, `"state":"draft"`, `"manage":true`, `"group_id":"` + gid + `"`}, check: e.saveConsultation("draft")},
		{name: "the private group's vote", req: request{Method: "POST", Path: "/api/v1/consultations", Token: alice, Body: voteBody(t, "secret_club", "members")}, status: 201, check: e.saveConsultation("club")},
		{name: "the instance's vote", req: request{Method: "POST", Path: "/api/v1/consultations", Token: root, Body: voteBody(t, "", "members")}, status: 201,
			contains: []string{`"group_id":null`}, check: e.saveConsultation("inst")},

		{name: "a member reads the draft", req: request{Method: "GET", Path: "/api/v1/consultations/$draft", Token: bob}, status: 404, code: "not_found"},
		{name: "anyone reads the draft", req: request{Method: "GET", Path: "/api/v1/consultations/$draft"}, status: 404, code: "not_found"},
		{name: "a member edits the draft", req: request{Method: "PATCH", Path: "/api/v1/consultations/$draft", Token: bob, Body: `{"title":"x"}`}, status: 404, code: "not_found"},
		{name: "a member adds a question", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/questions", Token: bob, Body: q}, status: 404, code: "not_found"},
		{name: "a member opens the draft", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/open", Token: bob}, status: 404, code: "not_found"},
		{name: "the group's list hides the draft", req: request{Method: "GET", Path: "/api/v1/groups/droits/consultations", Token: bob}, status: 200, contains: []string{`"consultations":[]`}},
		{name: "the group's list to its admin", req: request{Method: "GET", Path: "/api/v1/groups/" + gid + "/consultations", Token: alice}, status: 200, contains: []string{`"id":"$draft"`}},
		{name: "the instance's list hides its draft", req: request{Method: "GET", Path: "/api/v1/consultations"}, status: 200, contains: []string{`"consultations":[]`}},
		{name: "the instance's list to its admins", req: request{Method: "GET", Path: "/api/v1/consultations", Token: root}, status: 200, contains: []string{`"id":"$inst"`}, absent: []string{"$draft"}},
		{name: "a private group's list to a stranger", req: request{Method: "GET", Path: "/api/v1/groups/secret_club/consultations", Token: mallory}, status: 404, code: "not_found"},

		{name: "opening without questions", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/open", Token: alice}, status: 422, code: "invalid", field: "questions"},
		{name: "a question", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/questions", Token: alice, Body: q}, status: 201, contains: []string{`"id":"q1"`, `"options":["yes","no"]`}},
		{name: "a question of the club's", req: request{Method: "POST", Path: "/api/v1/consultations/$club/questions", Token: alice, Body: q}, status: 201},
		{name: "open", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/open", Token: alice}, status: 200, contains: []string{`"state":"open"`}},
		{name: "open the club's", req: request{Method: "POST", Path: "/api/v1/consultations/$club/open", Token: alice}, status: 200},
		{name: "open twice", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/open", Token: alice}, status: 409, code: "conflict"},
		{name: "a member reads it open", req: request{Method: "GET", Path: "/api/v1/consultations/$draft", Token: bob}, status: 200, contains: []string{`"manage":false`, `"token_key":"`}},
		{name: "a stranger reads the club's", req: request{Method: "GET", Path: "/api/v1/consultations/$club", Token: mallory}, status: 404, code: "not_found"},
		{name: "a stranger signs off the club's", req: request{Method: "POST", Path: "/api/v1/consultations/$club/sign-off", Token: mallory, Body: `{"blinded":"!!"}`}, status: 404, code: "not_found"},
		{name: "a member edits it", req: request{Method: "PATCH", Path: "/api/v1/consultations/$draft", Token: bob, Body: `{"title":"x"}`}, status: 403, code: "forbidden"},
		{name: "the admin edits it open", req: request{Method: "PATCH", Path: "/api/v1/consultations/$draft", Token: alice, Body: `{"title":"x"}`}, status: 409, code: "conflict"},
		{name: "a question once open", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/questions", Token: alice, Body: q}, status: 409, code: "conflict"},
		{name: "remove a question once open", req: request{Method: "DELETE", Path: "/api/v1/consultations/$draft/questions/q1", Token: alice}, status: 409, code: "conflict"},
		{name: "delete it open", req: request{Method: "DELETE", Path: "/api/v1/consultations/$draft", Token: alice}, status: 409, code: "conflict"},
		{name: "a member closes it", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/close", Token: bob}, status: 403, code: "forbidden"},
		{name: "publish it open", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/publish", Token: alice}, status: 409, code: "conflict"},
		{name: "codes of a vote of members", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/codes", Token: alice, Body: `{"count":2}`}, status: 409, code: "conflict"},
		{name: "anonymous signs off", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/sign-off", Body: `{"blinded":"AAAA"}`}, status: 401, code: "unauthorized"},
		{name: "a non-member signs off", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/sign-off", Token: mallory, Body: `{"blinded":"AAAA"}`}, status: 403, code: "forbidden"},
		{name: "a non-member signs off the instance's draft", req: request{Method: "POST", Path: "/api/v1/consultations/$inst/sign-off", Token: mallory, Body: `{"blinded":"AAAA"}`}, status: 404, code: "not_found"},
		{name: "a member's counts", req: request{Method: "GET", Path: "/api/v1/consultations/$draft/counts", Token: bob}, status: 200, contains: []string{`"sign_offs":0`, `"ballots":0`}},
		{name: "close", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/close", Token: alice}, status: 200, contains: []string{`"state":"closed"`}},
		{name: "close twice", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/close", Token: alice}, status: 409, code: "conflict"},
		{name: "cast once closed", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/ballots", Body: `{"answers":[{"question":"q1","choices":[0]}],"code":"x"}`}, status: 409, code: "conflict"},
		{name: "a member publishes", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/publish", Token: bob}, status: 403, code: "forbidden"},
		{name: "publish", req: request{Method: "POST", Path: "/api/v1/consultations/$draft/publish", Token: alice}, status: 200, contains: []string{`"state":"published"`}},
		{name: "anyone's results", req: request{Method: "GET", Path: "/api/v1/consultations/$draft/results"}, status: 200, contains: []string{`"ballots":0`, `"method":"plurality"`}},
		{name: "a deleted draft", req: request{Method: "DELETE", Path: "/api/v1/consultations/$inst", Token: root}, status: 204},
		{name: "gone", req: request{Method: "GET", Path: "/api/v1/consultations/$inst", Token: root}, status: 404, code: "not_found"},
	})
}

// TestVoteAPIBadInput: every field at fault is named, never a 500.
func TestVoteAPIBadInput(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	gid := e.voteGroup("champs", alice, bob)
	now := time.Now().UTC()
	create := func(changes map[string]any) string {
		m := map[string]any{"title": "Vote", "secret": true, "opens_at": now.Add(-time.Hour).Format(time.RFC3339),
			"closes_at": now.Add(3 * time.Hour).Format(time.RFC3339), "tz": "Europe/Paris", "audience": "members", "group": gid}
		for k, v := range changes {
			m[k] = v
		}
		return jsonBody(t, m)
	}
	post := func(name, path, body string, status int, code, field string) scenario {
		return scenario{name: name, req: request{Method: "POST", Path: path, Token: alice, Body: body}, status: status, code: code, field: field}
	}
	c := "/api/v1/consultations"
	open := e.openAPIVote(alice, gid, "members").Consultation.ID
	cast := c + "/" + open + "/ballots"
	e.run([]scenario{
		post("no title", c, create(map[string]any{"title": " "}), 422, "invalid", "title"),
		post("an unknown zone", c, create(map[string]any{"tz": "Mars/Olympus"}), 422, "invalid", "tz"),
		post("no zone", c, create(map[string]any{"tz": ""}), 422, "invalid", "tz"),
		post("an opening that is no time", c, create(map[string]any{"opens_at": "demain"}), 422, "invalid", "opens_at"),
		post("no closing", c, create(map[string]any{"closes_at": ""}), 422, "invalid", "closes_at"),
		post("a closing before the opening", c, create(map[string]any{"closes_at": now.Add(-2 * time.Hour).Format(time.RFC3339)}), 422, "invalid", "closes_at"),
		post("a local time the clocks skip", c, create(map[string]any{"opens_at": "2027-03-28T02:30", "closes_at": "2027-03-29T10:00"}), 422, "invalid", "opens_at"),
		post("a 30th of February", c, create(map[string]any{"closes_at": "2027-02-30T10:00"}), 422, "invalid", "closes_at"),
		post("an unknown audience", c, create(map[string]any{"audience": "everyone"}), 422, "invalid", "audience"),
		post("a secret vote by link", c, create(map[string]any{"audience": "link"}), 422, "invalid", "audience"),
		post("an unknown role", c, create(map[string]any{"min_role": "king"}), 422, "invalid", "min_role"),
		post("an unknown language", c, create(map[string]any{"lang": "xx"}), 422, "invalid", "lang"),
		post("an unknown group", c, create(map[string]any{"group": "nowhere_here"}), 422, "invalid", "group"),
		post("an unknown field", c, create(map[string]any{"colour": "red"}), 400, "invalid", "colour"),
		post("secret as a string", c, create(map[string]any{"secret": "yes"}), 400, "invalid", "secret"),
		post("a NUL in the title", c, create(map[string]any{"title": "a\u0000"}), 400, "invalid", "title"),
		post("not JSON", c, `{"title":`, 400, "invalid", "body"),
		post("a good draft", c, create(map[string]any{"opens_at": "2030-03-28T10:30", "closes_at": "2030-03-29T10:30"}), 201, "", ""),
	})
	d := decodeBytes[api.ConsultationList](t, e.mustDo(200, request{Method: "GET", Path: "/api/v1/groups/champs/consultations", Token: alice}))
	var id string
	for _, x := range d.Consultations {
		if x.State == "draft" {
			id = x.ID
			if x.OpensAt != "2030-03-28T09:30:00Z" {
				t.Fatalf("10:30 in Paris is %s", x.OpensAt)
			}
		}
	}
	p := c + "/" + id
	qs := p + "/questions"
	e.run([]scenario{
		{name: "edit: no title", req: request{Method: "PATCH", Path: p, Token: alice, Body: `{"title":""}`}, status: 422, code: "invalid", field: "title"},
		{name: "edit: a bad zone", req: request{Method: "PATCH", Path: p, Token: alice, Body: `{"tz":"Local"}`}, status: 422, code: "invalid", field: "tz"},
		{name: "edit: a bad closing", req: request{Method: "PATCH", Path: p, Token: alice, Body: `{"closes_at":"2030-99-01T10:00"}`}, status: 422, code: "invalid", field: "closes_at"},
		{name: "edit: the zone keeps the clocks", req: request{Method: "PATCH", Path: p, Token: alice, Body: `{"tz":"America/New_York"}`}, status: 200, contains: []string{`"opens_at":"2030-03-28T14:30:00Z"`}},
		post("a question of no kind", qs, `{"title":"Q","kind":"essay"}`, 422, "invalid", "kind"),
		post("a question without title", qs, `{"title":"","kind":"yesno"}`, 422, "invalid", "title"),
		post("one option", qs, `{"title":"Q","kind":"single","options":["A"]}`, 422, "invalid", "options"),
		post("twice the same option", qs, `{"title":"Q","kind":"single","options":["A","a"]}`, 422, "invalid", "options"),
		post("too many chosen", qs, `{"title":"Q","kind":"multiple","options":["A","B"],"max":5}`, 422, "invalid", "max"),
		post("an STV with no seat", qs, `{"title":"Q","kind":"ranking","method":"stv","options":["A","B","C"]}`, 422, "invalid", "seats"),
		post("an unknown method", qs, `{"title":"Q","kind":"ranking","method":"borda","options":["A","B","C"]}`, 422, "invalid", "method"),
		post("one grade", qs, `{"title":"Q","kind":"grades","options":["A","B"],"grades":["Bien"]}`, 422, "invalid", "grades"),
		post("free text in a vote", qs, `{"title":"Q","kind":"text"}`, 422, "invalid", "kind"),
		post("a condition in a vote", qs, `{"title":"Q","kind":"yesno","show_if":{"question":"q1","option":0}}`, 422, "invalid", "show_if"),
		post("options as a string", qs, `{"title":"Q","kind":"single","options":"A,B"}`, 400, "invalid", "options"),
		post("q1", qs, `{"title":"Q1","kind":"yesno"}`, 201, "", ""),
		post("q2", qs, `{"title":"Q2","kind":"ranking","method":"stv","seats":1,"options":["A","B","C"]}`, 201, "", ""),
		{name: "edit a question: its condition of the wrong type", req: request{Method: "PATCH", Path: qs + "/q2", Token: alice, Body: `{"show_if":"q1"}`}, status: 400, code: "invalid", field: "show_if"},
		{name: "edit a question: too many seats", req: request{Method: "PATCH", Path: qs + "/q2", Token: alice, Body: `{"seats":3}`}, status: 422, code: "invalid", field: "seats"},
		{name: "edit a question: two seats", req: request{Method: "PATCH", Path: qs + "/q2", Token: alice, Body: `{"seats":2,"show_if":null}`}, status: 200, contains: []string{`"seats":2`, `"method":"stv"`, `"show_if":null`}},
		{name: "edit a question that is not", req: request{Method: "PATCH", Path: qs + "/q9", Token: alice, Body: `{"title":"x"}`}, status: 404, code: "not_found"},
		post("move without a position", qs+"/q2/move", `{}`, 422, "invalid", "position"),
		post("move too far", qs+"/q2/move", `{"position":7}`, 422, "invalid", "position"),
		post("move first", qs+"/q2/move", `{"position":0}`, 200, "", ""),
		post("codes of a vote of members", p+"/codes", `{"count":0}`, 409, "conflict", ""),
		{name: "remove a question that is not", req: request{Method: "DELETE", Path: qs + "/q9", Token: alice}, status: 404, code: "not_found"},
		{name: "remove q1", req: request{Method: "DELETE", Path: qs + "/q1", Token: alice}, status: 204},

		post("sign off: not base64url", c+"/"+open+"/sign-off", `{"blinded":"!!!"}`, 422, "invalid", "blinded"),
		post("sign off: nothing", c+"/"+open+"/sign-off", `{"blinded":""}`, 422, "invalid", "blinded"),
		post("sign off: too long", c+"/"+open+"/sign-off", `{"blinded":"`+repeat("A", 4000)+`"}`, 422, "invalid", "blinded"),
		post("sign off: a number", c+"/"+open+"/sign-off", `{"blinded":1}`, 400, "invalid", "blinded"),
		{name: "cast: one answer short", req: request{Method: "POST", Path: cast, Body: `{"answers":[{"question":"q1","choices":[0]}],"code":"x"}`}, status: 422, code: "invalid", field: "answers"},
		{name: "cast: an option that is not", req: request{Method: "POST", Path: cast, Body: ballot(t, 5, 0, 0, "AAAA", "AAAA", "")}, status: 422, code: "invalid", field: "q1"},
		{name: "cast: a grade that is not", req: request{Method: "POST", Path: cast, Body: ballot(t, 0, 0, 9, "AAAA", "AAAA", "")}, status: 422, code: "invalid", field: "q3"},
		{name: "cast: a forged token", req: request{Method: "POST", Path: cast, Body: ballot(t, 0, 0, 0, "AAAA", "AAAA", "")}, status: 422, code: "invalid", field: "token"},
		{name: "cast: a token not base64url", req: request{Method: "POST", Path: cast, Body: ballot(t, 0, 0, 0, "!!", "AAAA", "")}, status: 422, code: "invalid", field: "token"},
		{name: "cast: no proof", req: request{Method: "POST", Path: cast, Body: ballot(t, 0, 0, 0, "", "", "")}, status: 422, code: "invalid", field: "proof"},
		{name: "cast: a token and a code", req: request{Method: "POST", Path: cast, Body: ballot(t, 0, 0, 0, "AAAA", "AAAA", "ABCD")}, status: 422, code: "invalid", field: "proof"},
		{name: "cast: a code in a vote of members", req: request{Method: "POST", Path: cast, Body: ballot(t, 0, 0, 0, "", "", "ABCD")}, status: 422, code: "invalid", field: "code"},
		{name: "cast: answers as an object", req: request{Method: "POST", Path: cast, Body: `{"answers":{"q1":0}}`}, status: 400, code: "invalid", field: "answers"},
		{name: "cast: an unknown field", req: request{Method: "POST", Path: cast, Body: `{"answers":[],"voter":"bob"}`}, status: 400, code: "invalid", field: "voter"},
		{name: "cast: not JSON", req: request{Method: "POST", Path: cast, Body: `answers=1`}, status: 400, code: "invalid", field: "body"},
		{name: "cast: as a form", req: request{Method: "POST", Path: cast, Body: `{}`, Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, status: 415, code: "unsupported_media_type"},
		{name: "cast: in a draft", req: request{Method: "POST", Path: c + "/" + id + "/ballots", Body: `{"answers":[],"code":"x"}`}, status: 404, code: "not_found"},
		{name: "cast: in no vote", req: request{Method: "POST", Path: c + "/01NOTHING0000000000000000/ballots", Body: `{"answers":[],"code":"x"}`}, status: 404, code: "not_found"},
		{name: "cast: GET", req: request{Method: "GET", Path: cast}, status: 405, code: "method_not_allowed"},
	})
}

func repeat(s string, n int) string {
	out := make([]byte, 0, len(s)*n)
	for range n {
		out = append(out, s...)
	}
	return string(out)
}
