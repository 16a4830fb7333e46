package tally

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cloudflare/circl/blindsign/blindrsa"
	"golang.org/x/mod/sumdb/note"

	"codeberg.org/cortege/cortege/internal/ledger"
)

// fixture holds the keys of a test vote: a real RSA blind-signing key
// (2048 bits) used through circl as the sign-in step and the voter's
// browser would, and a real note key signing the ledger's heads.
type fixture struct {
	sk       *rsa.PrivateKey
	client   blindrsa.Client
	signer   blindrsa.Signer
	tokenKey string
	key      ledger.Key
	vs       note.Verifiers
}

var (
	fixtureOnce sync.Once
	fixtureVal  *fixture
)

func testFixture(t testing.TB) *fixture {
	fixtureOnce.Do(func() {
		sk, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		client, err := blindrsa.NewClient(blindrsa.SHA384PSSRandomized, &sk.PublicKey)
		if err != nil {
			panic(err)
		}
		tk, err := EncodeTokenKey(&sk.PublicKey)
		if err != nil {
			panic(err)
		}
		skey, _, err := note.GenerateKey(rand.Reader, "cortege.test")
		if err != nil {
			panic(err)
		}
		key, err := ledger.ParseKey(skey)
		if err != nil {
			panic(err)
		}
		vs, err := ledger.Verifiers(key.Public)
		if err != nil {
			panic(err)
		}
		fixtureVal = &fixture{sk: sk, client: client, signer: blindrsa.NewSigner(sk), tokenKey: tk, key: key, vs: vs}
	})
	return fixtureVal
}

// token runs RFC 9474's protocol: the voter prepares and blinds a random
// message, the sign-in step blind-signs it, the voter unblinds. It returns
// the proof the ballot carries and the token's bytes.
func (f *fixture) token(t testing.TB) (Proof, []byte) {
	msg := make([]byte, 32)
	rand.Read(msg)
	prepared, err := f.client.Prepare(rand.Reader, msg)
	if err != nil {
		t.Fatal(err)
	}
	blinded, state, err := f.client.Blind(rand.Reader, prepared)
	if err != nil {
		t.Fatal(err)
	}
	blindSig, err := f.signer.BlindSign(blinded)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := f.client.Finalize(state, blindSig)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	return Proof{Token: enc.EncodeToString(prepared), Signature: enc.EncodeToString(sig)}, prepared
}

// testQuestions is one question of each method.
func testQuestions() []Question {
	return []Question{
		{ID: "q1", Title: "Single", Kind: KindSingle, Method: Plurality, Options: []string{"Amélie", "Bruno", "Chloé <3>"}, Blank: true},
		{ID: "q2", Title: "Multiple", Kind: KindMultiple, Method: Approval, Options: []string{"a", "b", "c", "d"}, Min: 1, Max: 3},
		{ID: "q3", Title: "Ranking", Kind: KindRanking, Method: Schulze, Options: []string{"A", "B", "C", "D"}},
		{ID: "q4", Title: "Council", Kind: KindRanking, Method: STV, Options: []string{"A", "B", "C", "D", "E"}, Seats: 2},
		{ID: "q5", Title: "Grades", Kind: KindGrades, Method: MajorityJudgement, Options: []string{"x", "y", "z"}, Grades: []string{"very good", "good", "fair", "poor"}},
		{ID: "q6", Title: "Yes or no", Kind: KindYesNo, Method: Plurality, Options: []string{"yes", "no"}, Blank: true},
	}
}

// code is a random invitation code's published hash.
func code(rng *mrand.Rand) string {
	return fmt.Sprintf("%x", sha256.Sum256(fmt.Appendf(nil, "code-%d-%d", rng.Uint64(), rng.Uint64())))
}

// box is a test vote being cast: the meta, the issued codes and the
// ballots in the order the box appended them.
type box struct {
	meta    BoardMeta
	codes   []string // sorted
	ballots []Ballot
	tokens  [][]byte // token bytes of token ballots, by ballot index (nil for codes)
}

// newBox casts tokens ballots with blind tokens and codes ballots with
// codes (more codes are issued than used), random answers, in random
// order; sign-offs are exactly the ballots counted.
func newBox(t testing.TB, rng *mrand.Rand, tokens, codes int) *box {
	f := testFixture(t)
	b := &box{meta: BoardMeta{Format: BoardFormat, Origin: "cortege.test/votes/01JTEST", Title: "Assemblée « générale »", Questions: testQuestions(), Key: f.key.Public, TokenKey: f.tokenKey}}
	issued := make([]string, 0, codes+codes/10+1)
	for range codes + codes/10 + 1 {
		issued = append(issued, code(rng))
	}
	used := issued[:codes]
	kinds := make([]bool, tokens+codes) // true: token
	for i := range tokens {
		kinds[i] = true
	}
	rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	next := 0
	for _, isToken := range kinds {
		bl := Ballot{ID: NewBallotID()}
		for _, q := range b.meta.Questions {
			bl.Answers = append(bl.Answers, randomAnswer(rng, q))
		}
		var tok []byte
		if isToken {
			bl.Proof, tok = f.token(t)
		} else {
			bl.Proof = Proof{Code: used[next]}
			next++
		}
		b.ballots = append(b.ballots, bl)
		b.tokens = append(b.tokens, tok)
	}
	slices.Sort(issued)
	b.codes = issued
	b.meta.SignOffs = int64(tokens + codes)
	return b
}

// board appends the ballots to a fresh ledger as the box does, signing a
// head every headEvery entries and one after the closing.
func (b *box) board(t testing.TB, headEvery int) Board {
	f := testFixture(t)
	out := Board{BoardMeta: b.meta, Codes: slices.Clone(b.codes), Heads: []string{}}
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	sign := func(s ledger.State) {
		at = at.Add(time.Minute)
		h, err := ledger.HeadOf(s, at).Sign(f.key.Signer)
		if err != nil {
			t.Fatal(err)
		}
		out.Heads = append(out.Heads, h)
	}
	var s ledger.State
	out.Opening, s = OpenLedger(b.meta)
	sign(s)
	for _, bl := range b.ballots {
		var e ledger.Entry
		e, s = ledger.AppendSign(s, bl.Hash())
		out.Ballots = append(out.Ballots, BoardBallot{Entry: e, Ballot: bl})
		if headEvery > 0 && s.Size%int64(headEvery) == 0 {
			sign(s)
		}
	}
	d := NewCodesDigest()
	for _, c := range b.codes {
		d.Add(c)
	}
	out.Closing, s = CloseLedger(s, Closing{Ballots: int64(len(b.ballots)), SignOffs: b.meta.SignOffs, Codes: d.Sum()})
	sign(s)
	if out.Ballots == nil {
		out.Ballots = []BoardBallot{}
	}
	return out
}

// answersOf is what was cast, question by question.
func (b *box) answersOf(k int) []Answer {
	var out []Answer
	for _, bl := range b.ballots {
		out = append(out, bl.Answers[k])
	}
	return out
}
