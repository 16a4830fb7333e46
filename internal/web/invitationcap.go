package web

import (
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// The confirmations of the invitations' admin page (texts "flash.KEY").
func init() {
	for _, k := range []string{"invitations_stopped", "invitations_resumed", "invitations_ceiling"} {
		flashes[k] = true
	}
}

// invitationsData is the view model of the administrators' page about
// invitations: who sends how many, who is stopped, the hourly ceiling.
type invitationsData struct {
	*service.InvitationActivity
	Stopped int // invitations withdrawn by the stop just made (?n=)
}

// handleAdminInvitations shows the bursts of invitations and the ceiling.
func (w *Web) handleAdminInvitations(rw http.ResponseWriter, r *http.Request) error {
	return w.adminInvitationsPage(rw, r, http.StatusOK, nil)
}

func (w *Web) adminInvitationsPage(rw http.ResponseWriter, r *http.Request, status int, f *form) error {
	act, err := w.svc.InvitationActivity(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	d := &invitationsData{InvitationActivity: act}
	if n, err := strconv.Atoi(r.URL.Query().Get("n")); err == nil && n >= 0 && n < 1e6 {
		d.Stopped = n
	}
	return w.render(rw, r, status, "admin_invitations", "admin.invitations.title", d, f)
}

// handleAdminInvitationsCeiling saves the hourly ceiling on invitation
// mails to addresses without an account.
func (w *Web) handleAdminInvitationsCeiling(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "ceiling", "ceiling")
	if err == nil {
		err = w.svc.SetStrangerCeiling(r.Context(), httpx.Actor(r.Context()), f.V("ceiling"))
	}
	if err != nil {
		if status := w.formFail(f, info(r).lang, err); status != 0 {
			return w.adminInvitationsPage(rw, r, status, f)
		}
		return err
	}
	return w.redirect(rw, r, "/admin/invitations?ok=invitations_ceiling")
}

// confirmInvitationsStop names the account whose invitations stop.
func (w *Web) confirmInvitationsStop() confirmation {
	return confirmation{Key: "invitations_stop", About: func(r *http.Request) (string, bool, error) {
		acc, _, err := w.svc.Account(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
		if err != nil {
			return "", false, err
		}
		return acc.Email, true, nil
	}}
}

// handleAdminInvitationsStop stops an account's invitations and withdraws
// those whose mail has not gone.
func (w *Web) handleAdminInvitationsStop(rw http.ResponseWriter, r *http.Request) error {
	n, err := w.svc.StopInvitations(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	return w.redirect(rw, r, "/admin/invitations?ok=invitations_stopped&n="+strconv.Itoa(n))
}

// handleAdminInvitationsResume lets a stopped account invite again.
func (w *Web) handleAdminInvitationsResume(rw http.ResponseWriter, r *http.Request) error {
	if err := w.svc.ResumeInvitations(r.Context(), httpx.Actor(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	return w.redirect(rw, r, "/admin/invitations?ok=invitations_resumed")
}
