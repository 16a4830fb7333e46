package web

import (
	"net/http"
	"net/url"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// invitationData is the view model of an emailed invitation's page.
type invitationData struct {
	View     *service.InvitationView
	Token    string
	SignedIn bool
	Login    string // sign-in link coming back here
}

// handleInvitationForm is where the emailed invitation lands: it shows the
// group and a button, and changes nothing (mail scanners follow links). A
// visitor is offered to sign in (or sign up with the invited address) and
// come back.
func (w *Web) handleInvitationForm(rw http.ResponseWriter, r *http.Request) error {
	tok := tokenParam(r.URL.Query().Get("token"))
	a := httpx.Actor(r.Context())
	v, err := w.svc.InvitationByToken(r.Context(), a, tok)
	if err != nil {
		return tokenGone(err)
	}
	d := &invitationData{View: v, Token: tok, SignedIn: a.SignedIn(),
		Login: "/login?next=" + url.QueryEscape("/invitations/accept?token="+tok)}
	return w.render(rw, r, http.StatusOK, "group_invitation", "group.invitation.title", d, nil)
}

// handleInvitationAccept accepts the emailed invitation for the acting
// profile; a visitor is sent to sign in first.
func (w *Web) handleInvitationAccept(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "accept", "token")
	if err != nil {
		return err
	}
	tok := tokenParam(f.V("token"))
	a := httpx.Actor(r.Context())
	if !a.SignedIn() {
		return w.redirect(rw, r, "/login?next="+url.QueryEscape("/invitations/accept?token="+tok))
	}
	g, err := w.svc.AcceptInvitationToken(r.Context(), a, tok)
	if err != nil {
		return tokenGone(err)
	}
	return w.redirect(rw, r, "/@"+g.Handle+"?ok=invitation_accepted")
}

// handleInvitationAnswer accepts or declines, from the dashboard or the
// group's page, an invitation waiting for the acting profile: by handle
// (the group's ID in the path) or sent to the account's address
// (email=INVITATION_ID).
func (w *Web) handleInvitationAnswer(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "invitation", "accept", "email", "next")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	accept := f.V("accept") == "1"
	gid := r.PathValue("id")
	ok := "invitation_declined"
	switch {
	case f.V("email") != "" && accept:
		g, err := w.svc.AcceptEmailInvitation(r.Context(), a, f.V("email"))
		if err != nil {
			return tokenGone(err)
		}
		return w.redirect(rw, r, "/@"+g.Handle+"?ok=invitation_accepted")
	case accept:
		err, ok = w.svc.AcceptInvitation(r.Context(), a, gid), "invitation_accepted"
	default:
		err = w.svc.DeclineInvitation(r.Context(), a, gid)
	}
	if err != nil {
		return err
	}
	return w.redirect(rw, r, withOK(backTo(f, "/dashboard"), ok))
}
