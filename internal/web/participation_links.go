package web

import (
	"net/http"
	"net/url"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// linkPage is the view model of the pages mailed links open: the event,
// the person's registration, and the form that acts (POST).
type linkPage struct {
	Kind          string // confirm, confirmed, cancel, cancelled, unsubscribe, unsubscribed, manage
	Token         string
	ID            string // participation (unsubscribe)
	Event         *cortege.Event
	When          string
	Participation *cortege.Participation
	Ticket        *service.Ticket
	Manage        evRef // management link: the organiser's pages
	SignedIn      bool
}

// TicketURL is the QR image of an anonymous participant's ticket.
func (d *linkPage) TicketURL() string {
	return "/events/participation/ticket.png?token=" + url.QueryEscape(d.Token)
}

func (w *Web) linkPage(r *http.Request, kind, token string, p *cortege.Participation, e *cortege.Event) *linkPage {
	d := &linkPage{Kind: kind, Token: token, Participation: p, Event: e, SignedIn: httpx.Actor(r.Context()).SignedIn()}
	if e != nil {
		d.When = service.FormatWhen(info(r).lang, e)
	}
	return d
}

func (w *Web) renderLink(rw http.ResponseWriter, r *http.Request, d *linkPage) error {
	rw.Header().Set("Cache-Control", "private, no-store")
	rw.Header().Set("Referrer-Policy", "no-referrer")
	return w.render(rw, r, http.StatusOK, "event_link", "event.link."+d.Kind+".title", d, nil)
}

// handleParticipationConfirmForm is where the confirmation link of an
// anonymous registration lands: it shows the event and a button, and
// changes nothing (mail scanners follow links).
func (w *Web) handleParticipationConfirmForm(rw http.ResponseWriter, r *http.Request) error {
	tok := tokenParam(r.URL.Query().Get("token"))
	p, e, err := w.svc.CheckParticipationLink(r.Context(), tok)
	if err != nil {
		return err
	}
	kind := "confirm"
	if p.Status != cortege.PartUnconfirmed {
		kind = "confirmed"
	}
	return w.renderLink(rw, r, w.linkPage(r, kind, tok, p, e))
}

// handleParticipationConfirm confirms the registration (once).
func (w *Web) handleParticipationConfirm(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "confirm", "token")
	if err != nil {
		return err
	}
	tok := tokenParam(f.V("token"))
	if _, err := w.svc.ConfirmParticipation(r.Context(), tok); err != nil {
		return err
	}
	p, e, err := w.svc.CheckParticipationLink(r.Context(), tok)
	if err != nil {
		return err
	}
	return w.renderLink(rw, r, w.linkPage(r, "confirmed", tok, p, e))
}

// handleParticipationCancelForm is the private page of a registration
// without an account (the cancel link of every mail): where it stands, the
// ticket when admitted, and a button to cancel.
func (w *Web) handleParticipationCancelForm(rw http.ResponseWriter, r *http.Request) error {
	tok := tokenParam(r.URL.Query().Get("token"))
	p, e, err := w.svc.CheckCancelLink(r.Context(), tok)
	if err != nil {
		return err
	}
	kind := "cancel"
	if !p.Active() {
		kind = "cancelled"
	}
	d := w.linkPage(r, kind, tok, p, e)
	if p.Admitted() {
		// An online-only event issues no ticket: the service says not found.
		if d.Ticket, err = w.svc.TicketByCancelToken(r.Context(), tok); err != nil && !cortege.IsNotFound(err) {
			return err
		}
	}
	return w.renderLink(rw, r, d)
}

// handleParticipationCancel cancels the registration from the link.
func (w *Web) handleParticipationCancel(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "cancel", "token")
	if err != nil {
		return err
	}
	tok := tokenParam(f.V("token"))
	if _, err := w.svc.CancelParticipationByToken(r.Context(), tok); err != nil {
		return err
	}
	p, e, err := w.svc.CheckCancelLink(r.Context(), tok)
	if err != nil {
		return err
	}
	return w.renderLink(rw, r, w.linkPage(r, "cancelled", tok, p, e))
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

// handleManageLink is the private management link of an event created
// without an account: first a button confirming the creation, then the
// organiser's menu (edit, participants, announcements, check-in, cancel)
// and, for a signed-in visitor, attaching the event to their profile.
func (w *Web) handleManageLink(rw http.ResponseWriter, r *http.Request) error {
	tok := tokenParam(r.URL.Query().Get("token"))
	e, err := w.svc.CheckManageLink(r.Context(), tok)
	if err != nil {
		return manageErr(err)
	}
	kind := "manage"
	if !e.Confirmed {
		kind = "create"
	}
	d := w.linkPage(r, kind, tok, nil, e)
	d.Manage = evRef{ID: e.ID, Token: tok}
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
		w.errorPage(rw, r, http.StatusGone, "err.event.link_invalid")
		return nil
	}
	return err
}

// handleManageLinkPost confirms the creation (action=confirm) or attaches
// the event to the signed-in person's profile (action=claim).
func (w *Web) handleManageLinkPost(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "manage", "token", "action")
	if err != nil {
		return err
	}
	tok := tokenParam(f.V("token"))
	a := httpx.Actor(r.Context())
	if f.V("action") == "claim" {
		if !a.SignedIn() {
			return cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
		}
		e, err := w.svc.ClaimEvent(r.Context(), a, tok)
		if err != nil {
			return manageErr(err)
		}
		return w.redirect(rw, r, "/events/"+e.ID+"?ok=event_claimed")
	}
	if _, err := w.svc.ConfirmEventCreation(r.Context(), tok); err != nil {
		return manageErr(err)
	}
	return w.redirect(rw, r, "/events/manage?token="+url.QueryEscape(tok)+"&ok=event_confirmed")
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
