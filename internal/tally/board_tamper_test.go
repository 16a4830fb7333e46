package tally

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"testing"

	"codeberg.org/cortege/cortege/internal/ledger"
)

// A tampering of a published board. Some are an outsider's, who has no
// key: they may recompute hashes and the chain but not sign heads. Others
// are the operator's, who holds the heads' key and re-signs everything
// (marked "re-signed"): they test what holds even then (token signatures,
// single use, issued codes, the sign-off count).
type tamperKind struct {
	name  string
	apply func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper)
}

// tamper says what was done and, when the failure must name a ballot,
// which one and a word of the message (pos -1: any failure will do).
type tamper struct {
	what string
	pos  int
	msg  string
}

func cloneBoard(bd Board) Board {
	out := bd
	out.Questions = slices.Clone(bd.Questions)
	for i := range out.Questions {
		out.Questions[i].Options = slices.Clone(bd.Questions[i].Options)
	}
	out.Codes = slices.Clone(bd.Codes)
	out.Heads = slices.Clone(bd.Heads)
	out.Ballots = slices.Clone(bd.Ballots)
	for i := range out.Ballots {
		out.Ballots[i].Ballot.Answers = slices.Clone(bd.Ballots[i].Ballot.Answers)
	}
	return out
}

// rechain recomputes every entry from the ballots, as an outsider can,
// keeping the signed heads.
func rechain(bd Board) Board {
	var s ledger.State
	bd.Opening, s = OpenLedger(bd.BoardMeta)
	for i := range bd.Ballots {
		bd.Ballots[i].Entry, s = ledger.AppendSign(s, bd.Ballots[i].Ballot.Hash())
	}
	d := NewCodesDigest()
	for _, c := range bd.Codes {
		d.Add(c)
	}
	bd.Closing, _ = CloseLedger(s, Closing{Ballots: int64(len(bd.Ballots)), SignOffs: bd.SignOffs, Codes: d.Sum()})
	return bd
}

// resign rebuilds the ledger and signs new heads, as the operator can.
func resign(t testing.TB, bd Board) Board {
	b := &box{meta: bd.BoardMeta, codes: bd.Codes}
	for _, x := range bd.Ballots {
		b.ballots = append(b.ballots, x.Ballot)
	}
	return b.board(t, 50)
}

func changeAnswer(rng *mrand.Rand, bd *Board, i int) string {
	k := rng.IntN(len(bd.Questions))
	old := bd.Ballots[i].Ballot.Answers[k]
	for {
		a := randomAnswer(rng, bd.Questions[k])
		if !bytes.Equal((Ballot{Answers: []Answer{a}}).Canonical(), (Ballot{Answers: []Answer{old}}).Canonical()) {
			bd.Ballots[i].Ballot.Answers[k] = a
			return fmt.Sprintf("ballot %d, question %s", i, bd.Questions[k].ID)
		}
	}
}

func pickProof(rng *mrand.Rand, bd Board, token bool) int {
	for {
		i := rng.IntN(len(bd.Ballots))
		if (bd.Ballots[i].Ballot.Proof.Token != "") == token {
			return i
		}
	}
}

