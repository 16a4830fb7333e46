package tally

import (
	"bytes"
	"errors"
	mrand "math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestBoardTenThousand publishes a 10,000-ballot board (1,000 ballots
// with real blind tokens, 9,000 with invitation codes, heads every 1,000
// entries), parses it back and verifies it: every result equals the count
// of what was cast, and a sample of each kind of tampering is detected on
// it. (The 1,000 random tamperings run on a smaller board below: each
// verification of this one re-checks 10,000 ballots.)
func TestBoardTenThousand(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 ballots")
	}
	f := testFixture(t)
	rng := mrand.New(mrand.NewPCG(10, 10))
	b := newBox(t, rng, 1000, 9000)
	bd := b.board(t, 1000)
	raw := bd.Marshal()
	parsed, err := ParseBoard(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := VerifyBoard(parsed, f.vs)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ballots != 10000 || rep.Counted != 10000 || rep.ByToken != 1000 || rep.ByCode != 9000 {
		t.Fatalf("report %+v", rep)
	}
	for k, q := range b.meta.Questions {
		want := Count(q, b.answersOf(k))
		if !reflect.DeepEqual(rep.Results[k], want) {
			t.Fatalf("question %s: recount differs from the count of what was cast", q.ID)
		}
	}
	if !reflect.DeepEqual(parsed.Results(), rep.Results) {
		t.Fatal("Board.Results differs from VerifyBoard's")
	}
	if _, err := ParseBoard(bytes.NewReader(raw), int64(len(raw))-1); !errors.Is(err, ErrBoardTooLarge) {
		t.Fatalf("a board over the limit: %v", err)
	}
	for i, kind := range tamperKinds {
		if kind.name == "flipped byte" || strings.HasSuffix(kind.name, "re-signed") {
			continue // covered below; re-signing 10,000 entries is slow
		}
		tb, tp := kind.apply(t, rng, b, bd)
		if err := verifyBytes(tb.Marshal(), f); err == nil {
			t.Fatalf("tampering %d (%s: %s) of the 10,000-ballot board not detected", i, kind.name, tp.what)
		}
	}
}

// TestBoardTamperings applies 1,000 random tamperings to a 200-ballot
// board and demands that each is detected, by the parser or the verifier,
// and, for those aimed at one ballot, at that ballot.
func TestBoardTamperings(t *testing.T) {
	f := testFixture(t)
	rng := mrand.New(mrand.NewPCG(11, 11))
	b := newBox(t, rng, 100, 100)
	bd := b.board(t, 50)
	if err := verifyBytes(bd.Marshal(), f); err != nil {
		t.Fatalf("the untouched board: %v", err)
	}
	seen := map[string]int{}
	for i := range 1000 {
		kind := tamperKinds[rng.IntN(len(tamperKinds))]
		tb, tp := kind.apply(t, rng, b, bd)
		err := verifyBytes(tb.Marshal(), f)
		if kind.name == "flipped byte" {
			err = verifyBytes(flipByte(rng, bd.Marshal()), f)
		}
		if err == nil {
			t.Fatalf("tampering %d (%s: %s) not detected", i, kind.name, tp.what)
		}
		if tp.pos >= 0 {
			var be *BallotError
			if !errors.As(err, &be) || be.Position != tp.pos || !strings.Contains(be.Msg, tp.msg) {
				t.Fatalf("tampering %d (%s: %s): %v; want ballot %d: …%s…", i, kind.name, tp.what, err, tp.pos, tp.msg)
			}
		}
		seen[kind.name]++
	}
	t.Logf("detected: %v", seen)
}

func verifyBytes(raw []byte, f *fixture) error {
	bd, err := ParseBoard(bytes.NewReader(raw), 1<<30)
	if err != nil {
		return err
	}
	_, err = VerifyBoard(bd, f.vs)
	return err
}

// TestBoardRevote: with re-voting, the last ballot of a slot counts and
// the earlier ones are superseded; without it, a second ballot with the
// same token is refused.
func TestBoardRevote(t *testing.T) {
	f := testFixture(t)
	rng := mrand.New(mrand.NewPCG(12, 12))
	b := newBox(t, rng, 3, 1)
	b.meta.Revote = true
	for i, tok := range b.tokens {
		if tok != nil {
			b.ballots[i].Slot = SlotOf(tok)
		}
	}
	// The first token ballot votes again, twice, choosing option 2 on q1.
	first := -1
	for i, tok := range b.tokens {
		if tok != nil && first < 0 {
			first = i
		}
	}
	for range 2 {
		again := b.ballots[first]
		again.ID = NewBallotID()
		again.Answers = append([]Answer(nil), again.Answers...)
		again.Answers[0] = Answer{Question: "q1", Choices: []int{2}}
		b.ballots = append(b.ballots, again)
		b.tokens = append(b.tokens, b.tokens[first])
	}
	rep, err := VerifyBoard(b.board(t, 0), f.vs)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counted != 4 || rep.Superseded != 2 || rep.SupersededBy[first] != len(b.ballots)-2 || rep.SupersededBy[len(b.ballots)-2] != len(b.ballots)-1 {
		t.Fatalf("report counted %d superseded %d by %v", rep.Counted, rep.Superseded, rep.SupersededBy)
	}
	if rep.Results[0].Answers != 4 {
		t.Fatalf("q1 counted %d answers", rep.Results[0].Answers)
	}
	if !reflect.DeepEqual(b.board(t, 0).Results(), rep.Results) {
		t.Fatal("Board.Results differs from VerifyBoard's")
	}
	// A wrong slot is refused.
	b.ballots[first].Slot = SlotOf([]byte("another token"))
	if _, err := VerifyBoard(b.board(t, 0), f.vs); err == nil || !strings.Contains(err.Error(), "slot") {
		t.Fatalf("wrong slot: %v", err)
	}
	// Without re-voting the same ballots fail on the second use.
	b.meta.Revote = false
	for i := range b.ballots {
		b.ballots[i].Slot = ""
	}
	_, err = VerifyBoard(b.board(t, 0), f.vs)
	var be *BallotError
	if !errors.As(err, &be) || be.Position != len(b.ballots)-2 || !strings.Contains(be.Msg, "token already used") {
		t.Fatalf("a token used twice without re-voting: %v", err)
	}
}

// TestBoardOpenVote: a vote with neither tokens nor codes takes ballots
// without proof, and refuses a ballot with a token.
func TestBoardOpenVote(t *testing.T) {
	f := testFixture(t)
	rng := mrand.New(mrand.NewPCG(13, 13))
	b := newBox(t, rng, 0, 3)
	b.meta.TokenKey = ""
	b.codes = []string{}
	for i := range b.ballots {
		b.ballots[i].Proof = Proof{}
	}
	rep, err := VerifyBoard(b.board(t, 0), f.vs)
	if err != nil || rep.Unproved != 3 {
		t.Fatalf("open vote: %v, %+v", err, rep)
	}
	b.ballots[1].Proof, _ = f.token(t)
	if _, err := VerifyBoard(b.board(t, 0), f.vs); err == nil || !strings.Contains(err.Error(), "no token key") {
		t.Fatalf("token without key: %v", err)
	}
}
