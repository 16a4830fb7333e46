package web

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// handleProfileReport reports a profile to the instance's moderators from
// its public page.
func (w *Web) handleProfileReport(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "report", "target", "reason", "next")
	err = checkText(f, err)
	if err == nil {
		_, err = w.svc.Report(r.Context(), httpx.Actor(r.Context()), cortege.ReportProfile, f.V("target"), f.V("reason"))
	}
	if err != nil {
		return err
	}
	return w.redirect(rw, r, withOK(backTo(f, "/"), "reported"))
}
