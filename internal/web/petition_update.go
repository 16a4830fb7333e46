package web

import (
	"net/http"
	"net/url"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// updatesSection is what the "petition_updates_section" block renders
// (templates/_petition_updates.html), on the updates page and, through
// petitionUpdatesSection, on the petition's page:
//   - PetitionID: the petition;
//   - Updates: its updates, newest first; Next: the cursor of the next
//     page ("" at the end, see More);
//   - Organiser: the viewer organises the petition and it is not a
//     draft: the block shows the form to post an update (form "update",
//     fields title and body, posted to /petitions/{id}/updates).
type updatesSection struct {
	PetitionID string
	Updates    []*cortege.PetitionUpdate
	Next       string
	Organiser  bool
	// Form is the "update" form shown back with its messages, nil when
	// none (F gives an empty one).
	Form      *form
	lang      string
	langQuery string
}

// Link is path in the page's language (as page.Link).
func (s *updatesSection) Link(path string) string { return withLang(path, s.langQuery) }

// Day writes an update's date, in Paris time (petitions are French).
func (s *updatesSection) Day(t time.Time) string {
	if loc, err := cortege.LoadLocation("Europe/Paris"); err == nil {
		t = t.In(loc)
	}
	if s.lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("02/01/2006")
}

// F is the form to post an update: the one shown back, or an empty one.
func (s *updatesSection) F() *form {
	if s.Form != nil {
		return s.Form
	}
	return &form{Name: "update"}
}

// More is the address of the next page of updates, "" when none.
func (s *updatesSection) More() string {
	if s.Next == "" {
		return ""
	}
	return s.Link("/petitions/" + url.PathEscape(s.PetitionID) + "/updates?before=" + url.QueryEscape(s.Next))
}

// updatesData is the view model of the updates page.
type updatesData struct {
	Petition *cortege.Petition
	Section  *updatesSection
}

// petitionUpdatesSection builds the updates block of the petition v (as
// r's actor sees it), limit updates from the cursor before ("" for the
// newest).
func (w *Web) petitionUpdatesSection(r *http.Request, v *service.PetitionView, before string, limit int) (*updatesSection, error) {
	ctx := r.Context()
	us, next, err := w.svc.PetitionUpdates(ctx, httpx.Actor(ctx), v.Petition.ID, before, limit)
	if err != nil {
		return nil, err
	}
	return &updatesSection{PetitionID: v.Petition.ID, Updates: us, Next: next,
		Organiser: v.Organiser && v.Petition.State != cortege.PetitionDraft, lang: info(r).lang, langQuery: info(r).langQuery}, nil
}

func (w *Web) renderUpdates(rw http.ResponseWriter, r *http.Request, status int, before string, f *form) error {
	id := r.PathValue("id")
	v, err := w.svc.Petition(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	s, err := w.petitionUpdatesSection(r, v, before, 20)
	if err != nil {
		return err
	}
	s.Form = f
	p, err := w.newPage(r, "petition_links.updates.title", &updatesData{Petition: v.Petition, Section: s})
	if err != nil {
		return err
	}
	p.Form = f
	p.Title = w.cat.T(p.Lang, "petition_links.updates.title_of", v.Petition.Title)
	if f.Failed() {
		p.Title = w.cat.T(p.Lang, "form.title_failed", p.Title)
	}
	return w.write(rw, status, "petition_updates", p)
}

// handlePetitionUpdates lists a petition's updates, newest first; its
// organisers see the form to post one.
func (w *Web) handlePetitionUpdates(rw http.ResponseWriter, r *http.Request) error {
	return w.renderUpdates(rw, r, http.StatusOK, r.URL.Query().Get("before"), nil)
}

// handlePetitionUpdatePost publishes an update (the petition's
// organisers): it is mailed to the signers who agreed and told to the
// organising groups' members.
func (w *Web) handlePetitionUpdatePost(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "update", "title", "body")
	err = checkText(f, err)
	if err == nil {
		_, err = w.svc.PostPetitionUpdate(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"), f.V("title"), f.V("body"))
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.renderUpdates(rw, r, status, "", f)
	}
	return w.redirect(rw, r, "/petitions/"+url.PathEscape(r.PathValue("id"))+"/updates?ok=petition_update_posted")
}

// petitionUnsubscribeData is the view model of a signer's unsubscribe page.
type petitionUnsubscribeData struct {
	Petition  *cortege.Petition
	Signature string
	Token     string
	Done      bool
	// Already: the signer had stopped the updates before.
	Already bool
}

// handlePetitionUnsubscribeForm shows what the link stops and a button;
// it changes nothing (mail scanners follow links).
func (w *Web) handlePetitionUnsubscribeForm(rw http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	sig, tok := q.Get("signature"), tokenParam(q.Get("token"))
	st, err := w.svc.CheckPetitionUnsubscribe(r.Context(), sig, tok)
	if err != nil {
		return w.unsubscribeGone(rw, r, err)
	}
	rw.Header().Set("Referrer-Policy", "no-referrer")
	return w.render(rw, r, http.StatusOK, "petition_unsubscribe", "petition_links.unsub.title",
		&petitionUnsubscribeData{Petition: st.Petition, Signature: sig, Token: tok, Already: !st.Subscribed}, nil)
}

// handlePetitionUnsubscribe stops the petition's updates for the signer:
// the page's button, and the RFC 8058 one-click POST a mail client sends
// to the List-Unsubscribe address (signature and token in the query, body
// "List-Unsubscribe=One-Click"), with no confirmation page.
func (w *Web) handlePetitionUnsubscribe(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "unsubscribe", "signature", "token", "List-Unsubscribe")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	sig := orDefault(f.V("signature"), q.Get("signature"))
	tok := tokenParam(orDefault(f.V("token"), q.Get("token")))
	p, err := w.svc.UnsubscribePetitionUpdates(r.Context(), sig, tok)
	if err != nil {
		return w.unsubscribeGone(rw, r, err)
	}
	return w.render(rw, r, http.StatusOK, "petition_unsubscribe", "petition_links.unsub.done",
		&petitionUnsubscribeData{Petition: p, Done: true}, nil)
}

// unsubscribeGone answers a link that is not (or no longer) one: 410 with
// a page saying so.
func (w *Web) unsubscribeGone(rw http.ResponseWriter, r *http.Request, err error) error {
	if e := cortege.ErrorOf(err); e != nil && e.Field == "token" {
		w.errorPage(rw, r, http.StatusGone, "err.petition_update.unsubscribe.invalid")
		return nil
	}
	return err
}
