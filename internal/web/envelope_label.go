package web

import (
	"bytes"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"codeberg.org/cortege/cortege/internal/csvimport"
)

// Label geometry, in millimetres: the common A4 sheet of 24 labels,
// 3 columns × 8 rows of 70 × 37 mm, no margin.
const (
	labelCols   = 3
	labelRows   = 8
	labelW      = 70.0
	labelH      = 37.125
	labelMargin = 6.0
	labelsPage  = labelCols * labelRows
)

// EnvelopeLabelsPDF draws address labels, 24 to an A4 page, in the order
// given (shuffle them first: csvimport.ShuffleEnvelopes). Each label has
// the addressee, the address lines and "POSTAL CODE COMMUNE" in capitals
// as La Poste asks, then the country when it is not France. Nothing on a
// label numbers it: its place says nothing of any code.
func EnvelopeLabelsPDF(envs []csvimport.Envelope) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("cp1252")
	s := func(x string) string { return pdfText(tr, x) }
	pdf.SetCreator("Cortège", true)
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	if len(envs) == 0 {
		pdf.AddPage()
	}
	for i, e := range envs {
		k := i % labelsPage
		if k == 0 {
			pdf.AddPage()
		}
		x := float64(k%labelCols)*labelW + labelMargin
		y := float64(k/labelCols)*labelH + labelMargin
		w := labelW - 2*labelMargin
		pdf.SetFont("Helvetica", "", 9.5)
		for n, l := range labelLines(e) {
			pdf.SetXY(x, y+float64(n)*4.3)
			pdf.CellFormat(w, 4.3, s(clipTo(pdf, s, l, w)), "", 0, "L", false, 0, "")
		}
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// labelLines are the lines of one label, six at most.
func labelLines(e csvimport.Envelope) []string {
	lines := []string{strings.TrimSpace(e.FirstName + " " + e.Name)}
	for _, l := range []string{e.Address2, e.Address} {
		if l != "" {
			lines = append(lines, l)
		}
	}
	lines = append(lines, strings.ToUpper(strings.TrimSpace(e.PostalCode+" "+e.Commune)))
	if !csvimport.French(e.Country) {
		lines = append(lines, strings.ToUpper(e.Country))
	}
	return lines
}

// clipTo shortens a line to width, ending it with "…".
func clipTo(pdf *fpdf.Fpdf, s func(string) string, line string, width float64) string {
	if pdf.GetStringWidth(s(line)) <= width {
		return line
	}
	r := []rune(line)
	for len(r) > 1 && pdf.GetStringWidth(s(string(r)+"…")) > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
