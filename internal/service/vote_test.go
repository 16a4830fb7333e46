package service_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"sync"
	"testing"
	"time"

	"github.com/cloudflare/circl/blindsign/blindrsa"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/tally"
)

const voteTZ = "Europe/Paris"

// voteInput is a secret vote of the group's members, open from an hour
// ago for three hours, in Paris time.
func voteInput(e *env, groupID, audience string) service.ConsultationInput {
	loc, _ := time.LoadLocation(voteTZ)
	now := e.clock()
	return service.ConsultationInput{Title: "Élection du bureau", Description: "Vote **secret**.", Secret: true,
		Opens: cortege.WallOf(now.Add(-time.Hour), loc), Closes: cortege.WallOf(now.Add(3*time.Hour), loc), TZ: voteTZ,
		Audience: audience, MinRole: cortege.GroupMember, GroupID: groupID}
}

// openVote creates a vote with two questions and opens it.
func openVote(t *testing.T, e *env, admin cortege.Actor, in service.ConsultationInput) *cortege.Consultation {
	t.Helper()
	c, err := e.svc.CreateConsultation(bg, admin, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddQuestion(bg, admin, c.ID, service.QuestionInput{Title: "Qui ?", Kind: cortege.QuestionSingle, Options: []string{"Amélie", "Bruno"}, Blank: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddQuestion(bg, admin, c.ID, service.QuestionInput{Title: "Adopter ?", Kind: cortege.QuestionYesNo}); err != nil {
		t.Fatal(err)
	}
	if c, err = e.svc.OpenConsultation(bg, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	return c
}

// voter is the client side of a blind token: what the browser does.
type voter struct {
	client blindrsa.Client
}

func newVoter(t testing.TB, tokenKey string) voter {
	pk, err := tally.TokenPublicKey(tokenKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := blindrsa.NewClient(blindrsa.SHA384PSSRandomized, pk)
	if err != nil {
		t.Fatal(err)
	}
	return voter{client: c}
}

// token blinds a random message, has sign blind-sign it, unblinds.
func (v voter) token(t testing.TB, sign func(blinded []byte) ([]byte, error)) (service.CastProof, error) {
	msg := make([]byte, 32)
	rand.Read(msg)
	prepared, err := v.client.Prepare(rand.Reader, msg)
	if err != nil {
		t.Fatal(err)
	}
	blinded, st, err := v.client.Blind(rand.Reader, prepared)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := sign(blinded)
	if err != nil {
		return service.CastProof{}, err
	}
	sig, err := v.client.Finalize(st, bs)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	return service.CastProof{Token: enc.EncodeToString(prepared), Signature: enc.EncodeToString(sig)}, nil
}

func answers(who, yes int) []service.Answer {
	return []service.Answer{{Question: "q1", Choices: []int{who}}, {Question: "q2", Choices: []int{yes}}}
}

// verifiedBoard writes and verifies a vote's board.
func verifiedBoard(t *testing.T, e *env, a cortege.Actor, id string) (tally.Board, tally.Report) {
	t.Helper()
	var buf bytes.Buffer
	if err := e.svc.WriteBoard(bg, a, id, &buf); err != nil {
		t.Fatal(err)
	}
	b, err := tally.ParseBoard(&buf, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := ledger.Verifiers(e.svc.PetitionLogKey())
	if err != nil {
		t.Fatal(err)
	}
	r, err := tally.VerifyBoard(b, vs)
	if err != nil {
		t.Fatalf("board does not verify: %v", err)
	}
	return b, r
}

func TestVoteMembersLifecycle(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "assemblee", cortege.VisibilityPublic, cortege.JoinOpen)
	alice := member(t, e, admin, g, "alice@example.org", cortege.GroupMember)
	bob := member(t, e, admin, g, "bob@example.org", cortege.GroupMember)
	stranger := signIn(t, e, "stranger@example.org")

	_, err := e.svc.CreateConsultation(bg, alice, voteInput(e, g.ID, cortege.AudienceMembers))
	wantCode(t, "a member creates", err, cortege.EFORBIDDEN)
	bad := voteInput(e, g.ID, cortege.AudienceLink)
	_, err = e.svc.CreateConsultation(bg, admin, bad)
	wantCode(t, "a secret vote by link", err, cortege.EINVALID)
	bad = voteInput(e, g.ID, cortege.AudienceRoll)
	_, err = e.svc.CreateConsultation(bg, admin, bad)
	wantCode(t, "a vote on a roll", err, cortege.EINVALID)

	c := openVote(t, e, admin, voteInput(e, g.ID, cortege.AudienceMembers))
	_, err = e.svc.AddQuestion(bg, admin, c.ID, service.QuestionInput{Title: "Trop tard", Kind: cortege.QuestionYesNo})
	wantCode(t, "a question once open", err, cortege.ECONFLICT)
	v, err := e.svc.Consultation(bg, alice, c.ID)
	if err != nil || v.TokenKey == "" || v.State != cortege.ConsultationOpen {
		t.Fatalf("view %+v, %v", v, err)
	}
	cl := newVoter(t, v.TokenKey)

	sign := func(a cortege.Actor) func([]byte) ([]byte, error) {
		return func(b []byte) ([]byte, error) { return e.svc.SignOff(bg, a, c.ID, b) }
	}
	_, err = cl.token(t, sign(stranger))
	wantCode(t, "a stranger signs off", err, cortege.EFORBIDDEN)
	mods := voteInput(e, g.ID, cortege.AudienceMembers)
	mods.MinRole = cortege.GroupModerator
	cm := openVote(t, e, admin, mods)
	vm, _ := e.svc.Consultation(bg, alice, cm.ID)
	_, err = newVoter(t, vm.TokenKey).token(t, func(b []byte) ([]byte, error) { return e.svc.SignOff(bg, alice, cm.ID, b) })
	wantCode(t, "a member signs off a moderators' vote", err, cortege.EFORBIDDEN)

	pa, err := cl.token(t, sign(alice))
	if err != nil {
		t.Fatal(err)
	}
	_, err = cl.token(t, sign(alice))
	wantCode(t, "a second sign-off", err, cortege.ECONFLICT)
	if e2 := cortege.ErrorOf(err); e2 == nil || e2.Message != "err.vote.already_took_part" {
		t.Fatalf("second sign-off: %v", err)
	}
	pb, err := cl.token(t, sign(bob))
	if err != nil {
		t.Fatal(err)
	}

	_, err = e.svc.Cast(bg, c.ID, []service.Answer{{Question: "q1", Choices: []int{5}}, {Question: "q2", Choices: []int{0}}}, pa)
	wantCode(t, "an invalid answer", err, cortege.EINVALID)
	if f := cortege.ErrorOf(err); f == nil || f.Field != "q1" {
		t.Fatalf("invalid answer names %v", err)
	}
	forged := pa
	forged.Signature = pb.Signature
	_, err = e.svc.Cast(bg, c.ID, answers(0, 0), forged)
	wantCode(t, "a forged token", err, cortege.EINVALID)
	ra, err := e.svc.Cast(bg, c.ID, answers(0, 0), pa)
	if err != nil || len(ra) != 26 {
		t.Fatalf("cast: %q, %v", ra, err)
	}
	_, err = e.svc.Cast(bg, c.ID, answers(1, 1), pa)
	wantCode(t, "a token twice", err, cortege.ECONFLICT)
	if _, err := e.svc.Cast(bg, c.ID, answers(0, 1), pb); err != nil {
		t.Fatal(err)
	}
	n, err := e.svc.VoteCountsOf(bg, alice, c.ID)
	if err != nil || n.SignOffs != 2 || n.Ballots != 2 {
		t.Fatalf("counts %+v, %v", n, err)
	}
	_, err = e.svc.VoteResults(bg, alice, c.ID)
	wantCode(t, "results while open", err, cortege.EFORBIDDEN)

	// Closing time, in Paris: the job closes it once past.
	e.advance(3*time.Hour + time.Minute)
	_, err = e.svc.Cast(bg, c.ID, answers(0, 0), pb)
	wantCode(t, "a cast after the closing time", err, cortege.ECONFLICT)
	if err := e.svc.CloseConsultationsDue(bg); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "closed twice", e.svc.CloseConsultation(bg, admin, c.ID), cortege.ECONFLICT)
	_, err = e.svc.VoteResults(bg, alice, c.ID)
	wantCode(t, "results before publication", err, cortege.EFORBIDDEN)
	if err := e.svc.PublishResults(bg, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	b, r := verifiedBoard(t, e, alice, c.ID)
	if r.Counted != 2 || b.SignOffs != 2 || len(b.Ballots) != 2 {
		t.Fatalf("board: %d counted, %d sign-offs", r.Counted, b.SignOffs)
	}
	found := false
	for _, x := range b.Ballots {
		found = found || x.Ballot.ID == ra
	}
	if !found {
		t.Fatal("the receipt's ballot is not on the board")
	}
	res, err := e.svc.VoteResults(bg, stranger, c.ID)
	if err != nil || res[0].Counts.Counts[0] != 2 || res[1].Counts.Counts[0] != 1 {
		t.Fatalf("results %+v, %v", res, err)
	}
}

func TestVoteClosingTimeZone(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "fuseau", cortege.VisibilityPublic, cortege.JoinOpen)
	in := voteInput(e, g.ID, cortege.AudienceMembers)
	c, err := e.svc.CreateConsultation(bg, admin, in)
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation(voteTZ)
	if got := cortege.WallOf(c.ClosesAt, loc); got != in.Closes {
		t.Fatalf("closes at %v in Paris, typed %v", got, in.Closes)
	}
	in.TZ = "America/New_York"
	c, err = e.svc.UpdateConsultation(bg, admin, c.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	if got := cortege.WallOf(c.ClosesAt, ny); got != in.Closes {
		t.Fatalf("closes at %v in New York, typed %v", got, in.Closes)
	}
	in.TZ = "Mars/Olympus"
	_, err = e.svc.UpdateConsultation(bg, admin, c.ID, in)
	wantCode(t, "an unknown zone", err, cortege.EINVALID)
}

func TestVoteRevote(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "revote", cortege.VisibilityPublic, cortege.JoinOpen)
	alice := member(t, e, admin, g, "alice@example.org", cortege.GroupMember)
	in := voteInput(e, g.ID, cortege.AudienceMembers)
	in.Revote = true
	c := openVote(t, e, admin, in)
	v, _ := e.svc.Consultation(bg, alice, c.ID)
	p, err := newVoter(t, v.TokenKey).token(t, func(b []byte) ([]byte, error) { return e.svc.SignOff(bg, alice, c.ID, b) })
	if err != nil {
		t.Fatal(err)
	}
	first, err := e.svc.Cast(bg, c.ID, answers(0, 0), p)
	if err != nil {
		t.Fatal(err)
	}
	last, err := e.svc.Cast(bg, c.ID, answers(1, 1), p)
	if err != nil || last == first {
		t.Fatalf("re-vote: %q, %v", last, err)
	}
	if err := e.svc.CloseConsultation(bg, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	b, r := verifiedBoard(t, e, admin, c.ID)
	if len(b.Ballots) != 1 || b.Ballots[0].Ballot.ID != last || r.Results[0].Counts.Counts[1] != 1 {
		t.Fatalf("board after a re-vote: %+v", b.Ballots)
	}
}

func TestVoteCodes(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "codes", cortege.VisibilityPublic, cortege.JoinOpen)
	c, err := e.svc.CreateConsultation(bg, admin, voteInput(e, g.ID, cortege.AudienceCodes))
	if err != nil {
		t.Fatal(err)
	}
	slips, err := e.svc.GenerateCodes(bg, admin, c.ID, 5)
	if err != nil || len(slips) != 5 || slips[4].Slip != 5 || slips[0].Batch != 1 {
		t.Fatalf("slips %+v, %v", slips, err)
	}
	if _, err := e.svc.AddQuestion(bg, admin, c.ID, service.QuestionInput{Title: "Qui ?", Kind: cortege.QuestionSingle, Options: []string{"Amélie", "Bruno"}, Blank: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddQuestion(bg, admin, c.ID, service.QuestionInput{Title: "Adopter ?", Kind: cortege.QuestionYesNo}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.OpenConsultation(bg, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	code := func(s cortege.InvitationSlip) service.CastProof { return service.CastProof{Code: s.Code.String()} }
	if _, err := e.svc.Cast(bg, c.ID, answers(0, 0), code(slips[0])); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Cast(bg, c.ID, answers(0, 0), code(slips[0]))
	wantCode(t, "a code twice", err, cortege.ECONFLICT)
	if err := e.svc.VoidSlip(bg, admin, c.ID, 1, 2); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Cast(bg, c.ID, answers(0, 0), code(slips[1]))
	wantCode(t, "a void code", err, cortege.EINVALID)
	wantCode(t, "voiding a used slip", e.svc.VoidSlip(bg, admin, c.ID, 1, 1), cortege.ECONFLICT)
	wantCode(t, "voiding an unknown slip", e.svc.VoidSlip(bg, admin, c.ID, 1, 99), cortege.ENOTFOUND)
	re, err := e.svc.ReprintSlip(bg, admin, c.ID, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Cast(bg, c.ID, answers(0, 0), code(slips[2]))
	wantCode(t, "a reprinted slip's old code", err, cortege.EINVALID)
	if _, err := e.svc.Cast(bg, c.ID, answers(1, 0), code(*re)); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Cast(bg, c.ID, answers(0, 0), service.CastProof{Code: "nope"})
	wantCode(t, "a mistyped code", err, cortege.EINVALID)
	if err := e.svc.CloseConsultation(bg, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	b, r := verifiedBoard(t, e, admin, c.ID)
	// Five codes issued, two voided (slip 2, slip 3's first code), one
	// reprinted: four on the board, two used.
	if len(b.Codes) != 4 || r.ByCode != 2 || b.SignOffs != 2 {
		t.Fatalf("board: %d codes, %d by code, %d sign-offs", len(b.Codes), r.ByCode, b.SignOffs)
	}
}

// TestVoteConcurrentCasts casts 1,000 times at once with one token, then
// with one code: exactly one counts, the others are refused as used.
func TestVoteConcurrentCasts(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "foule", cortege.VisibilityPublic, cortege.JoinOpen)
	alice := member(t, e, admin, g, "alice@example.org", cortege.GroupMember)
	c := openVote(t, e, admin, voteInput(e, g.ID, cortege.AudienceMembers))
	v, _ := e.svc.Consultation(bg, alice, c.ID)
	p, err := newVoter(t, v.TokenKey).token(t, func(b []byte) ([]byte, error) { return e.svc.SignOff(bg, alice, c.ID, b) })
	if err != nil {
		t.Fatal(err)
	}
	storm := func(id string, p service.CastProof, refusal string) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		ok, refused := 0, 0
		for range 1000 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.svc.Cast(bg, id, answers(0, 0), p)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					ok++
				} else if f := cortege.ErrorOf(err); f != nil && f.Message == refusal {
					refused++
				} else {
					t.Errorf("cast: %v", err)
				}
			}()
		}
		wg.Wait()
		if ok != 1 || refused != 999 {
			t.Fatalf("%d counted, %d refused as %s", ok, refused, refusal)
		}
	}
	storm(c.ID, p, "err.vote.token_used")

	cc, err := e.svc.CreateConsultation(bg, admin, voteInput(e, g.ID, cortege.AudienceCodes))
	if err != nil {
		t.Fatal(err)
	}
	slips, err := e.svc.GenerateCodes(bg, admin, cc.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddQuestion(bg, admin, cc.ID, service.QuestionInput{Title: "Qui ?", Kind: cortege.QuestionSingle, Options: []string{"A", "B"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddQuestion(bg, admin, cc.ID, service.QuestionInput{Title: "Oui ?", Kind: cortege.QuestionYesNo}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.OpenConsultation(bg, admin, cc.ID); err != nil {
		t.Fatal(err)
	}
	storm(cc.ID, service.CastProof{Code: slips[0].Code.String()}, "err.vote.code_used")
}
