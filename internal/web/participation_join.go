package web

import (
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// handleJoin registers the visitor: with the acting profile when signed
// in, else with a name and an address (a confirmation link is mailed).
// Answers to the organisers' questions come as answer_<question id>.
func (w *Web) handleJoin(rw http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	ref, er := eventRef(r)
	f, err := parseTextForm(rw, r, "join", "name", "email", "accept_conduct")
	var p *cortege.Participation
	if err == nil {
		in := service.JoinInput{Name: f.V("name"), Email: f.V("email"), AcceptConduct: f.V("accept_conduct") != "", Lang: info(r).lang}
		for k, vs := range r.PostForm {
			if id, ok := strings.CutPrefix(k, "answer_"); ok && len(vs) > 0 && len(id) <= 64 {
				f.Values[k] = vs[0]
				in.Answers = append(in.Answers, cortege.Answer{QuestionID: id, Value: vs[0]})
			}
		}
		if err = checkTexts(f); err == nil {
			p, err = w.svc.JoinEvent(ctx, a, ref, in)
		}
	}
	if err != nil {
		return w.eventFormPage(rw, r, ref, er, f, err)
	}
	if !a.SignedIn() || a.Profile == nil {
		// The same redirect whether the address was registered or not (the
		// mail tells which), and a reload registers nobody twice.
		return w.redirect(rw, r, okPath(er.Path(""), "event_join_sent")+"#participation")
	}
	key := "event_joined"
	switch p.Status {
	case cortege.PartPending:
		key = "event_pending"
	case cortege.PartWaitlisted:
		key = "event_waitlisted"
	}
	return w.redirect(rw, r, okPath(er.Path(""), key)+"#participation")
}

// handleLeave withdraws the signed-in person's registration; a freed seat
// goes to the waiting list.
func (w *Web) handleLeave(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	if err := w.svc.CancelParticipation(r.Context(), httpx.Actor(r.Context()), ref); err != nil {
		return err
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_left"))
}

// handleEventUpdates turns the person's event updates on or off.
func (w *Web) handleEventUpdates(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	f, err := parseForm(rw, r, "updates", "on")
	if err != nil {
		return err
	}
	if err := w.svc.SetEventUpdates(r.Context(), httpx.Actor(r.Context()), ref, f.V("on") == "1"); err != nil {
		return err
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_updates"))
}

// handleTicketPNG serves the signed-in participant's ticket as a QR image.
func (w *Web) handleTicketPNG(rw http.ResponseWriter, r *http.Request) error {
	ref, _ := eventRef(r)
	t, err := w.svc.MyTicket(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	return writePNG(rw, t.QRPNG)
}

// handleTicketByToken serves the ticket of someone without an account,
// from the private link of their mails.
func (w *Web) handleTicketByToken(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.svc.TicketByCancelToken(r.Context(), tokenParam(r.URL.Query().Get("token")))
	if err != nil {
		return err
	}
	return writePNG(rw, t.QRPNG)
}

func writePNG(rw http.ResponseWriter, b []byte) error {
	h := rw.Header()
	h.Set("Content-Type", "image/png")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	_, err := rw.Write(b)
	return err
}
