package web

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// linkPage is the view model of the pages mailed links open: the event,
// the person's registration, and the form that acts (POST).
type linkPage struct {
	Kind          string // confirm, cancel, cancelled, unsubscribe, unsubscribed, create, manage
	Token         string // unsubscribe links only: the others act through a session
	Base          string // the clean page the forms post to (registration, manage)
	ID            string // participation (unsubscribe)
	Event         *cortege.Event
	When          string
	Participation *cortege.Participation
	Ticket        *service.Ticket
	Manage        evRef // management link: the organiser's pages
	SignedIn      bool
}

// TicketURL is the QR image of an anonymous participant's ticket.
func (d *linkPage) TicketURL() string { return d.Base + "/ticket.png" }

func (w *Web) linkPage(r *http.Request, kind, token string, p *cortege.Participation, e *cortege.Event) *linkPage {
	d := &linkPage{Kind: kind, Token: token, Participation: p, Event: e, SignedIn: httpx.Actor(r.Context()).SignedIn()}
	if e != nil {
		d.When = service.FormatWhen(info(r).lang, e)
	}
	return d
}

func (w *Web) renderLink(rw http.ResponseWriter, r *http.Request, d *linkPage) error {
	privateLink(rw)
	return w.render(rw, r, http.StatusOK, "event_link", "event.link."+d.Kind+".title", d, nil)
}

// registrationKind is the page a registration without an account shows:
// confirm while unconfirmed, cancel while it stands, cancelled after.
func registrationKind(p *cortege.Participation) string {
	switch {
	case p.Status == cortege.PartUnconfirmed:
		return "confirm"
	case p.Active():
		return "cancel"
	}
	return "cancelled"
}

// handleRegistration is the clean private page of a registration without
// an account, reached through its mailed links (exchanged for a session):
// where it stands, a button to confirm or to cancel, the ticket once
// admitted.
func (w *Web) handleRegistration(rw http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	reg, err := w.svc.RegistrationBySession(r.Context(), id, eventSecret(r, participantCookie))
	if err != nil {
		return err
	}
	d := w.linkPage(r, registrationKind(reg.Participation), "", reg.Participation, reg.Event)
	d.Base, d.Ticket = registrationPath(id), reg.Ticket
	return w.renderLink(rw, r, d)
}

// handleRegistrationConfirm confirms the registration of the session.
func (w *Web) handleRegistrationConfirm(rw http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if _, err := w.svc.ConfirmRegistrationBySession(r.Context(), id, eventSecret(r, participantCookie)); err != nil {
		return err
	}
	return w.redirect(rw, r, okPath(registrationPath(id), "registration_confirmed"))
}

// handleRegistrationCancel cancels the registration of the session.
func (w *Web) handleRegistrationCancel(rw http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if _, err := w.svc.CancelRegistrationBySession(r.Context(), id, eventSecret(r, participantCookie)); err != nil {
		return err
	}
	return w.redirect(rw, r, okPath(registrationPath(id), "registration_cancelled"))
}

// handleRegistrationTicket serves the ticket of the session's registration.
func (w *Web) handleRegistrationTicket(rw http.ResponseWriter, r *http.Request) error {
	reg, err := w.svc.RegistrationBySession(r.Context(), r.PathValue("id"), eventSecret(r, participantCookie))
	if err != nil {
		return err
	}
	if reg.Ticket == nil {
		return cortege.Errorf(cortege.ENOTFOUND, "err.ticket.not_found")
	}
	return writePNG(rw, reg.Ticket.QRPNG)
}

// handleParticipationLinkPost is the POST of the pages older versions
// showed at the mailed link itself (token in the form): it acts (confirm
// or cancel), then exchanges the token for a session like a fresh
// opening of the link and goes to the clean page.
func (w *Web) handleParticipationLinkPost(purpose string) handler {
	return func(rw http.ResponseWriter, r *http.Request) error {
		f, err := parseForm(rw, r, purpose, "token")
		if err != nil {
			return err
		}
		tok := tokenParam(f.V("token"))
		ok := "registration_confirmed"
		if purpose == service.ParticipantConfirmLink {
			_, err = w.svc.ConfirmParticipation(r.Context(), tok)
		} else {
			_, err = w.svc.CancelParticipationByToken(r.Context(), tok)
			ok = "registration_cancelled"
		}
		if err != nil {
			return err
		}
		id, err := w.openParticipant(rw, r, purpose, tok)
		if err != nil {
			return err
		}
		return w.redirect(rw, r, okPath(registrationPath(id), ok))
	}
}

