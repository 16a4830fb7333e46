package cli_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudflare/circl/blindsign/blindrsa"
	"golang.org/x/mod/sumdb/note"

	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/tally"
)

// testBoard publishes a small closed vote as the box does, through the
// tally package's public API: 3 ballots with blind tokens, 2 with codes.
func testBoard(t *testing.T) (tally.Board, ledger.Key) {
	t.Helper()
	return buildBoard(t, testAnswers, 3)
}

// testQuestions and testAnswers are the small vote of testBoard.
var testQuestions = []tally.Question{
	{ID: "q1", Title: "Présidence", Kind: tally.KindSingle, Method: tally.Plurality, Options: []string{"Amélie", "Bruno"}, Blank: true},
	{ID: "q2", Title: "Bureau", Kind: tally.KindRanking, Method: tally.STV, Options: []string{"A", "B", "C"}, Seats: 2},
	{ID: "q3", Title: "Projets", Kind: tally.KindGrades, Method: tally.MajorityJudgement, Options: []string{"parc", "piscine"}, Grades: []string{"bien", "passable", "rejet"}},
	{ID: "q4", Title: "Date", Kind: tally.KindRanking, Method: tally.Schulze, Options: []string{"mai", "juin", "juillet"}},
	{ID: "q5", Title: "Ateliers", Kind: tally.KindMultiple, Method: tally.Approval, Options: []string{"vélo", "jardin", "cuisine"}, Max: 2},
}

var testAnswers = [][]tally.Answer{
	{{Question: "q1", Choices: []int{0}}, {Question: "q2", Choices: []int{0, 1}}, {Question: "q3", Grades: []int{0, 2}}, {Question: "q4", Choices: []int{0, 1, 2}}, {Question: "q5", Choices: []int{0, 1}}},
	{{Question: "q1", Choices: []int{0}}, {Question: "q2", Choices: []int{0, 2}}, {Question: "q3", Grades: []int{1, 1}}, {Question: "q4", Choices: []int{1, 2}}, {Question: "q5", Choices: []int{1}}},
	{{Question: "q1", Choices: []int{1}}, {Question: "q2", Choices: []int{1}}, {Question: "q3", Grades: []int{0, 0}}, {Question: "q4", Choices: []int{2, 0}}, {Question: "q5", Choices: []int{1, 2}}},
	{{Question: "q1", Blank: true}, {Question: "q2", Choices: []int{2, 1}}, {Question: "q3", Grades: []int{2, 1}}, {Question: "q4", Choices: []int{0}}, {Question: "q5", Choices: []int{0}}},
	{{Question: "q1", Choices: []int{1}}, {Question: "q2", Choices: []int{0}}, {Question: "q3", Grades: []int{1, 2}}, {Question: "q4", Choices: []int{1, 0}}, {Question: "q5", Choices: []int{}}},
}

