package web

import (
	"net/http"

	"codeberg.org/cortege/cortege/internal/httpx"
)

// handleSignaturesCSV streams the signatures the consents let the
// organisers take away (service.SignatureExport says which), as CSV.
func (w *Web) handleSignaturesCSV(rw http.ResponseWriter, r *http.Request) error {
	x, err := w.svc.ExportSignatures(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	h := rw.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="signatures-`+safeFile(x.Petition.ID)+`.csv"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	rw.WriteHeader(http.StatusOK)
	// The status is sent: an error from here on can only cut the file
	// short, which the missing final line shows.
	_ = x.WriteCSV(r.Context(), rw)
	return nil
}
