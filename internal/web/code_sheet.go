package web

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/i18n"
)

// CodeSlip is one slip of a sheet of invitation codes: what a voter finds
// in the envelope. It names no one: slips are printed in the order the
// codes were drawn, apart from the envelope list.
type CodeSlip struct {
	Batch     int                    // the batch of codes the slip belongs to
	Number    int                    // the slip's number within its batch, from 1
	Code      cortege.InvitationCode // the plain code, printed once and stored nowhere
	VoteTitle string
	VoteURL   string // the vote's page, absolute: https://example.org/votes/{id}
}

// CodeSlipURL is the address the slip's QR code carries: the vote's page
// with the code as the query parameter "code" (normalised, no dashes).
func CodeSlipURL(voteURL string, c cortege.InvitationCode) string {
	sep := "?"
	if strings.Contains(voteURL, "?") {
		sep = "&"
	}
	return voteURL + sep + "code=" + url.QueryEscape(string(c))
}

// Slip geometry, in millimetres: A4 in two columns of four slips.
const (
	slipCols   = 2
	slipRows   = 4
	slipW      = 105.0
	slipH      = 297.0 / slipRows
	slipMargin = 6.0
	slipQR     = 38.0
	slipsPage  = slipCols * slipRows
)

// CodeSheetPDF draws slips to cut out, eight to an A4 page, in lang (fr
// or en): the vote's title, the code in large type, a QR code of the
// vote's address carrying the code, the address to type instead, short
// instructions, and the batch and slip numbers. A sheet of one slip is how
// a spoiled slip is reprinted.
func CodeSheetPDF(cat *i18n.Catalog, lang string, slips []CodeSlip) ([]byte, error) {
	t := func(key string, args ...any) string { return cat.T(lang, key, args...) }
	pdf := fpdf.New("P", "mm", "A4", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("cp1252")
	s := func(x string) string { return pdfText(tr, x) }
	pdf.SetTitle(t("codes.sheet.title"), true)
	pdf.SetCreator("Cortège", true)
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	if len(slips) == 0 {
		pdf.AddPage()
	}
	for i, sl := range slips {
		k := i % slipsPage
		if k == 0 {
			pdf.AddPage()
			cutLines(pdf)
		}
		x := float64(k%slipCols) * slipW
		y := float64(k/slipCols) * slipH
		if err := drawSlip(pdf, s, t, sl, x, y); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// cutLines draws the dashed lines between slips.
func cutLines(pdf *fpdf.Fpdf) {
	pdf.SetDrawColor(150, 150, 150)
	pdf.SetLineWidth(0.2)
	pdf.SetDashPattern([]float64{2, 2}, 0)
	for c := 1; c < slipCols; c++ {
		pdf.Line(float64(c)*slipW, 0, float64(c)*slipW, 297)
	}
	for r := 1; r < slipRows; r++ {
		pdf.Line(0, float64(r)*slipH, 210, float64(r)*slipH)
	}
	pdf.SetDashPattern([]float64{}, 0)
}

// drawSlip draws one slip with its top-left corner at (x, y).
func drawSlip(pdf *fpdf.Fpdf, s func(string) string, t func(string, ...any) string, sl CodeSlip, x, y float64) error {
	inner := slipW - 2*slipMargin
	pdf.SetTextColor(0, 0, 0)

	pdf.SetXY(x+slipMargin, y+slipMargin)
	pdf.SetFont("Helvetica", "B", 10)
	for _, l := range fitLines(pdf, s, sl.VoteTitle, inner, 2) {
		pdf.SetX(x + slipMargin)
		pdf.CellFormat(inner, 4.5, l, "", 1, "L", false, 0, "")
	}

	pdf.SetXY(x+slipMargin, y+17)
	pdf.SetFont("Courier", "B", 17)
	pdf.CellFormat(inner, 9, sl.Code.String(), "1", 0, "C", false, 0, "")

	if err := drawQR(pdf, CodeSlipURL(sl.VoteURL, sl.Code), x+slipMargin-2, y+29, slipQR); err != nil {
		return err
	}
	tx := x + slipMargin + slipQR + 1
	tw := slipW - slipMargin - (tx - x)
	pdf.SetXY(tx, y+30)
	pdf.SetFont("Helvetica", "", 8)
	pdf.MultiCell(tw, 3.6, s(t("codes.slip.scan")), "", "L", false)
	pdf.SetX(tx)
	pdf.SetFont("Courier", "", 7.5)
	for _, l := range urlLines(pdf, sl.VoteURL, tw) {
		pdf.SetX(tx)
		pdf.CellFormat(tw, 3.4, s(l), "", 1, "L", false, 0, "")
	}
	pdf.SetX(tx)
	pdf.SetFont("Helvetica", "", 8)
	pdf.MultiCell(tw, 3.6, s(t("codes.slip.once")), "", "L", false)

	pdf.SetXY(x+slipMargin, y+slipH-slipMargin-3)
	pdf.SetFont("Helvetica", "", 7)
	pdf.SetTextColor(90, 90, 90)
	pdf.CellFormat(inner, 3, s(t("codes.slip.numbers", sl.Batch, sl.Number)), "", 0, "R", false, 0, "")
	return nil
}

// fitLines breaks text into at most max lines no wider than width in the
// current font, ready for the PDF (s applied); a longer text ends in "…".
func fitLines(pdf *fpdf.Fpdf, s func(string) string, text string, width float64, max int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		try := strings.TrimSpace(line + " " + w)
		if line == "" || pdf.GetStringWidth(s(try)) <= width {
			line = try
			continue
		}
		if len(lines) == max-1 {
			for strings.Contains(line, " ") && pdf.GetStringWidth(s(line+" …")) > width {
				line = line[:strings.LastIndexByte(line, ' ')]
			}
			return append(lines, s(line+" …"))
		}
		lines = append(lines, s(line))
		line = w
	}
	if line != "" {
		lines = append(lines, s(line))
	}
	return lines
}

// urlLines breaks an address into lines no wider than width, after a "/"
// where it can, so that a reader sees where each part ends.
func urlLines(pdf *fpdf.Fpdf, u string, width float64) []string {
	var lines []string
	for u != "" && len(lines) < 4 {
		if pdf.GetStringWidth(u) <= width {
			return append(lines, u)
		}
		cut := 1
		for cut < len(u) && pdf.GetStringWidth(u[:cut+1]) <= width {
			cut++
		}
		if i := strings.LastIndexByte(u[:cut], '/'); i > 0 {
			cut = i + 1
		}
		lines = append(lines, u[:cut])
		u = u[cut:]
	}
	return lines
}

// drawQR draws the QR code of content as black squares in a size×size
// box at (x, y), its quiet zone included: vector, so it prints sharp at
// any resolution.
func drawQR(pdf *fpdf.Fpdf, content string, x, y, size float64) error {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("code sheet QR: %w", err)
	}
	m := q.Bitmap() // quiet zone included
	cell := size / float64(len(m))
	pdf.SetFillColor(0, 0, 0)
	for r, row := range m {
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			run := c
			for run < len(row) && row[run] {
				run++
			}
			// A hair wider than the run so neighbouring rows leave no seam.
			pdf.Rect(x+float64(c)*cell, y+float64(r)*cell, float64(run-c)*cell+0.01, cell+0.01, "F")
			c = run
		}
	}
	return nil
}
