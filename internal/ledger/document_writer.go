package ledger

import (
	"bufio"
	"encoding/hex"
	"io"
	"strconv"
)

// DocumentWriter writes a document in its canonical form (Document.Marshal's
// bytes) a piece at a time, so a log of millions of entries is served
// without holding it in memory: Begin, then each entry in order, then End
// with the heads.
type DocumentWriter struct {
	w   *bufio.Writer
	buf []byte
	n   int64 // entries written
	err error
}

// NewDocumentWriter writes to w.
func NewDocumentWriter(w io.Writer) *DocumentWriter {
	return &DocumentWriter{w: bufio.NewWriterSize(w, 64<<10), buf: make([]byte, 0, 512)}
}

// Begin writes the fields before the entries.
func (d *DocumentWriter) Begin(format, origin, key string) error {
	b := append(d.buf[:0], `{"format":`...)
	b = appendString(b, format)
	b = append(b, `,"origin":`...)
	b = appendString(b, origin)
	b = append(b, `,"key":`...)
	b = appendString(b, key)
	b = append(b, `,"entries":[`...)
	return d.write(b)
}

// Entry writes the next entry.
func (d *DocumentWriter) Entry(e Entry) error {
	b := d.buf[:0]
	if d.n > 0 {
		b = append(b, ',')
	}
	d.n++
	return d.write(appendEntry(b, e))
}

// End writes the heads and the end of the document, and flushes.
func (d *DocumentWriter) End(heads []string) error {
	b := append(d.buf[:0], `],"heads":[`...)
	for i, h := range heads {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, h)
	}
	if err := d.write(append(b, "]}\n"...)); err != nil {
		return err
	}
	return d.w.Flush()
}

func (d *DocumentWriter) write(b []byte) error {
	d.buf = b[:0]
	if d.err == nil {
		_, d.err = d.w.Write(b)
	}
	return d.err
}

// appendEntry appends e's canonical JSON.
func appendEntry(b []byte, e Entry) []byte {
	b = append(b, `{"n":`...)
	b = strconv.AppendInt(b, e.N, 10)
	b = append(b, `,"kind":`...)
	b = appendString(b, string(e.Kind))
	b = append(b, `,"prev":"`...)
	b = hex.AppendEncode(b, e.Prev[:])
	b = append(b, `","commitment":"`...)
	b = hex.AppendEncode(b, e.Commitment[:])
	b = append(b, '"')
	if e.Kind == KindRevoke {
		b = append(b, `,"revokes":`...)
		b = strconv.AppendInt(b, e.Revokes, 10)
	}
	return append(b, '}')
}