// buildBoard casts answers (one slice per ballot), the first tokens of
// them with real blind tokens and the others with codes, signs a head
// at the opening and one after the closing, and returns the board.
func buildBoard(t *testing.T, answers [][]tally.Answer, tokens int) (tally.Board, ledger.Key) {
	t.Helper()
	sk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	client, _ := blindrsa.NewClient(blindrsa.SHA384PSSRandomized, &sk.PublicKey)
	signer := blindrsa.NewSigner(sk)
	skey, _, _ := note.GenerateKey(rand.Reader, "cortege.test")
	key, err := ledger.ParseKey(skey)
	if err != nil {
		t.Fatal(err)
	}
	tokenKey, _ := tally.EncodeTokenKey(&sk.PublicKey)
	meta := tally.BoardMeta{Format: tally.BoardFormat, Origin: "cortege.test/votes/7", Title: "Assemblée générale", Key: key.Public, TokenKey: tokenKey, SignOffs: int64(len(answers)), Questions: testQuestions}
	var codes []string
	for i := range len(answers) - tokens + 1 { // one issued code is not used
		codes = append(codes, fmt.Sprintf("%x", sha256.Sum256(fmt.Append(nil, "code ", i))))
	}
	b := tally.Board{BoardMeta: meta, Heads: []string{}}
	at := time.Date(2026, 12, 7, 18, 0, 0, 0, time.UTC)
	sign := func(s ledger.State) {
		at = at.Add(time.Hour)
		h, err := ledger.HeadOf(s, at).Sign(key.Signer)
		if err != nil {
			t.Fatal(err)
		}
		b.Heads = append(b.Heads, h)
	}
	var s ledger.State
	b.Opening, s = tally.OpenLedger(meta)
	sign(s)
	for i, a := range answers {
		bl := tally.Ballot{ID: tally.NewBallotID(), Answers: a}
		if i < tokens {
			prepared, _ := client.Prepare(rand.Reader, []byte(fmt.Sprint("voter ", i)))
			blinded, state, _ := client.Blind(rand.Reader, prepared)
			blindSig, err := signer.BlindSign(blinded)
			if err != nil {
				t.Fatal(err)
			}
			sig, _ := client.Finalize(state, blindSig)
			bl.Proof = tally.Proof{Token: base64.RawURLEncoding.EncodeToString(prepared), Signature: base64.RawURLEncoding.EncodeToString(sig)}
		} else {
			bl.Proof = tally.Proof{Code: codes[i-tokens]}
		}
		var e ledger.Entry
		e, s = ledger.AppendSign(s, bl.Hash())
		b.Ballots = append(b.Ballots, tally.BoardBallot{Entry: e, Ballot: bl})
	}
	sorted := append([]string(nil), codes...)
	slices.Sort(sorted)
	b.Codes = sorted
	d := tally.NewCodesDigest()
	for _, c := range sorted {
		d.Add(c)
	}
	b.Closing, s = tally.CloseLedger(s, tally.Closing{Ballots: int64(len(answers)), SignOffs: meta.SignOffs, Codes: d.Sum()})
	sign(s)
	return b, key
}

// tallyResults is the part of the output the results page must match.
const tallyResults = `
question  q1: Présidence (single, plurality)
  answers 5, blank 1, valid 4
  1. Amélie  2  50.00 %
  1. Bruno   2  50.00 %
  result: tie between Amélie, Bruno

question  q2: Bureau (ranking, stv)
  answers 5, blank 0, valid 5
  seats 2, quota 2.00000
  stage 1: first
    A  3.00000
    B  1.00000
    C  1.00000
    non-transferable 0.00000, lost to rounding 0.00000
    elected: A
  stage 2: surplus of A, 1.00000 transferred
    A  2.00000
    B  1.33333
    C  1.33333
    non-transferable 0.33333, lost to rounding 0.00001
  stage 3: final (a tie broken by the order of the options)
    A  2.00000
    B  1.33333
    C  1.33333
    non-transferable 0.33333, lost to rounding 0.00001
    elected: B
  elected: A, B (a tie was broken by the order of the options)

question  q3: Projets (grades, majority-judgement)
  answers 5, blank 0, valid 5
  grades  bien | passable | rejet (best first)
  1. parc     majority grade passable, 2 above, 1 below; grades 2 | 2 | 1
  2. piscine  majority grade passable, 1 above, 2 below; grades 1 | 2 | 2
  result: parc

question  q4: Date (ranking, schulze)
  answers 5, blank 0, valid 5
  d: answers preferring the row to each option, p: strongest paths, columns in the order mai, juin, juillet
  1. mai      d - 3 3; p - 3 3
  2. juin     d 2 - 3; p 0 - 3
  3. juillet  d 2 1 -; p 0 0 -
  result: mai

question  q5: Ateliers (multiple, approval)
  answers 5, blank 0, valid 5
  2. vélo     2  40.00 %
  1. jardin   3  60.00 %
  3. cuisine  1  20.00 %
  result: jardin

OK
`

