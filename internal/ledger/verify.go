package ledger

import (
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/note"
)

// Error is a verification failure, naming the first bad entry position
// and/or the head concerned (-1 when not applicable).
type Error struct {
	Position int64
	Head     int
	Msg      string
}

func (e *Error) Error() string {
	switch {
	case e.Position >= 0 && e.Head >= 0:
		return fmt.Sprintf("position %d, head %d: %s", e.Position, e.Head, e.Msg)
	case e.Position >= 0:
		return fmt.Sprintf("position %d: %s", e.Position, e.Msg)
	case e.Head >= 0:
		return fmt.Sprintf("head %d: %s", e.Head, e.Msg)
	}
	return e.Msg
}

// Report is what a verified log shows.
type Report struct {
	Origin      string
	Entries     int64 // entries in the document
	Signs       int64 // sign entries
	Revokes     int64 // revoke entries
	Count       int64 // Signs − Revokes over all entries
	Heads       []Head
	SignedSize  int64           // entries covered by the latest head (0 if none)
	SignedCount int64           // the count the latest head attests
	RevokedBy   map[int64]int64 // sign position → revoke position
	Leaves      []Hash          // leaf hash of each entry, for receipts
}

// Verifiers returns the note verifiers for the given verifier keys.
func Verifiers(vkeys ...string) (note.Verifiers, error) {
	var vs []note.Verifier
	for _, k := range vkeys {
		v, err := note.NewVerifier(k)
		if err != nil {
			return nil, fmt.Errorf("ledger: key %q: %w", k, err)
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		return nil, errors.New("ledger: no trusted key")
	}
	return note.VerifierList(vs...), nil
}

// Verify checks a published log against the trusted keys: every head's
// signature, origin, order and size; every entry's position, chain link,
// kind and revocation; each head's root and count against the entries it
// covers. It returns the first failure, naming the position.
func Verify(d Document, trusted note.Verifiers) (Report, error) {
	r := Report{Origin: d.Origin, Entries: int64(len(d.Entries)), RevokedBy: map[int64]int64{}}
	if d.Format != Format {
		return r, &Error{Position: -1, Head: -1, Msg: fmt.Sprintf("format %q, want %q", d.Format, Format)}
	}
	if !validOrigin(d.Origin) {
		return r, &Error{Position: -1, Head: -1, Msg: fmt.Sprintf("invalid origin %q", d.Origin)}
	}
	for i, msg := range d.Heads {
		h, err := OpenHead(msg, trusted)
		if err != nil {
			return r, &Error{Position: -1, Head: i, Msg: err.Error()}
		}
		if h.Origin != d.Origin {
			return r, &Error{Position: -1, Head: i, Msg: fmt.Sprintf("head is for log %q, not %q", h.Origin, d.Origin)}
		}
		if i > 0 {
			p := r.Heads[i-1]
			if h.Size < p.Size || h.Time.Before(p.Time) || h.Size == p.Size && !h.Time.After(p.Time) {
				return r, &Error{Position: -1, Head: i, Msg: "heads out of order (size and time must grow)"}
			}
		}
		r.Heads = append(r.Heads, h)
	}
	s := NewState(d.Origin)
	signedAt := map[Hash]int64{}
	r.Leaves = make([]Hash, 0, len(d.Entries))
	next, from := 0, int64(0)
	check := func() error {
		for ; next < len(r.Heads) && r.Heads[next].Size == s.Size; next++ {
			h := r.Heads[next]
			if h.Root != s.Root() {
				return &Error{Position: from, Head: next, Msg: fmt.Sprintf("the entries %d to %d are not those signed (tree root differs)", from, h.Size-1)}
			}
			if h.Count != s.Count {
				return &Error{Position: -1, Head: next, Msg: fmt.Sprintf("head attests %d signatures, the entries give %d", h.Count, s.Count)}
			}
			from = h.Size
		}
		return nil
	}
	if err := check(); err != nil {
		return r, err
	}
	for i, e := range d.Entries {
		pos := int64(i)
		fail := func(format string, a ...any) (Report, error) {
			return r, &Error{Position: pos, Head: -1, Msg: fmt.Sprintf(format, a...)}
		}
		if e.N != pos {
			return fail("entry says it is at position %d", e.N)
		}
		if e.Prev != s.Last {
			return fail("chain broken: prev is not the hash of entry %d", pos-1)
		}
		switch e.Kind {
		case KindSign:
			if p, dup := signedAt[e.Commitment]; dup {
				return fail("commitment already signed at position %d", p)
			}
			signedAt[e.Commitment] = pos
			_, s = AppendSign(s, e.Commitment)
			r.Signs++
		case KindRevoke:
			t := e.Revokes
			if t < 0 || t >= pos || d.Entries[t].Kind != KindSign {
				return fail("revocation names position %d, which is not an earlier signature", t)
			}
			if d.Entries[t].Commitment != e.Commitment {
				return fail("revocation's commitment is not that of position %d", t)
			}
			if by, done := r.RevokedBy[t]; done {
				return fail("position %d was already revoked at position %d", t, by)
			}
			r.RevokedBy[t] = pos
			var err error
			if _, s, err = AppendRevoke(s, t, e.Commitment); err != nil {
				return fail("%v", err)
			}
			r.Revokes++
		default:
			return fail("unknown kind %q", e.Kind)
		}
		r.Leaves = append(r.Leaves, s.Last)
		if err := check(); err != nil {
			return r, err
		}
	}
	if next < len(r.Heads) { // checked last, so that a broken chain is named first
		h := r.Heads[next]
		return r, &Error{Position: r.Entries, Head: next, Msg: fmt.Sprintf("head claims %d entries but the log has %d: entries are missing", h.Size, r.Entries)}
	}
	r.Count = s.Count
	if n := len(r.Heads); n > 0 {
		r.SignedSize, r.SignedCount = r.Heads[n-1].Size, r.Heads[n-1].Count
	}
	return r, nil
}

// CheckExtends checks that a verified log (d and its report rep) extends
// the head h, one the verifier kept from an earlier run or got from someone
// else, already opened with a trusted key: same log, and the first h.Size
// entries have h's root and count. A log cut back below h, or rewritten
// under it (a rollback, or a different history shown to someone else),
// fails here even though it verifies on its own.
func CheckExtends(d Document, rep Report, h Head) error {
	if h.Origin != d.Origin {
		return &Error{Position: -1, Head: -1, Msg: fmt.Sprintf("the kept head is for log %q, not %q", h.Origin, d.Origin)}
	}
	if h.Size > int64(len(rep.Leaves)) {
		return &Error{Position: int64(len(rep.Leaves)), Head: -1, Msg: fmt.Sprintf("the kept head covers %d entries, the log now has %d: it was cut back", h.Size, len(rep.Leaves))}
	}
	s := NewState(d.Origin)
	for i, leaf := range rep.Leaves[:h.Size] {
		s = s.pushLeaf(leaf)
		if d.Entries[i].Kind == KindSign {
			s.Count++
		} else {
			s.Count--
		}
	}
	if s.Root() != h.Root || s.Count != h.Count {
		return &Error{Position: -1, Head: -1, Msg: fmt.Sprintf("the log's first %d entries are not those of the kept head (signed %s): its history was rewritten", h.Size, h.Time.Format(TimeLayout))}
	}
	if n := len(rep.Heads); n > 0 && rep.Heads[n-1].Time.Before(h.Time) {
		return &Error{Position: -1, Head: n - 1, Msg: "the log's latest head is older than the kept one"}
	}
	return nil
}
