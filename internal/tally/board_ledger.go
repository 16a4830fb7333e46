package tally

import (
	"crypto/sha256"
	"encoding/json"
	"hash"
	"strconv"

	"codeberg.org/cortege/cortege/internal/ledger"
)

// A board's ledger has one entry more at each end than it has ballots:
// entry 0, the opening, commits to the vote's rules when it opens (origin,
// title, questions, token key, re-voting), entries 1 to n to the ballots
// in order, and entry n+1, the closing, to what is only known at the end
// (the number of ballots and of sign-offs, the issued codes). Every head
// signed while the vote is open thus pins its rules, and the final head
// pins everything the board says.

// Opening is what the opening entry commits to.
type Opening struct {
	Origin    string     `json:"origin"`
	Title     string     `json:"title"`
	Questions []Question `json:"questions"`
	TokenKey  string     `json:"token_key"`
	Revote    bool       `json:"revote"`
}

// OpeningOf is the part of m the opening commits to.
func OpeningOf(m BoardMeta) Opening {
	return Opening{Origin: m.Origin, Title: m.Title, Questions: m.Questions, TokenKey: m.TokenKey, Revote: m.Revote}
}

// Commitment is SHA-256("cortege-board/1 opening\n" ‖ JSON of o ‖ "\n"),
// the JSON compact, fields in the order of Opening, as encoding/json
// writes it.
func (o Opening) Commitment() ledger.Hash {
	if o.Questions == nil {
		o.Questions = []Question{}
	}
	b, err := json.Marshal(o)
	if err != nil { // strings, ints and bools only
		panic(err)
	}
	h := sha256.New()
	h.Write([]byte(BoardFormat + " opening\n"))
	h.Write(b)
	h.Write([]byte("\n"))
	var out ledger.Hash
	h.Sum(out[:0])
	return out
}

// OpenLedger returns the opening entry of the vote m describes and the
// ledger state after it, from which the box appends each ballot with
// ledger.AppendSign(state, ballot.Hash()).
func OpenLedger(m BoardMeta) (ledger.Entry, ledger.State) {
	return ledger.AppendSign(ledger.NewState(m.Origin), OpeningOf(m).Commitment())
}

// CodesDigest hashes the issued codes' hashes, in ascending order, for the
// closing: SHA-256 of each 64-digit hex hash followed by "\n".
type CodesDigest struct{ h hash.Hash }

// NewCodesDigest starts an empty digest.
func NewCodesDigest() *CodesDigest { return &CodesDigest{h: sha256.New()} }

// Add adds the next code hash (hex).
func (d *CodesDigest) Add(code string) { d.h.Write([]byte(code + "\n")) }

// Sum is the digest so far.
func (d *CodesDigest) Sum() ledger.Hash {
	var out ledger.Hash
	d.h.Sum(out[:0])
	return out
}

// Closing is what the closing entry commits to.
type Closing struct {
	Ballots  int64       // ballots on the board (entries 1 to n)
	SignOffs int64       // people on the sign-in sheet
	Codes    ledger.Hash // CodesDigest of the issued codes
}

// Commitment is SHA-256 of the text
//
//	cortege-board/1 closing
//	ballots <n>
//	signoffs <n>
//	codes <CodesDigest, hex>
func (c Closing) Commitment() ledger.Hash {
	text := BoardFormat + " closing\nballots " + strconv.FormatInt(c.Ballots, 10) +
		"\nsignoffs " + strconv.FormatInt(c.SignOffs, 10) + "\ncodes " + hexOf(c.Codes) + "\n"
	return sha256.Sum256([]byte(text))
}

// CloseLedger appends the closing entry to s, the state after the last
// ballot; the box then signs a head of the returned state (the board's
// latest head must cover the closing).
func CloseLedger(s ledger.State, c Closing) (ledger.Entry, ledger.State) {
	return ledger.AppendSign(s, c.Commitment())
}

func hexOf(h ledger.Hash) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 64)
	for i, x := range h {
		b[2*i], b[2*i+1] = digits[x>>4], digits[x&15]
	}
	return string(b)
}