func TestTallyVerify(t *testing.T) {
	b, key := testBoard(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "board.json")
	if err := os.WriteFile(path, b.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, nil, "tally", "verify", path)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"board     cortege.test/votes/7\n",
		"key       " + key.Public + " (taken from the board itself: trusted on first use",
		"ledger    7 entries (opening, 5 ballots, closing), positions and hash chain intact\n",
		"heads     2 signed, valid and consistent; the latest covers the closing, signed 2026-12-07T20:00:00Z\n",
		"tokens    RSA key of 2048 bits, RSABSSA-SHA384-PSS-Randomized (RFC 9474): 3 counted ballots, every signature verified\n",
		"codes     3 issued, 2 used, each once and among those issued\n",
		"signoffs  5 on the sign-in sheet, 5 ballots counted: no more ballots than sign-offs\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, tallyResults) {
		t.Errorf("results:\n%s\nwant the suffix:\n%s", out, tallyResults)
	}

	// Given the right key; the wrong one fails.
	if code, out, _ := run(t, nil, "tally", "verify", path, "--key", key.Public); code != 0 || !strings.Contains(out, "(given, and named by the board)") {
		t.Errorf("--key: exit %d\n%s", code, out)
	}
	skey, _, _ := note.GenerateKey(rand.Reader, "cortege.test")
	other, _ := ledger.ParseKey(skey)
	if code, out, _ := run(t, nil, "tally", "verify", "--key", other.Public, path); code != 1 || !strings.Contains(out, "FAIL: ") {
		t.Errorf("another key: exit %d\n%s", code, out)
	}

	// A voter's receipt.
	id := b.Ballots[3].Ballot.ID
	code, out, _ = run(t, nil, "tally", "verify", path, "--ballot", id)
	wantBallot := "receipt   ballot " + id + " is ballot 3 of the board: counted\n" +
		"          q1: blank\n          q2: 1. C, 2. B\n          q3: parc: rejet, piscine: passable\n          q4: 1. mai\n          q5: vélo\n"
	if code != 0 || !strings.Contains(out, wantBallot) {
		t.Errorf("--ballot: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, nil, "tally", "verify", path, "--ballot", "aaaaaaaaaaaaaaaaaaaaaaaaaa"); code != 1 || !strings.Contains(out, "FAIL: ballot aaaaaaaaaaaaaaaaaaaaaaaaaa is not on the board") {
		t.Errorf("--ballot unknown: exit %d\n%s", code, out)
	}

	// A head kept while the vote was open: the board extends it; a head
	// of another history under the same key is refused; --save-head keeps
	// the latest.
	kept := filepath.Join(dir, "kept.head")
	os.WriteFile(kept, []byte(b.Heads[0]), 0o644)
	saved := filepath.Join(dir, "saved.head")
	if code, out, _ := run(t, nil, "tally", "verify", path, "--head", kept, "--save-head", saved); code != 0 || !strings.Contains(out, "extends   the kept head of 1 entries signed 2026-12-07T19:00:00Z\n") {
		t.Errorf("--head: exit %d\n%s", code, out)
	}
	if got, _ := os.ReadFile(saved); string(got) != b.Heads[len(b.Heads)-1] {
		t.Errorf("--save-head wrote %q", got)
	}
	_, st := tally.OpenLedger(b.BoardMeta)
	_, st = ledger.AppendSign(st, ledger.Hash{1})
	forked, err := ledger.HeadOf(st, time.Date(2026, 12, 7, 19, 30, 0, 0, time.UTC)).Sign(key.Signer)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(kept, []byte(forked), 0o644)
	if code, out, _ := run(t, nil, "tally", "verify", path, "--head", kept); code != 1 || !strings.Contains(out, "history was rewritten") {
		t.Errorf("--head of another history: exit %d\n%s", code, out)
	}

	// JSON.
	if code, out, _ := run(t, nil, "tally", "verify", "--json", path); code != 0 || !strings.Contains(out, `"method": "stv"`) || strings.Contains(out, "OK") {
		t.Errorf("--json: exit %d\n%s", code, out)
	}

	// A tampered board fails, naming the ballot.
	bad := b
	bad.Ballots = append([]tally.BoardBallot(nil), b.Ballots...)
	bad.Ballots[3].Ballot.Answers = append([]tally.Answer{{Question: "q1", Choices: []int{0}}}, b.Ballots[3].Ballot.Answers[1:]...)
	os.WriteFile(path, bad.Marshal(), 0o644)
	if code, out, _ := run(t, nil, "tally", "verify", path); code != 1 || !strings.Contains(out, "FAIL: ballot 3: the ballot's hash is not its entry's commitment") {
		t.Errorf("tampered: exit %d\n%s", code, out)
	}

	// Over HTTP, through the guarded client.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(b.Marshal())
	}))
	defer srv.Close()
	if code, out, errs := run(t, nil, "tally", "verify", srv.URL+"/votes/7/board.json", "--allow-loopback"); code != 0 || !strings.HasSuffix(out, tallyResults) {
		t.Errorf("URL: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := run(t, nil, "tally", "verify", srv.URL+"/votes/7/board.json"); code != 1 || !strings.Contains(errs, "refused") {
		t.Errorf("loopback without --allow-loopback: exit %d %s", code, errs)
	}
}