// handleUnsubscribeForm asks to confirm turning off an event's updates.
func (w *Web) handleUnsubscribeForm(rw http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	tok := tokenParam(q.Get("token"))
	if err := w.svc.CheckUnsubscribeLink(r.Context(), q.Get("id"), tok); err != nil {
		return err
	}
	d := w.linkPage(r, "unsubscribe", tok, nil, nil)
	d.ID = q.Get("id")
	return w.renderLink(rw, r, d)
}

// handleUnsubscribe turns the updates off: the form's button, or the
// one-click POST of RFC 8058 (id and token in the query).
func (w *Web) handleUnsubscribe(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "unsubscribe", "id", "token")
	if err != nil {
		return err
	}
	id, tok := f.V("id"), f.V("token")
	if id == "" {
		id = r.URL.Query().Get("id")
	}
	if tok == "" {
		tok = r.URL.Query().Get("token")
	}
	if err := w.svc.UnsubscribeParticipation(r.Context(), id, tokenParam(tok)); err != nil {
		return err
	}
	return w.renderLink(rw, r, w.linkPage(r, "unsubscribed", "", nil, nil))
}

// handleManagePage is the clean management page of an event created
// without an account, for the holder of its management session: first a
// button confirming the creation, then the organiser's menu (edit,
// participants, announcements, check-in, cancel) and, for a signed-in
// visitor, attaching the event to their profile.
func (w *Web) handleManagePage(rw http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	e, err := w.svc.ManageLinkEvent(r.Context(), service.ByManageSession(id, eventSecret(r, manageCookie)))
	if err != nil {
		return manageErr(err)
	}
	kind := "manage"
	if !e.Confirmed {
		kind = "create"
	}
	d := w.linkPage(r, kind, "", nil, e)
	d.Base, d.Manage = manageLinkPath(e.ID), evRef{ID: e.ID, ByLink: true}
	return w.renderLink(rw, r, d)
}

// manageErr turns an unknown management link into the expired-link page.
func manageErr(err error) error {
	if cortege.IsNotFound(err) {
		return cortege.Invalid("token", "err.token.invalid")
	}
	return err
}

// linkGone answers a mailed link that cannot be used (unknown, altered,
// used up) with 410 and a message saying what to do, not the sign-in
// page's "ask for a new link"; other errors go up.
func (w *Web) linkGone(rw http.ResponseWriter, r *http.Request, err error) error {
	if e := cortege.ErrorOf(err); e != nil && e.Message == "err.token.invalid" {
		key := "err.event.link_invalid"
		if r.PathValue("id") != "" {
			key = "err.event.session_gone" // a clean page opened without its session
		}
		w.errorPage(rw, r, http.StatusGone, key)
		return nil
	}
	return err
}

// handleManagePost confirms the creation (action=confirm) or attaches the
// event to the signed-in person's profile (action=claim), through the
// management session (the clean page) or, from a page an older version
// showed, the token in the form (then exchanged for a session too).
func (w *Web) handleManagePost(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "manage", "token", "action")
	if err != nil {
		return err
	}
	ref := service.ByManageSession(r.PathValue("id"), eventSecret(r, manageCookie))
	if tok := tokenParam(f.V("token")); tok != "" || r.PathValue("id") == "" {
		ref = service.ByManageToken(tok)
	}
	a := httpx.Actor(r.Context())
	if f.V("action") == "claim" {
		if !a.SignedIn() {
			return cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
		}
		e, err := w.svc.ClaimEvent(r.Context(), a, ref)
		if err != nil {
			return manageErr(err)
		}
		w.clearEventCookie(rw, manageCookie, e.ID) // the link and its sessions stop working
		return w.redirect(rw, r, "/events/"+e.ID+"?ok=event_claimed")
	}
	e, err := w.svc.ConfirmEventCreation(r.Context(), ref)
	if err != nil {
		return manageErr(err)
	}
	if ref.ManageToken != "" {
		if _, err := w.openManage(rw, r, ref.ManageToken); err != nil {
			return err
		}
	}
	return w.redirect(rw, r, okPath(manageLinkPath(e.ID), "event_confirmed"))
}

// gone wraps the handlers of mailed links so that an unusable link is
// answered by linkGone.
func (w *Web) gone(h handler) handler {
	return func(rw http.ResponseWriter, r *http.Request) error {
		if err := h(rw, r); err != nil {
			return w.linkGone(rw, r, err)
		}
		return nil
	}
}
