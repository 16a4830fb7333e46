// Package tally is Cortège's counting engine: the questions of a vote, the
// answers a ballot carries, the ballot's canonical form and hash, the
// counting methods and the verification of a published board. It knows
// nothing of HTTP or SQL; the server and `cortege tally verify` share it, so
// that the results page and an independent recount run the same code on
// the same bytes.
package tally

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"codeberg.org/cortege/cortege/internal/ledger"
)

// Kind is the shape of a question's answer.
type Kind string

// The kinds of question a secret vote can ask.
const (
	KindSingle   Kind = "single"   // one option (or blank)
	KindMultiple Kind = "multiple" // between Min and Max options
	KindRanking  Kind = "ranking"  // options in order of preference
	KindGrades   Kind = "grades"   // one grade per option (majority judgement)
	KindYesNo    Kind = "yesno"    // Options are ["yes", "no"]; blank if allowed
)

// Method is how a question's answers are counted.
type Method string

// The counting methods.
const (
	Plurality         Method = "plurality"          // single, yesno
	Approval          Method = "approval"           // multiple
	MajorityJudgement Method = "majority-judgement" // grades
	Schulze           Method = "schulze"            // ranking
	STV               Method = "stv"                // ranking, Seats ≥ 1
)

// Question is what the counting needs of a question: its kind, method,
// options and limits. Its JSON form is part of the published board.
type Question struct {
	ID      string   `json:"id"` // stable within the vote, e.g. "q1"
	Title   string   `json:"title"`
	Kind    Kind     `json:"kind"`
	Method  Method   `json:"method"`
	Options []string `json:"options"`
	Grades  []string `json:"grades,omitempty"` // grades: best first
	Min     int      `json:"min,omitempty"`    // multiple: fewest options chosen
	Max     int      `json:"max,omitempty"`    // multiple: most options chosen; ranking: most ranked (0: all)
	Seats   int      `json:"seats,omitempty"`  // stv: seats to fill
	Blank   bool     `json:"blank,omitempty"`  // a blank answer is allowed
}

// Answer is a ballot's answer to one question. Choices are option indexes:
// one for single and yesno, distinct and ascending for multiple, in order
// of preference for ranking. Grades holds one grade index per option for
// grades (0 is the best grade).
type Answer struct {
	Question string `json:"q"`
	Blank    bool   `json:"blank,omitempty"`
	Choices  []int  `json:"choices,omitempty"`
	Grades   []int  `json:"grades,omitempty"`
}

// Proof is what makes a ballot eligible, checkable by anyone: a blind
// token (the prepared message the sign-in step blind-signed, and the
// unblinded signature, both base64url without padding, RFC 9474
// RSABSSA-SHA384-PSS-Randomized under the vote's published key) or the
// SHA-256 of an invitation code (hex), which must be among the board's
// issued codes.
type Proof struct {
	Token     string `json:"token,omitempty"`
	Signature string `json:"signature,omitempty"`
	Code      string `json:"code,omitempty"`
}

// Ballot is one ballot of the box, as published on the board. ID is random
// (NewBallotID); Slot, when the vote allows re-voting, is derived from the
// token (SlotOf) so that the last ballot of a slot counts and the slot
// names no one.
type Ballot struct {
	ID      string   `json:"id"`
	Slot    string   `json:"slot,omitempty"`
	Answers []Answer `json:"answers"`
	Proof   Proof    `json:"proof"`
}

// BallotFormat names this version of the ballot's canonical form.
const BallotFormat = "cortege-ballot/1"

// idEncoding is lower-case base32 without padding: 16 bytes give 26
// characters.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewBallotID returns 128 random bits, 26 characters: no time, no counter.
func NewBallotID() string {
	var b [16]byte
	rand.Read(b[:])
	return idEncoding.EncodeToString(b[:])
}

// SlotOf is the re-voting slot of a token message: hex SHA-256 of
// "cortege-slot/1\n" ‖ token. Every ballot cast with the same token has the
// same slot; the slot says nothing of the voter.
func SlotOf(token []byte) string {
	h := sha256.New()
	h.Write([]byte("cortege-slot/1\n"))
	h.Write(token)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// Canonical is the ballot's canonical bytes: its JSON with the fields in
// the order of the type, no insignificant space, a trailing newline.
func (b Ballot) Canonical() []byte {
	out, err := json.Marshal(b)
	if err != nil { // only ints, bools and ASCII strings: cannot fail
		panic(err)
	}
	return append(out, '\n')
}

// Hash is the ballot's commitment in the board's ledger:
// SHA-256("cortege-ballot/1\n" ‖ Canonical).
func (b Ballot) Hash() ledger.Hash {
	h := sha256.New()
	h.Write([]byte(BallotFormat + "\n"))
	h.Write(b.Canonical())
	var out ledger.Hash
	h.Sum(out[:0])
	return out
}

// ErrAnswer is wrapped by every error of Check.
var ErrAnswer = errors.New("invalid answer")

// Check tells whether a is a valid answer to q.
func (q Question) Check(a Answer) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w to %s: %s", ErrAnswer, q.ID, fmt.Sprintf(format, args...))
	}
	if a.Question != q.ID {
		return bad("answers question %q", a.Question)
	}
	if a.Blank {
		if !q.Blank {
			return bad("blank is not allowed")
		}
		if len(a.Choices) > 0 || len(a.Grades) > 0 {
			return bad("a blank answer chooses nothing")
		}
		return nil
	}
	n := len(q.Options)
	inRange := func(xs []int) bool {
		for _, x := range xs {
			if x < 0 || x >= n {
				return false
			}
		}
		return true
	}
	distinct := func(xs []int) bool {
		s := slices.Clone(xs)
		slices.Sort(s)
		return len(slices.Compact(s)) == len(xs)
	}
	switch q.Kind {
	case KindSingle, KindYesNo:
		if len(a.Choices) != 1 || len(a.Grades) > 0 || !inRange(a.Choices) {
			return bad("one option must be chosen")
		}
	case KindMultiple:
		if len(a.Grades) > 0 || !inRange(a.Choices) || !slices.IsSorted(a.Choices) || !distinct(a.Choices) {
			return bad("options must be distinct, in ascending order")
		}
		if len(a.Choices) < q.Min || (q.Max > 0 && len(a.Choices) > q.Max) {
			return bad("%d options chosen, between %d and %d expected", len(a.Choices), q.Min, q.Max)
		}
	case KindRanking:
		if len(a.Grades) > 0 || len(a.Choices) == 0 || !inRange(a.Choices) || !distinct(a.Choices) {
			return bad("a ranking lists distinct options")
		}
		if q.Max > 0 && len(a.Choices) > q.Max {
			return bad("%d options ranked, at most %d", len(a.Choices), q.Max)
		}
	case KindGrades:
		if len(a.Choices) > 0 || len(a.Grades) != n {
			return bad("one grade per option")
		}
		for _, g := range a.Grades {
			if g < 0 || g >= len(q.Grades) {
				return bad("grade %d out of range", g)
			}
		}
	default:
		return bad("unknown kind %q", q.Kind)
	}
	return nil
}