// TestTallyVerifyTenThousand: `cortege tally verify` reproduces the tally
// of a 10,000-ballot board (200 real blind tokens, 9,800 codes) to the
// last digit of what was cast, and fails on tampered copies of it (the
// 1,000 random tamperings run in internal/tally, TestBoardTamperings).
func TestTallyVerifyTenThousand(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 ballots")
	}
	rng := mrand.New(mrand.NewPCG(14, 14))
	answers := make([][]tally.Answer, 10000)
	for i := range answers {
		for _, q := range testQuestions {
			a := tally.Answer{Question: q.ID}
			switch q.Kind {
			case tally.KindSingle:
				if rng.IntN(10) == 0 {
					a.Blank = true
				} else {
					a.Choices = []int{rng.IntN(len(q.Options))}
				}
			case tally.KindRanking:
				a.Choices = rng.Perm(len(q.Options))[:1+rng.IntN(len(q.Options))]
			case tally.KindGrades:
				for range q.Options {
					a.Grades = append(a.Grades, rng.IntN(len(q.Grades)))
				}
			case tally.KindMultiple:
				a.Choices = rng.Perm(len(q.Options))[:rng.IntN(q.Max+1)]
				slices.Sort(a.Choices)
			}
			answers[i] = append(answers[i], a)
		}
	}
	b, _ := buildBoard(t, answers, 200)
	path := filepath.Join(t.TempDir(), "board.json")
	raw := b.Marshal()
	os.WriteFile(path, raw, 0o644)
	code, out, errs := run(t, nil, "tally", "verify", path)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	var want strings.Builder
	var results []tally.Result
	for k, q := range testQuestions {
		var cast []tally.Answer
		for _, a := range answers {
			cast = append(cast, a[k])
		}
		results = append(results, tally.Count(q, cast))
	}
	tally.WriteResults(&want, testQuestions, results)
	if !strings.HasSuffix(out, want.String()+"\nOK\n") {
		t.Fatalf("the verifier's results differ from the count of what was cast:\n%s", out)
	}
	if !strings.Contains(out, "ballots   10000 on the board, 10000 counted\n") {
		t.Fatalf("%s", out)
	}
	for i := range 10 {
		bad := slices.Clone(raw)
		bad[rng.IntN(len(bad)-1)] ^= byte(1 + rng.IntN(255))
		os.WriteFile(path, bad, 0o644)
		if code, out, _ := run(t, nil, "tally", "verify", path); code != 1 || !strings.HasPrefix(out, "FAIL: ") && !strings.Contains(out, "\nFAIL: ") {
			t.Fatalf("flipped byte %d: exit %d\n%.300s", i, code, out)
		}
	}
}
