package csvimport

import (
	"encoding/csv"
	"io"
	"strings"
)

// SafeCell neutralises a cell a spreadsheet would take for a formula
// (CSV injection): one beginning with = + - @, a tab or a carriage return
// gets a leading apostrophe, which spreadsheets show as text.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	// Leading spaces do not protect a formula in some spreadsheets.
	if t := strings.TrimLeft(s, " "); t != s && t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return "'" + s
	}
	return s
}

// Writer writes CSV for spreadsheets: UTF-8 with a byte-order mark (so
// Excel reads accents), CRLF line ends, every cell through SafeCell.
type Writer struct {
	w       *csv.Writer
	started bool
	out     io.Writer
}

// NewWriter returns a Writer on out.
func NewWriter(out io.Writer) *Writer {
	w := csv.NewWriter(out)
	w.UseCRLF = true
	return &Writer{w: w, out: out}
}

// Write writes one row, neutralising each cell.
func (w *Writer) Write(cells ...string) error {
	if !w.started {
		w.started = true
		if _, err := io.WriteString(w.out, "\ufeff"); err != nil {
			return err
		}
	}
	safe := make([]string, len(cells))
	for i, c := range cells {
		safe[i] = SafeCell(c)
	}
	return w.w.Write(safe)
}

// Flush writes buffered rows and returns any error met.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}
