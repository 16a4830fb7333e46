package api_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudflare/circl/blindsign/blindrsa"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/api"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/tally"
)

// voteBody is the body of a new vote of group's members, open from an
// hour ago for three hours, its times given as instants.
func voteBody(t *testing.T, group, audience string) string {
	now := time.Now().UTC()
	return jsonBody(t, map[string]any{"title": "Élection du bureau", "description": "Vote **secret**.", "secret": true,
		"opens_at": now.Add(-time.Hour).Format(time.RFC3339), "closes_at": now.Add(3 * time.Hour).Format(time.RFC3339),
		"tz": "Europe/Paris", "audience": audience, "min_role": "member", "group": group})
}

// mustDo runs a request that must answer want and returns the answer.
func (e *env) mustDo(want int, q request) []byte {
	e.t.Helper()
	w := e.do(q)
	if w.Code != want {
		e.t.Fatalf("%s %s: %d, want %d: %s", q.Method, q.Path, w.Code, want, w.Body.String())
	}
	return w.Body.Bytes()
}

// decodeBytes decodes an answer's body strictly.
func decodeBytes[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %T from %s: %v", v, b, err)
	}
	return v
}

// voteGroup makes a public, open group administered by alice, which bob
// joins, and returns its ID.
func (e *env) voteGroup(handle, alice, bob string) string {
	e.t.Helper()
	g := decodeBytes[api.Group](e.t, e.mustDo(201, request{Method: "POST", Path: "/api/v1/groups", Token: alice,
		Body: `{"handle":"` + handle + `","name":"Assemblée","visibility":"public","join_mode":"open"}`}))
	e.mustDo(200, request{Method: "POST", Path: "/api/v1/groups/" + handle + "/join", Token: bob})
	return g.ID
}

