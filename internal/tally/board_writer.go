package tally

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"

	"codeberg.org/cortege/cortege/internal/ledger"
)

// BoardWriter writes a board in its canonical form (Board.Marshal's bytes)
// a piece at a time, so that a box of millions of ballots is served
// without holding it in memory: Begin with the meta and the opening entry,
// then each code hash in ascending order, then each ballot with its entry
// in chain order, then End with the closing entry and the heads. Calls out
// of that order fail.
type BoardWriter struct {
	w      *bufio.Writer
	stage  int // 0 new, 1 codes, 2 ballots, 3 done
	codes  int64
	ballot int64
	err    error
}

// ErrBoardOrder is returned for a BoardWriter call out of order.
var ErrBoardOrder = errors.New("tally: board written out of order (Begin, codes, ballots, End)")

// NewBoardWriter writes to w.
func NewBoardWriter(w io.Writer) *BoardWriter {
	return &BoardWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// Begin writes the meta and the opening entry, up to the codes. An empty
// Format is BoardFormat.
func (bw *BoardWriter) Begin(m BoardMeta, opening ledger.Entry) error {
	if bw.stage != 0 {
		return bw.fail(ErrBoardOrder)
	}
	bw.stage = 1
	if m.Format == "" {
		m.Format = BoardFormat
	}
	if m.Questions == nil {
		m.Questions = []Question{}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return bw.fail(err)
	}
	oj, err := json.Marshal(opening)
	if err != nil {
		return bw.fail(err)
	}
	b = append(b[:len(b)-1], `,"opening":`...) // without the closing brace
	b = append(b, oj...)
	return bw.write(append(b, `,"codes":[`...))
}

// Code writes the next code hash (64 lowercase hex digits; ascending).
func (bw *BoardWriter) Code(hash string) error {
	if bw.stage != 1 {
		return bw.fail(ErrBoardOrder)
	}
	b := make([]byte, 0, 70)
	if bw.codes > 0 {
		b = append(b, ',')
	}
	bw.codes++
	return bw.write(appendJSONString(b, hash))
}

// Ballot writes the next ballot and the ledger entry committing to it.
func (bw *BoardWriter) Ballot(b Ballot, e ledger.Entry) error {
	switch bw.stage {
	case 1:
		bw.stage = 2
		if err := bw.write([]byte(`],"ballots":[`)); err != nil {
			return err
		}
	case 2:
	default:
		return bw.fail(ErrBoardOrder)
	}
	ej, err := json.Marshal(e)
	if err != nil {
		return bw.fail(err)
	}
	out := make([]byte, 0, 1024)
	if bw.ballot > 0 {
		out = append(out, ',')
	}
	bw.ballot++
	out = append(out, `{"entry":`...)
	out = append(out, ej...)
	out = append(out, `,"ballot":`...)
	c := b.Canonical()
	out = append(out, c[:len(c)-1]...)
	return bw.write(append(out, '}'))
}

// End writes the closing entry, the heads and the end of the board, and
// flushes.
func (bw *BoardWriter) End(closing ledger.Entry, heads []string) error {
	switch bw.stage {
	case 1:
		if err := bw.write([]byte(`],"ballots":[`)); err != nil {
			return err
		}
	case 2:
	default:
		return bw.fail(ErrBoardOrder)
	}
	bw.stage = 3
	cj, err := json.Marshal(closing)
	if err != nil {
		return bw.fail(err)
	}
	b := append([]byte(`],"closing":`), cj...)
	b = append(b, `,"heads":[`...)
	for i, h := range heads {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, h)
	}
	if err := bw.write(append(b, "]}\n"...)); err != nil {
		return err
	}
	if err := bw.w.Flush(); err != nil {
		return bw.fail(err)
	}
	return nil
}

// Counts is how many codes and ballots were written.
func (bw *BoardWriter) Counts() (codes, ballots int64) { return bw.codes, bw.ballot }

func (bw *BoardWriter) write(b []byte) error {
	if bw.err == nil {
		_, bw.err = bw.w.Write(b)
	}
	return bw.err
}

func (bw *BoardWriter) fail(err error) error {
	if bw.err == nil {
		bw.err = err
	}
	return bw.err
}

// appendJSONString appends s as encoding/json writes it.
func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}
