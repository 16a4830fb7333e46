package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// Kinds of event cookie: what a private link of an event was exchanged for.
const (
	manageCookie      = "cortege_manage" // an accountless organiser's management session
	participantCookie = "cortege_part"   // a registration without an account
)

// The confirmations of the clean link pages join the list render.go checks
// ?ok= against.
func init() {
	for _, k := range []string{"registration_confirmed", "registration_cancelled", "event_links_sent", "event_join_sent"} {
		flashes[k] = true
	}
}

// eventCookieName is the cookie's name: "__Secure-" on https (the
// "__Host-" prefix would need the path "/", and these cookies are sent to
// one event's pages only).
func (w *Web) eventCookieName(kind string) string {
	if w.secure {
		return "__Secure-" + kind
	}
	return kind
}

// setEventCookie keeps an event session's secret for the pages of event
// id only (Path=/events/ID), HttpOnly and SameSite=Lax.
func (w *Web) setEventCookie(rw http.ResponseWriter, kind, id, secret string) {
	http.SetCookie(rw, &http.Cookie{
		Name: w.eventCookieName(kind), Value: secret, Path: "/events/" + url.PathEscape(id),
		MaxAge: int(service.EventSessionTTL / time.Second), HttpOnly: true, Secure: w.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

// clearEventCookie drops an event session's cookie.
func (w *Web) clearEventCookie(rw http.ResponseWriter, kind, id string) {
	http.SetCookie(rw, &http.Cookie{
		Name: w.eventCookieName(kind), Value: "", Path: "/events/" + url.PathEscape(id), MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode,
	})
}

// eventSecret returns the secret of the event cookie of kind the request
// carries ("" when none): browsers send it to its event's pages only.
func eventSecret(r *http.Request, kind string) string {
	for _, name := range []string{"__Secure-" + kind, kind} {
		if c, err := r.Cookie(name); err == nil && cortege.ValidTokenShape(c.Value) {
			return c.Value
		}
	}
	return ""
}

// privateLink marks the answer to a private link: never cached, never a
// Referer (the token is in this request's address).
func privateLink(rw http.ResponseWriter) {
	rw.Header().Set("Cache-Control", "private, no-store")
	rw.Header().Set("Referrer-Policy", "no-referrer")
}

// openManage exchanges a management link's token for a session cookie of
// its event and returns the event's ID.
func (w *Web) openManage(rw http.ResponseWriter, r *http.Request, tok string) (string, error) {
	secret, id, err := w.svc.OpenManageSession(r.Context(), httpx.Actor(r.Context()), tok)
	if err != nil {
		return "", manageErr(err)
	}
	w.setEventCookie(rw, manageCookie, id, secret)
	return id, nil
}

// openParticipant exchanges a participant's confirmation or cancel link
// (purpose) for a session cookie of the event and returns the event's ID.
func (w *Web) openParticipant(rw http.ResponseWriter, r *http.Request, purpose, tok string) (string, error) {
	secret, id, err := w.svc.OpenParticipantSession(r.Context(), httpx.Actor(r.Context()), purpose, tok)
	if err != nil {
		return "", err
	}
	w.setEventCookie(rw, participantCookie, id, secret)
	return id, nil
}

// handleManageLinkOpen is where a mailed management link lands: the token
// becomes a session of that event and the browser goes (303) to the clean
// management page, so neither the address bar, the history nor any later
// Referer holds the token. Older links of every mail keep working.
func (w *Web) handleManageLinkOpen(rw http.ResponseWriter, r *http.Request) error {
	privateLink(rw)
	id, err := w.openManage(rw, r, tokenParam(r.URL.Query().Get("token")))
	if err != nil {
		return err
	}
	return w.redirect(rw, r, manageLinkPath(id))
}

// handleParticipantLinkOpen is where a participant's mailed confirmation
// or cancel link lands: exchanged like a management link, then the clean
// page of the registration.
func (w *Web) handleParticipantLinkOpen(purpose string) handler {
	return func(rw http.ResponseWriter, r *http.Request) error {
		privateLink(rw)
		id, err := w.openParticipant(rw, r, purpose, tokenParam(r.URL.Query().Get("token")))
		if err != nil {
			return err
		}
		return w.redirect(rw, r, registrationPath(id))
	}
}

// tokenless wraps the organisers' pages that older links opened with
// ?token=: such a GET is exchanged for a session and redirected to the
// same page without the token. Other requests go straight to h.
func (w *Web) tokenless(h handler) handler {
	return func(rw http.ResponseWriter, r *http.Request) error {
		tok := tokenParam(r.URL.Query().Get("token"))
		if r.Method != http.MethodGet || tok == "" || strings.HasSuffix(r.PathValue("id"), ".ics") {
			return h(rw, r)
		}
		privateLink(rw)
		if _, err := w.openManage(rw, r, tok); err != nil {
			return err
		}
		q := r.URL.Query()
		q.Del("token")
		target := r.URL.EscapedPath()
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
		http.Redirect(rw, r, target, http.StatusSeeOther)
		return nil
	}
}

// manageLinkPath is the clean management page of an event created
// without an account.
func manageLinkPath(id string) string { return "/events/" + url.PathEscape(id) + "/manage" }

// registrationPath is the clean page of a registration without an account.
func registrationPath(id string) string {
	return "/events/" + url.PathEscape(id) + "/registration"
}

// handleEventLinks re-sends, to an address typed on the event's page, the
// links it is owed (the management link of an event created without an
// account, a registration and its ticket); the answer is the same whether
// or not the address is known.
func (w *Web) handleEventLinks(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	f, err := parseForm(rw, r, "links", "email")
	if err == nil {
		err = w.svc.ResendEventLinks(r.Context(), httpx.Actor(r.Context()), er.ID, f.V("email"))
	}
	if err != nil {
		return w.eventFormPage(rw, r, ref, er, f, err)
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_links_sent"))
}