// openAPIVote creates a vote with three questions through the API and
// opens it.
func (e *env) openAPIVote(admin, group, audience string) api.ConsultationDetail {
	e.t.Helper()
	d := decodeBytes[api.ConsultationDetail](e.t, e.mustDo(201, request{Method: "POST", Path: "/api/v1/consultations", Token: admin, Body: voteBody(e.t, group, audience)}))
	id := d.Consultation.ID
	for _, q := range []string{
		`{"title":"Qui ?","kind":"single","options":["Amélie","Bruno"],"blank":true}`,
		`{"title":"Adopter ?","kind":"yesno"}`,
		`{"title":"Juger","kind":"grades","options":["Plan A","Plan B"],"grades":["Très bien","Bien","Passable"]}`,
	} {
		e.mustDo(201, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/questions", Token: admin, Body: q})
	}
	return decodeBytes[api.ConsultationDetail](e.t, e.mustDo(200, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/open", Token: admin}))
}

// blindToken does what a voter's client does: blind a random token under
// the vote's key, have the sign-off blind-sign it, unblind. It returns the
// token and signature (base64url) and the sign-off's answer.
func blindToken(t *testing.T, e *env, id, tokenKey, bearer string) (token, sig string, w int) {
	t.Helper()
	pk, err := tally.TokenPublicKey(tokenKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := blindrsa.NewClient(blindrsa.SHA384PSSRandomized, pk)
	if err != nil {
		t.Fatal(err)
	}
	msg := make([]byte, 32)
	rand.Read(msg)
	prepared, err := c.Prepare(rand.Reader, msg)
	if err != nil {
		t.Fatal(err)
	}
	blinded, st, err := c.Blind(rand.Reader, prepared)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	r := e.do(request{Method: "POST", Path: "/api/v1/consultations/" + id + "/sign-off", Token: bearer, Body: `{"blinded":"` + enc.EncodeToString(blinded) + `"}`})
	if r.Code != 200 {
		return "", "", r.Code
	}
	res := decodeAs[api.SignOffResult](t, r)
	bs, err := enc.DecodeString(res.BlindSignature)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Finalize(st, bs)
	if err != nil {
		t.Fatalf("the blind signature does not finalize: %v", err)
	}
	return enc.EncodeToString(prepared), enc.EncodeToString(s), 200
}

// ballot is a cast's body.
func ballot(t *testing.T, who, yes, gradeA int, token, sig, code string) string {
	return jsonBody(t, map[string]any{"answers": []map[string]any{
		{"question": "q1", "choices": []int{who}}, {"question": "q2", "choices": []int{yes}}, {"question": "q3", "grades": []int{gradeA, 1}},
	}, "token": token, "signature": sig, "code": code})
}

// TestVoteAPIFullVote runs a whole vote of members through the API alone:
// create, questions, open, blind sign-off with a real blind signature,
// casts with no credentials (and credentials that must be ignored),
// close, the board verified as anyone would, publication, results equal
// to the board's recount.
func TestVoteAPIFullVote(t *testing.T) {
	e := newEnv(t)
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	gid := e.voteGroup("assemblee", alice, bob)
	e.mustDo(200, request{Method: "POST", Path: "/api/v1/groups/assemblee/join", Token: carol})

	v := e.openAPIVote(alice, gid, "members")
	id := v.Consultation.ID
	if v.Consultation.Word != "vote" || v.Consultation.State != "open" || v.Consultation.Guarantee != "secret_blind_token" || v.TokenKey == "" || len(v.Questions) != 3 {
		t.Fatalf("opened vote: %+v", v)
	}
	if v.Questions[1].Options[0] != "yes" || v.Questions[2].Method != "majority-judgement" {
		t.Fatalf("questions: %+v", v.Questions)
	}
	seen := decodeBytes[api.ConsultationDetail](t, e.mustDo(200, request{Method: "GET", Path: "/api/v1/consultations/" + id, Token: bob}))
	if seen.Manage || seen.TokenKey != v.TokenKey || seen.SignedOff {
		t.Fatalf("bob sees %+v", seen)
	}
	list := decodeBytes[api.ConsultationList](t, e.mustDo(200, request{Method: "GET", Path: "/api/v1/groups/assemblee/consultations"}))
	if len(list.Consultations) != 1 || list.Consultations[0].ID != id {
		t.Fatalf("the group's list: %+v", list)
	}

	tb, sb, code := blindToken(t, e, id, seen.TokenKey, bob)
	if code != 200 {
		t.Fatalf("bob's sign-off: %d", code)
	}
	if _, _, code := blindToken(t, e, id, seen.TokenKey, bob); code != http.StatusConflict {
		t.Fatalf("bob's second sign-off: %d, want 409", code)
	}
	tc, sc, code := blindToken(t, e, id, seen.TokenKey, carol)
	if code != 200 {
		t.Fatalf("carol's sign-off: %d", code)
	}
	if d := decodeBytes[api.ConsultationDetail](t, e.mustDo(200, request{Method: "GET", Path: "/api/v1/consultations/" + id, Token: bob})); !d.SignedOff {
		t.Fatal("bob is not on the sheet")
	}

	// Bob casts with nothing; carol's client sends, by mistake, a cookie
	// and a bearer token that is not valid: the box reads neither.
	cast := "/api/v1/consultations/" + id + "/ballots"
	rb := decodeBytes[api.BallotReceipt](t, e.mustDo(201, request{Method: "POST", Path: cast, Body: ballot(t, 0, 0, 0, tb, sb, "")}))
	rc := decodeBytes[api.BallotReceipt](t, e.mustDo(201, request{Method: "POST", Path: cast, Body: ballot(t, 1, 0, 2, tc, sc, ""),
		Header: map[string]string{"Authorization": "Bearer ctg_not_a_token", "Cookie": "__Host-session=whatever"}}))
	if len(rb.Receipt) != 26 || rb.BoardURL != testBaseURL+"/votes/"+id+"/board.json" {
		t.Fatalf("receipt %+v", rb)
	}
	w := e.do(request{Method: "POST", Path: cast, Body: ballot(t, 1, 1, 1, tb, sb, "")})
	if w.Code != http.StatusConflict {
		t.Fatalf("a token twice: %d %s", w.Code, w.Body.String())
	}
	for _, r := range []string{rb.Receipt, rc.Receipt} {
		if strings.Contains(e.logs.String(), r) {
			t.Fatalf("a receipt is in the logs: %s", e.logs.String())
		}
	}
	n := decodeBytes[api.VoteCounts](t, e.mustDo(200, request{Method: "GET", Path: "/api/v1/consultations/" + id + "/counts"}))
	if n.SignOffs != 2 || n.Ballots != 2 {
		t.Fatalf("counts %+v", n)
	}
	e.mustDo(http.StatusForbidden, request{Method: "GET", Path: "/api/v1/consultations/" + id + "/board", Token: alice})
	e.mustDo(http.StatusForbidden, request{Method: "GET", Path: "/api/v1/consultations/" + id + "/results"})

	e.mustDo(200, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/close", Token: alice})
	// Closed: the board to everyone (published at closing), the results to
	// its managers only until they publish them.
	e.mustDo(200, request{Method: "GET", Path: "/api/v1/consultations/" + id + "/board", Token: bob})
	e.mustDo(http.StatusForbidden, request{Method: "GET", Path: "/api/v1/consultations/" + id + "/results", Token: bob})
	e.mustDo(200, request{Method: "GET", Path: "/api/v1/consultations/" + id + "/board", Token: alice})
	d := decodeBytes[api.ConsultationDetail](t, e.mustDo(200, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/publish", Token: alice}))
	if d.Consultation.State != "published" || d.Consultation.PublishedAt == nil {
		t.Fatalf("published: %+v", d.Consultation)
	}

	bw := e.do(request{Method: "GET", Path: "/api/v1/consultations/" + id + "/board"})
	if bw.Code != 200 || bw.Header().Get("Content-Type") != api.JSONType {
		t.Fatalf("board: %d %q", bw.Code, bw.Header().Get("Content-Type"))
	}
	var page bytes.Buffer
	if err := e.svc.WriteBoard(context.Background(), cortege.Anonymous, id, &page); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bw.Body.Bytes(), page.Bytes()) {
		t.Fatal("the API's board is not the bytes of /votes/{id}/board.json")
	}
	b, rep := verifyAPIBoard(t, e, id)
	if rep.Counted != 2 || rep.ByToken != 2 || b.Find(rb.Receipt) < 0 || b.Find(rc.Receipt) < 0 {
		t.Fatalf("board: %+v; receipts found %d %d", rep, b.Find(rb.Receipt), b.Find(rc.Receipt))
	}

	res := decodeBytes[api.VoteResults](t, e.mustDo(200, request{Method: "GET", Path: "/api/v1/consultations/" + id + "/results"}))
	got, _ := json.Marshal(res.Results)
	want, _ := json.Marshal(rep.Results)
	if !bytes.Equal(got, want) {
		t.Fatalf("results %s, the board's recount %s", got, want)
	}
	if res.SignOffs != 2 || res.Ballots != 2 || res.Results[0].Counts.Counts[0] != 1 || res.Results[1].Counts.Counts[0] != 2 || res.Results[2].Judgement == nil {
		t.Fatalf("results %+v", res)
	}
}

// verifyAPIBoard reads a published vote's board through the API
// anonymously and verifies it as `cortege tally verify` does.
func verifyAPIBoard(t *testing.T, e *env, id string) (tally.Board, tally.Report) {
	t.Helper()
	raw := e.mustDo(200, request{Method: "GET", Path: "/api/v1/consultations/" + id + "/board"})
	b, err := tally.ParseBoard(bytes.NewReader(raw), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := ledger.Verifiers(e.svc.PetitionLogKey())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := tally.VerifyBoard(b, vs)
	if err != nil {
		t.Fatalf("the board does not verify: %v", err)
	}
	return b, rep
}

// TestVoteAPIRevote: with re-voting, the same token casts again and the
// last ballot alone counts (the earlier one left the box).
func TestVoteAPIRevote(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	gid := e.voteGroup("revote", alice, bob)
	var m map[string]any
	json.Unmarshal([]byte(voteBody(t, gid, "members")), &m)
	m["revote"] = true
	d := decodeBytes[api.ConsultationDetail](t, e.mustDo(201, request{Method: "POST", Path: "/api/v1/consultations", Token: alice, Body: jsonBody(t, m)}))
	id := d.Consultation.ID
	if !d.Consultation.Revote {
		t.Fatal("revote not kept")
	}
	e.mustDo(201, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/questions", Token: alice, Body: `{"title":"Qui ?","kind":"single","options":["Amélie","Bruno"]}`})
	v := decodeBytes[api.ConsultationDetail](t, e.mustDo(200, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/open", Token: alice}))
	tok, sig, code := blindToken(t, e, id, v.TokenKey, bob)
	if code != 200 {
		t.Fatalf("sign-off: %d", code)
	}
	cast := "/api/v1/consultations/" + id + "/ballots"
	one := func(choice int) string {
		return jsonBody(t, map[string]any{"answers": []map[string]any{{"question": "q1", "choices": []int{choice}}}, "token": tok, "signature": sig})
	}
	e.mustDo(201, request{Method: "POST", Path: cast, Body: one(0)})
	last := decodeBytes[api.BallotReceipt](t, e.mustDo(201, request{Method: "POST", Path: cast, Body: one(1)}))
	e.mustDo(200, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/close", Token: alice})
	e.mustDo(200, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/publish", Token: alice})
	b, rep := verifyAPIBoard(t, e, id)
	res := decodeBytes[api.VoteResults](t, e.mustDo(200, request{Method: "GET", Path: "/api/v1/consultations/" + id + "/results"}))
	if rep.Counted != 1 || b.Find(last.Receipt) < 0 || res.Results[0].Counts.Counts[1] != 1 || res.Results[0].Counts.Counts[0] != 0 || res.Ballots != 1 {
		t.Fatalf("after a re-vote: board %+v, results %+v", rep, res)
	}
}
