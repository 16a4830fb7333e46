package tally

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"codeberg.org/cortege/cortege/internal/ledger"
)

// BoardFormat names this version of the board's format.
const BoardFormat = "cortege-board/1"

// BoardMeta is everything a board states before its codes and ballots: the
// vote and the rules its ballots are checked against. Its fields are
// written in this order (docs/tally.md).
type BoardMeta struct {
	Format    string     `json:"format"`    // BoardFormat
	Origin    string     `json:"origin"`    // "<host>/votes/<id>", the ledger's origin
	Title     string     `json:"title"`     // the vote's title
	Questions []Question `json:"questions"` // in the vote's order
	Key       string     `json:"key"`       // the instance's note verifier key, which signs the heads
	// TokenKey is the vote's blind-signature public key, base64 (standard,
	// padded) of its PKIX DER form, RSA, used with RSABSSA-SHA384-PSS-
	// Randomized (RFC 9474); empty when the vote uses no tokens.
	TokenKey string `json:"token_key"`
	Revote   bool   `json:"revote"`   // the last ballot of a slot counts
	SignOffs int64  `json:"signoffs"` // people on the sign-in sheet
}

// BoardBallot is one ballot of the board and the ledger entry that
// commits to it (Entry.Commitment = Ballot.Hash()).
type BoardBallot struct {
	Entry  ledger.Entry `json:"entry"`
	Ballot Ballot       `json:"ballot"`
}

// Board is the published box of a closed vote, GET /votes/{id}/board.json:
// the meta, the ledger's opening entry, the SHA-256 (hex) of every issued
// and not voided invitation code in ascending order, the ballots in chain
// order, the closing entry and the signed heads of the ledger in order of
// size (board_ledger.go).
type Board struct {
	BoardMeta
	Opening ledger.Entry  `json:"opening"`
	Codes   []string      `json:"codes"`
	Ballots []BoardBallot `json:"ballots"`
	Closing ledger.Entry  `json:"closing"`
	Heads   []string      `json:"heads"`
}

// Marshal writes the board in its canonical form, the bytes BoardWriter
// writes.
func (b Board) Marshal() []byte {
	var buf bytes.Buffer
	w := NewBoardWriter(&buf)
	w.Begin(b.BoardMeta, b.Opening)
	for _, c := range b.Codes {
		w.Code(c)
	}
	for _, x := range b.Ballots {
		w.Ballot(x.Ballot, x.Entry)
	}
	w.End(b.Closing, b.Heads) // a bytes.Buffer does not fail
	return buf.Bytes()
}

// Ledger is the ledger document the board's entries (opening, ballots,
// closing) and heads form, for ledger.Verify.
func (b Board) Ledger() ledger.Document {
	d := ledger.Document{Format: ledger.Format, Origin: b.Origin, Key: b.Key, Heads: b.Heads, Entries: make([]ledger.Entry, 0, len(b.Ballots)+2)}
	d.Entries = append(d.Entries, b.Opening)
	for _, x := range b.Ballots {
		d.Entries = append(d.Entries, x.Entry)
	}
	d.Entries = append(d.Entries, b.Closing)
	return d
}

// MaxBoardDepth is the deepest nesting of arrays and objects a board has
// (board, ballots, item, ballot, answers, answer, choices).
const MaxBoardDepth = 7

// ErrBoardTooLarge is returned by ParseBoard for a board over its limit.
var ErrBoardTooLarge = errors.New("tally: board larger than the limit")

// ParseBoard reads a board of at most limit bytes strictly: known fields
// only, nesting no deeper than MaxBoardDepth, and in canonical form once
// insignificant whitespace is removed, so that no byte can change without
// the verifier seeing it. An error in a ballot names its position. It
// checks the form only; VerifyBoard checks the content.
func ParseBoard(r io.Reader, limit int64) (Board, error) {
	raw, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return Board{}, fmt.Errorf("tally: reading the board: %w", err)
	}
	if int64(len(raw)) > limit {
		return Board{}, fmt.Errorf("%w (%d bytes)", ErrBoardTooLarge, limit)
	}
	if err := checkDepth(raw, MaxBoardDepth); err != nil {
		return Board{}, err
	}
	var b Board
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return Board{}, locateBallot(raw, fmt.Errorf("tally: board is not valid JSON of the expected shape: %w", err))
	}
	if dec.More() {
		return Board{}, errors.New("tally: data after the board")
	}
	if b.Format != BoardFormat {
		return Board{}, fmt.Errorf("tally: format %q, want %q", b.Format, BoardFormat)
	}
	if b.Questions == nil || b.Codes == nil || b.Ballots == nil || b.Heads == nil || b.Opening.Kind == "" || b.Closing.Kind == "" {
		return Board{}, errors.New("tally: questions, opening, codes, ballots, closing and heads must all be present")
	}
	var got bytes.Buffer
	if err := json.Compact(&got, raw); err != nil {
		return Board{}, fmt.Errorf("tally: %w", err)
	}
	canon := bytes.TrimSuffix(b.Marshal(), []byte("\n"))
	if !bytes.Equal(got.Bytes(), canon) {
		return Board{}, notCanonical(got.Bytes(), canon)
	}
	return b, nil
}

// checkDepth refuses JSON nested deeper than max, before decoding.
func checkDepth(b []byte, max int) error {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			if depth++; depth > max {
				return fmt.Errorf("tally: board nested deeper than %d levels", max)
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return nil
}

// BallotError is a board failure at a ballot, named by its position in
// the board's ballots (from 0; its ledger entry is at Position + 1).
type BallotError struct {
	Position int
	Msg      string
}

func (e *BallotError) Error() string { return fmt.Sprintf("ballot %d: %s", e.Position, e.Msg) }

// locateBallot names the ballot a decoding error is in, when it is in one:
// the slow path, taken only for a board already refused.
func locateBallot(b []byte, err error) error {
	var raw struct {
		Ballots []json.RawMessage `json:"ballots"`
	}
	if json.Unmarshal(b, &raw) != nil {
		return err
	}
	for i, r := range raw.Ballots {
		var x BoardBallot
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.DisallowUnknownFields()
		if xerr := dec.Decode(&x); xerr != nil {
			return &BallotError{Position: i, Msg: "does not parse: " + xerr.Error()}
		}
	}
	return err
}

// notCanonical says where a board departs from its canonical form, and in
// which ballot when the difference is inside one.
func notCanonical(got, canon []byte) error {
	i := 0
	for i < len(got) && i < len(canon) && got[i] == canon[i] {
		i++
	}
	msg := fmt.Sprintf("tally: board not in canonical form from byte %d (of the compacted board)", i)
	// Count the ballots that begin before byte i.
	start := bytes.Index(canon, []byte(`,"ballots":[`))
	if start < 0 || i < start {
		return errors.New(msg)
	}
	n := bytes.Count(canon[start:i], []byte(`{"entry":`))
	if n == 0 {
		return errors.New(msg)
	}
	return &BallotError{Position: n - 1, Msg: "not in canonical form (a field spelled, ordered or escaped otherwise, or repeated)"}
}