var tamperKinds = []tamperKind{
	{"changed choice", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i := rng.IntN(len(bd.Ballots))
		return bd, tamper{changeAnswer(rng, &bd, i), i, "was changed"}
	}},
	{"changed choice, rechained", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		what := changeAnswer(rng, &bd, rng.IntN(len(bd.Ballots)))
		return rechain(bd), tamper{what, -1, ""}
	}},
	{"dropped ballot", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i := rng.IntN(len(bd.Ballots) - 1)
		bd.Ballots = slices.Delete(bd.Ballots, i, i+1)
		return bd, tamper{fmt.Sprintf("ballot %d", i), i, "position"}
	}},
	{"dropped ballot, rechained", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i := rng.IntN(len(bd.Ballots))
		bd.Ballots = slices.Delete(bd.Ballots, i, i+1)
		return rechain(bd), tamper{fmt.Sprintf("ballot %d", i), -1, ""}
	}},
	{"duplicated ballot", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i, j := rng.IntN(len(bd.Ballots)), rng.IntN(len(bd.Ballots))
		bd.Ballots = slices.Insert(bd.Ballots, j, bd.Ballots[i])
		return rechain(bd), tamper{fmt.Sprintf("ballot %d copied to %d", i, j), -1, ""}
	}},
	{"duplicated ballot, re-signed", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i, j := rng.IntN(len(bd.Ballots)), rng.IntN(len(bd.Ballots))
		bd.Ballots = slices.Insert(bd.Ballots, j, bd.Ballots[i])
		later := j
		if j <= i {
			later = i + 1
		}
		return resign(t, bd), tamper{fmt.Sprintf("ballot %d copied to %d", i, j), later, "already"}
	}},
	{"inserted ballot", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		bl := Ballot{ID: NewBallotID(), Proof: Proof{Code: bd.Codes[len(bd.Codes)-1]}}
		for _, q := range bd.Questions {
			bl.Answers = append(bl.Answers, randomAnswer(rng, q))
		}
		j := rng.IntN(len(bd.Ballots) + 1)
		bd.Ballots = slices.Insert(bd.Ballots, j, BoardBallot{Ballot: bl})
		bd = rechain(bd)
		if rng.IntN(2) == 0 {
			return resign(t, bd), tamper{fmt.Sprintf("at %d, with an issued code, re-signed", j), -1, ""}
		}
		return bd, tamper{fmt.Sprintf("at %d, with an issued code", j), -1, ""}
	}},
	{"forged token, re-signed", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i := pickProof(rng, bd, true)
		msg := make([]byte, 64)
		rand.Read(msg)
		other := bd.Ballots[pickProof(rng, bd, true)].Ballot.Proof.Signature
		if rng.IntN(2) == 0 { // or keep the signature and change a byte of the token
			tok, _ := base64.RawURLEncoding.DecodeString(bd.Ballots[i].Ballot.Proof.Token)
			tok[rng.IntN(len(tok))] ^= byte(1 + rng.IntN(255))
			msg, other = tok, bd.Ballots[i].Ballot.Proof.Signature
		}
		bd.Ballots[i].Ballot.Proof = Proof{Token: base64.RawURLEncoding.EncodeToString(msg), Signature: other}
		return resign(t, bd), tamper{fmt.Sprintf("ballot %d", i), i, "signature"}
	}},
	{"reused token, re-signed", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i, j := pickProof(rng, bd, true), pickProof(rng, bd, true)
		for i == j {
			j = pickProof(rng, bd, true)
		}
		i, j = min(i, j), max(i, j)
		bd.Ballots[j].Ballot.Proof = bd.Ballots[i].Ballot.Proof
		return resign(t, bd), tamper{fmt.Sprintf("ballot %d's token on %d", i, j), j, "token already used"}
	}},
	{"reused code, re-signed", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i, j := pickProof(rng, bd, false), pickProof(rng, bd, false)
		for i == j {
			j = pickProof(rng, bd, false)
		}
		i, j = min(i, j), max(i, j)
		bd.Ballots[j].Ballot.Proof = bd.Ballots[i].Ballot.Proof
		return resign(t, bd), tamper{fmt.Sprintf("ballot %d's code on %d", i, j), j, "code already used"}
	}},
	{"unissued code, re-signed", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i := pickProof(rng, bd, false)
		bd.Ballots[i].Ballot.Proof = Proof{Code: code(rng)}
		return resign(t, bd), tamper{fmt.Sprintf("ballot %d", i), i, "not among the issued codes"}
	}},
	{"broken chain", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i := rng.IntN(len(bd.Ballots))
		bd.Ballots[i].Entry.Prev[rng.IntN(32)] ^= byte(1 + rng.IntN(255))
		return bd, tamper{fmt.Sprintf("ballot %d's prev", i), i, "chain broken"}
	}},
	{"changed commitment", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i := rng.IntN(len(bd.Ballots))
		bd.Ballots[i].Entry.Commitment[rng.IntN(32)] ^= byte(1 + rng.IntN(255))
		return bd, tamper{fmt.Sprintf("ballot %d's commitment", i), -1, ""}
	}},
	{"reordered ballots", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		i := rng.IntN(len(bd.Ballots) - 1)
		j := i + 1 + rng.IntN(len(bd.Ballots)-i-1)
		bd.Ballots[i], bd.Ballots[j] = bd.Ballots[j], bd.Ballots[i]
		if rng.IntN(2) == 0 {
			return rechain(bd), tamper{fmt.Sprintf("%d and %d, rechained", i, j), -1, ""}
		}
		return bd, tamper{fmt.Sprintf("%d and %d", i, j), i, "position"}
	}},
	{"renamed option", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		k := rng.IntN(len(bd.Questions))
		o := bd.Questions[k].Options
		if bd.Questions[k].Kind == KindYesNo {
			bd.Questions[k].Title += "?"
		} else {
			o[0], o[1] = o[1], o[0]
		}
		return bd, tamper{"question " + bd.Questions[k].ID, -1, ""}
	}},
	{"changed rules", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		switch rng.IntN(4) {
		case 0:
			bd.SignOffs++
		case 1:
			bd.Codes = append(bd.Codes, "ffff"+bd.Codes[0][4:])
		case 2:
			bd.Revote = !bd.Revote
		default:
			bd.Title += "!"
		}
		if rng.IntN(2) == 0 {
			bd = rechain(bd)
		}
		return bd, tamper{"meta", -1, ""}
	}},
	{"dropped heads", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		bd = cloneBoard(bd)
		bd.Heads = bd.Heads[:rng.IntN(len(bd.Heads))]
		return bd, tamper{fmt.Sprintf("%d heads left", len(bd.Heads)), -1, ""}
	}},
	{"flipped byte", func(t testing.TB, rng *mrand.Rand, b *box, bd Board) (Board, tamper) {
		return bd, tamper{"a random byte of the published JSON", -1, ""}
	}},
}

// flipByte changes one random byte of raw.
func flipByte(rng *mrand.Rand, raw []byte) []byte {
	out := slices.Clone(raw)
	i := rng.IntN(len(out) - 1) // not the final newline
	out[i] ^= byte(1 + rng.IntN(255))
	return out
}
