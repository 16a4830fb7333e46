package api_test

import (
	"net/http"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

// TestVoteAPICodes runs a vote by invitation codes: a batch issued once
// through the API, casts with codes (typed loosely), a code that works
// once, a voided slip, a reprinted one, and the board counting the
// ballots by code.
func TestVoteAPICodes(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	gid := e.voteGroup("par_codes", alice, bob)
	d := decodeBytes[api.ConsultationDetail](t, e.mustDo(201, request{Method: "POST", Path: "/api/v1/consultations", Token: alice, Body: voteBody(t, gid, "codes")}))
	id := d.Consultation.ID
	if d.Consultation.Guarantee != "secret_invitation_code" || d.TokenKey != "" {
		t.Fatalf("a vote by codes: %+v", d)
	}
	for _, q := range []string{
		`{"title":"Qui ?","kind":"single","options":["Amélie","Bruno"],"blank":true}`,
		`{"title":"Adopter ?","kind":"yesno"}`,
		`{"title":"Juger","kind":"grades","options":["Plan A","Plan B"],"grades":["Très bien","Bien","Passable"]}`,
	} {
		e.mustDo(201, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/questions", Token: alice, Body: q})
	}
	codes := "/api/v1/consultations/" + id + "/codes"
	e.mustDo(http.StatusNotFound, request{Method: "POST", Path: codes, Token: bob, Body: `{"count":3}`}) // a draft
	batch := decodeBytes[api.SlipBatch](t, e.mustDo(201, request{Method: "POST", Path: codes, Token: alice, Body: `{"count":3}`}))
	if batch.Batch != 1 || len(batch.Slips) != 3 || batch.Slips[2].Slip != 3 || len(batch.Slips[0].Code) != 24 || batch.Slips[0].State != "issued" {
		t.Fatalf("batch %+v", batch)
	}
	e.mustDo(200, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/open", Token: alice})
	e.mustDo(http.StatusForbidden, request{Method: "POST", Path: codes, Token: bob, Body: `{"count":-1}`})
	n := decodeBytes[api.VoteCounts](t, e.mustDo(200, request{Method: "GET", Path: "/api/v1/consultations/" + id + "/counts", Token: alice}))
	if n.CodesIssued != 3 {
		t.Fatalf("counts %+v", n)
	}
	if n := decodeBytes[api.VoteCounts](t, e.mustDo(200, request{Method: "GET", Path: "/api/v1/consultations/" + id + "/counts", Token: bob})); n.CodesIssued != 0 {
		t.Fatalf("a member sees the codes' counts: %+v", n)
	}

	cast := "/api/v1/consultations/" + id + "/ballots"
	loose := strings.ToLower(strings.ReplaceAll(batch.Slips[0].Code, "-", " "))
	r1 := decodeBytes[api.BallotReceipt](t, e.mustDo(201, request{Method: "POST", Path: cast, Body: ballot(t, 0, 1, 0, "", "", loose)}))
	e.run([]scenario{
		{name: "a code twice", req: request{Method: "POST", Path: cast, Body: ballot(t, 1, 1, 0, "", "", batch.Slips[0].Code)}, status: 409, code: "conflict"},
		{name: "void slip 2", req: request{Method: "POST", Path: codes + "/1/2/void", Token: alice}, status: 204},
		{name: "void it again", req: request{Method: "POST", Path: codes + "/1/2/void", Token: alice}, status: 409, code: "conflict"},
		{name: "void a used slip", req: request{Method: "POST", Path: codes + "/1/1/void", Token: alice}, status: 409, code: "conflict"},
		{name: "void a slip that is not", req: request{Method: "POST", Path: codes + "/1/9/void", Token: alice}, status: 404, code: "not_found"},
		{name: "void slip zero", req: request{Method: "POST", Path: codes + "/0/1/void", Token: alice}, status: 404, code: "not_found"},
		{name: "void slip x", req: request{Method: "POST", Path: codes + "/1/x/void", Token: alice}, status: 404, code: "not_found"},
		{name: "a member voids", req: request{Method: "POST", Path: codes + "/1/3/void", Token: bob}, status: 403, code: "forbidden"},
		{name: "the voided code", req: request{Method: "POST", Path: cast, Body: ballot(t, 1, 1, 0, "", "", batch.Slips[1].Code)}, status: 422, code: "invalid", field: "code"},
	})
	re := decodeBytes[api.Slip](t, e.mustDo(200, request{Method: "POST", Path: codes + "/1/3/reprint", Token: alice}))
	if re.Batch != 1 || re.Slip != 3 || re.Code == batch.Slips[2].Code || re.Code == "" {
		t.Fatalf("reprint %+v", re)
	}
	e.mustDo(422, request{Method: "POST", Path: cast, Body: ballot(t, 1, 0, 1, "", "", batch.Slips[2].Code)})
	r3 := decodeBytes[api.BallotReceipt](t, e.mustDo(201, request{Method: "POST", Path: cast, Body: ballot(t, 1, 0, 1, "", "", re.Code)}))
	e.mustDo(200, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/close", Token: alice})
	e.mustDo(http.StatusConflict, request{Method: "POST", Path: codes, Token: alice, Body: `{"count":3}`})
	e.mustDo(200, request{Method: "POST", Path: "/api/v1/consultations/" + id + "/publish", Token: alice})
	b, rep := verifyAPIBoard(t, e, id)
	if rep.Counted != 2 || rep.ByCode != 2 || b.Find(r1.Receipt) < 0 || b.Find(r3.Receipt) < 0 {
		t.Fatalf("board %+v", rep)
	}
}
