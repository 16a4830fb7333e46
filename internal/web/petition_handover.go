package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// handleHandoverPDF answers the hand-over document of a petition: what
// organisers print or send to the addressee (title, text, the count
// online and on paper and by département, the public comments). It holds
// no address and no name a signer did not choose to show.
func (w *Web) handleHandoverPDF(rw http.ResponseWriter, r *http.Request) error {
	h, err := w.svc.PetitionHandover(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	b, err := w.handoverPDF(h, info(r).lang)
	if err != nil {
		return err
	}
	hd := rw.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", `attachment; filename="petition-`+safeFile(h.Petition.ID)+`.pdf"`)
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	_, err = rw.Write(b)
	return err
}

// pdfText readies text for the PDF's core fonts, which read Windows-1252
// (cp1252 covers French: accents, œ, «», ’, €): the narrow no-break
// space, which cp1252 lacks, becomes a no-break space, and the rest goes
// through fpdf's own cp1252 table.
func pdfText(tr func(string) string, s string) string {
	return tr(strings.NewReplacer("\u202f", "\u00a0", "\u2009", " ", "\u2011", "-").Replace(s))
}

// handoverPDF draws the hand-over document with fpdf's core Helvetica:
// no font file to ship or download, French rendered through cp1252.
func (w *Web) handoverPDF(h *service.PetitionHandover, lang string) ([]byte, error) {
	t := func(key string, args ...any) string { return w.cat.T(lang, key, args...) }
	p := h.Petition
	pdf := fpdf.New("P", "mm", "A4", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("cp1252")
	s := func(x string) string { return pdfText(tr, x) }
	pdf.SetTitle(p.Title, true)
	pdf.SetCreator("Cortège", true)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetFont("Helvetica", "", 8)
		pdf.CellFormat(0, 6, s(t("ptools.handover.page", pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()

	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(0, 8, s(p.Title), "", "L", false)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, s(t("ptools.handover.addressee", p.Addressee)), "", "L", false)
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 11)
	for _, para := range strings.Split(strings.ReplaceAll(plainMarkdown(p.Text), "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			pdf.MultiCell(0, 5.5, s(para), "", "L", false)
			pdf.Ln(2)
		}
	}

	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 14)
	pdf.MultiCell(0, 7, s(t("ptools.handover.count_title")), "", "L", false)
	pdf.SetFont("Helvetica", "", 11)
	c := h.Counts
	pdf.MultiCell(0, 6, s(t("ptools.handover.count", c.Total(), c.Online, c.Paper)), "", "L", false)
	if len(h.Departements) > 0 {
		pdf.Ln(2)
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(110, 6, s(t("ptools.handover.dep")), "B", 0, "L", false, 0, "")
		pdf.CellFormat(40, 6, s(t("ptools.handover.dep_count")), "B", 1, "R", false, 0, "")
		pdf.SetFont("Helvetica", "", 10)
		for _, d := range h.Departements {
			name := d.Code
			if d.Name != "" {
				name += " " + d.Name
			}
			pdf.CellFormat(110, 5.5, s(name), "", 0, "L", false, 0, "")
			pdf.CellFormat(40, 5.5, fmt.Sprint(d.Count), "", 1, "R", false, 0, "")
		}
	}

	if len(h.Comments) > 0 {
		pdf.Ln(6)
		pdf.SetFont("Helvetica", "B", 14)
		pdf.MultiCell(0, 7, s(t("ptools.handover.comments")), "", "L", false)
		for _, cm := range h.Comments {
			who := cm.Name
			if who == "" {
				who = t("ptools.handover.anonymous")
			}
			if cm.Departement != "" {
				who += " (" + cm.Departement + ")"
			}
			pdf.SetFont("Helvetica", "B", 9)
			pdf.MultiCell(0, 5, s(who), "", "L", false)
			pdf.SetFont("Helvetica", "", 10)
			pdf.MultiCell(0, 5, s(cm.Comment), "", "L", false)
			pdf.Ln(1.5)
		}
		if h.MoreComments {
			pdf.SetFont("Helvetica", "I", 9)
			pdf.MultiCell(0, 5, s(t("ptools.handover.more_comments")), "", "L", false)
		}
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// plainMarkdown keeps the words of a Markdown text for print: emphasis
// and heading marks go, paragraphs stay.
func plainMarkdown(s string) string {
	s = strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, "#> ")
		if strings.HasPrefix(strings.TrimSpace(l), "- ") || strings.HasPrefix(strings.TrimSpace(l), "* ") {
			lines[i] = "• " + strings.TrimSpace(l)[2:]
		}
	}
	return strings.Join(lines, "\n")
}
