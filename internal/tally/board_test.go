package tally

import (
	"bytes"
	"encoding/json"
	"errors"
	mrand "math/rand/v2"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/ledger"
)

// FuzzParseBoard feeds the board parser arbitrary bytes: it must never
// panic, what it accepts must be its own canonical form and read back the
// same, and VerifyBoard (trusting the board's own key) must not panic on
// it.
func FuzzParseBoard(f *testing.F) {
	f.Add([]byte(`{"format":"cortege-board/1"}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		b, err := ParseBoard(bytes.NewReader(raw), 1<<20)
		if err != nil {
			return
		}
		again := b.Marshal()
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(bytes.TrimSuffix(again, []byte("\n")), compact.Bytes()) {
			t.Fatalf("accepted a board that is not its canonical form")
		}
		b2, err := ParseBoard(bytes.NewReader(again), 1<<20)
		if err != nil {
			t.Fatalf("re-encoded board refused: %v", err)
		}
		if !bytes.Equal(b2.Marshal(), again) {
			t.Fatal("encoding not stable")
		}
		vs, err := ledger.Verifiers(b.Key)
		if err != nil {
			return
		}
		rep, err := VerifyBoard(b, vs)
		if err == nil && (rep.Counted > rep.Ballots || len(rep.Results) != len(b.Questions)) {
			t.Fatalf("inconsistent report %+v", rep)
		}
	})
}

// TestBoardWriterIsMarshal: the streaming writer writes Marshal's bytes,
// and refuses calls out of order.
func TestBoardWriterIsMarshal(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(20, 20))
	bd := newBox(t, rng, 2, 3).board(t, 2)
	var buf bytes.Buffer
	w := NewBoardWriter(&buf)
	if err := w.Begin(bd.BoardMeta, bd.Opening); err != nil {
		t.Fatal(err)
	}
	for _, c := range bd.Codes {
		w.Code(c)
	}
	for _, x := range bd.Ballots {
		w.Ballot(x.Ballot, x.Entry)
	}
	if err := w.End(bd.Closing, bd.Heads); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), bd.Marshal()) {
		t.Fatal("writer and Marshal differ")
	}
	if codes, ballots := w.Counts(); codes != int64(len(bd.Codes)) || ballots != 5 {
		t.Fatalf("counts %d %d", codes, ballots)
	}
	w2 := NewBoardWriter(&bytes.Buffer{})
	w2.Begin(bd.BoardMeta, bd.Opening)
	w2.Ballot(bd.Ballots[0].Ballot, bd.Ballots[0].Entry)
	if err := w2.Code(bd.Codes[0]); !errors.Is(err, ErrBoardOrder) {
		t.Fatalf("a code after a ballot: %v", err)
	}
}

// TestParseBoardStrict: other spellings of the same board, unknown fields
// and deep nesting are refused, naming the ballot when the fault is in one.
func TestParseBoardStrict(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(21, 21))
	raw := string(newBox(t, rng, 1, 2).board(t, 0).Marshal())
	parse := func(s string) error {
		_, err := ParseBoard(strings.NewReader(s), 1<<20)
		return err
	}
	if err := parse(raw); err != nil {
		t.Fatal(err)
	}
	indented := strings.ReplaceAll(raw, `,"`, ",\n  \"")
	if err := parse(indented); err != nil {
		t.Fatalf("insignificant whitespace: %v", err)
	}
	for name, bad := range map[string]string{
		"unknown field":    strings.Replace(raw, `"revote":false`, `"revote":false,"extra":1`, 1),
		"repeated field":   strings.Replace(raw, `"revote":false`, `"revote":true,"revote":false`, 1),
		"escaped letter":   strings.Replace(raw, `"format":"cortege-board/1"`, `"format":"cortege-board\/1"`, 1),
		"trailing data":    raw + "{}",
		"deep nesting":     strings.Replace(raw, `"questions":[`, `"questions":[[[[[[[[`, 1),
		"ballot choice 01": strings.Replace(raw, `"choices":[`, `"choices":[0`, 1),
		"other format":     strings.Replace(raw, `cortege-board/1`, `cortege-board/2`, 1),
	} {
		if err := parse(bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	var be *BallotError
	err := parse(strings.Replace(raw, `"proof":{`, `"proof":{"x":1,`, 1))
	if !errors.As(err, &be) || be.Position != 0 {
		t.Errorf("unknown field in ballot 0: %v", err)
	}
}
