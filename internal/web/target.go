package web

import (
	"net/http"
	"net/url"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// maxMessageLen bounds the message a person edits before sending it.
const maxMessageLen = 5000

// targetsCSP is the policy of the interpellation page: the default one,
// but its forms may lead to the person's mail application (mailto:) and
// to their own Mastodon instance (https:), through our redirects, which
// form-action 'self' would block. Nothing loads from another origin.
var targetsCSP = strings.Replace(httpx.CSP, "form-action 'self'", "form-action 'self' https: mailto:", 1)

func init() { flashes["interpellation_counted"] = true }

// registerTargets adds the interpellation pages (issue 13, item 8): the
// targets answering for a postal code, with a message to send, and the
// redirects to the person's mail application and Mastodon instance.
func (w *Web) registerTargets(mux router) {
	mux.HandleFunc("GET /petitions/{id}/targets", w.wrap(anyone, w.handleTargets))
	mux.HandleFunc("POST /petitions/{id}/targets/{target}/mail", w.wrap(anyone, w.handleTargetMail))
	mux.HandleFunc("POST /petitions/{id}/targets/{target}/share", w.wrap(anyone, w.handleTargetShare))
	mux.HandleFunc("POST /petitions/{id}/targets/{target}/sent", w.wrap(anyone, w.handleTargetSent))
}

// targetsView is the interpellation page's data.
type targetsView struct {
	Petition *cortege.Petition
	Postcode string
	Commune  string
	// Asked: no place yet, the page asks for a postal code.
	Asked   bool
	Choices []service.Place
	Place   service.Place
	Targets []*targetItem
}

// targetItem is one target as the page shows it.
type targetItem struct {
	T       *cortege.Target
	Count   int
	Message string // pre-written, or as the person edited it
	Mailto  string // mailto: link with the pre-written text
	Base    string // /petitions/ID/targets/TID
	Form    string // the name of its share form, for messages
}

// handleTargets shows the targets of the postal code asked (or asks for it).
func (w *Web) handleTargets(rw http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	return w.targetsPage(rw, r, http.StatusOK, q.Get("postcode"), q.Get("commune"), nil)
}

// targetsPage renders the page for a place; f, when set, is a form shown
// back with its message (a share form's instance, the postal code).
func (w *Web) targetsPage(rw http.ResponseWriter, r *http.Request, status int, postcode, commune string, f *form) error {
	ctx, a := r.Context(), httpx.Actor(r.Context())
	pv, err := w.svc.Petition(ctx, a, r.PathValue("id"))
	if err != nil {
		return err
	}
	lang := info(r).lang
	d := &targetsView{Petition: pv.Petition, Postcode: strings.TrimSpace(postcode), Commune: strings.TrimSpace(commune)}
	if d.Postcode == "" && d.Commune == "" {
		d.Asked = true
	} else if at, err := w.svc.TargetsFor(ctx, d.Postcode, d.Commune); err != nil {
		if f == nil {
			f = &form{Name: "place", Values: map[string]string{"postcode": d.Postcode}, Errors: map[string]string{}}
		}
		if st := w.formFail(f, lang, err); st != 0 {
			status, d.Asked = st, true
		} else {
			return err
		}
	} else {
		counts, err := w.svc.InterpellationCounts(ctx, a, pv.Petition.ID)
		if err != nil {
			return err
		}
		d.Choices, d.Place = at.Choices, at.Place
		for _, t := range at.Targets {
			d.Targets = append(d.Targets, w.targetItem(r, pv.Petition, t, counts[t.ID], f))
		}
	}
	rw.Header().Set("Content-Security-Policy", targetsCSP)
	p, err := w.newPage(r, "target.page.title", d)
	if err != nil {
		return err
	}
	p.Form = f
	if f.Failed() {
		p.Title = w.cat.T(p.Lang, "form.title_failed", p.Title)
	}
	return w.write(rw, status, "petition_targets", p)
}

// targetItem builds a target's block: its pre-written message (or the
// one shown back), its mailto: link and its count.
func (w *Web) targetItem(r *http.Request, p *cortege.Petition, t *cortege.Target, count int, f *form) *targetItem {
	lang := info(r).lang
	it := &targetItem{T: t, Count: count, Base: "/petitions/" + p.ID + "/targets/" + t.ID, Form: "share-" + t.ID}
	it.Message = w.targetMessage(lang, p)
	if f != nil && f.Name == it.Form {
		it.Message = f.V("message")
	}
	if t.Email != "" {
		it.Mailto = mailtoURL(t.Email, w.cat.T(lang, "target.mail.subject", p.Title), w.targetMessage(lang, p))
	}
	return it
}

// targetMessage is the pre-written message: the petition's title, its
// addressee and its address.
func (w *Web) targetMessage(lang string, p *cortege.Petition) string {
	return w.cat.T(lang, "target.message", p.Title, p.Addressee, w.baseURL+"/petitions/"+p.ID)
}

// mailtoURL writes an RFC 6068 mailto: URL: every character of the
// subject and body outside the unreserved set percent-encoded (spaces as
// %20, line ends as %0D%0A).
func mailtoURL(to, subject, body string) string {
	enc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
	return "mailto:" + url.PathEscape(to) + "?subject=" + enc(subject) + "&body=" + enc(body)
}

// loadTarget reads the petition (the actor must see it) and the target
// of a target's route.
func (w *Web) loadTarget(r *http.Request) (*service.PetitionView, *cortege.Target, error) {
	pv, err := w.svc.Petition(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	t, err := w.svc.Target(r.Context(), r.PathValue("target"))
	if err != nil {
		return nil, nil, err
	}
	return pv, t, nil
}

// message is the edited message of a request, within its limit.
func message(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > maxMessageLen {
		s = string(r[:maxMessageLen])
	}
	return s
}

// handleTargetMail sends the person's mail application the message they
// edited: a redirect to mailto:, for browsers without JavaScript (with
// it, the page's link follows the textarea). It is a POST so that the
// text stays out of the address, and of any proxy's access log. The
// share button posts the same form elsewhere; Enter in the server field
// submits it here, so a server typed means a share.
func (w *Web) handleTargetMail(rw http.ResponseWriter, r *http.Request) error {
	pv, t, err := w.loadTarget(r)
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "share-"+t.ID, "instance", "message", "postcode", "commune")
	if err = checkText(f, err); err != nil {
		return err
	}
	if strings.TrimSpace(f.V("instance")) != "" {
		return w.share(rw, r, pv.Petition, t, f)
	}
	if t.Email == "" {
		return cortege.Errorf(cortege.ENOTFOUND, "err.target.not_found")
	}
	lang := info(r).lang
	body := message(f.V("message"))
	if body == "" {
		body = w.targetMessage(lang, pv.Petition)
	}
	rw.Header().Set("Cache-Control", "private, no-store")
	rw.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(rw, r, mailtoURL(t.Email, w.cat.T(lang, "target.mail.subject", pv.Petition.Title), body), http.StatusSeeOther)
	return nil
}

// handleTargetShare sends the person to their own Mastodon (or other
// ActivityPub) server's share page with the message (share).
func (w *Web) handleTargetShare(rw http.ResponseWriter, r *http.Request) error {
	pv, t, err := w.loadTarget(r)
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "share-"+t.ID, "instance", "message", "postcode", "commune")
	if err = checkText(f, err); err != nil {
		if w.formFail(f, info(r).lang, err) == 0 {
			return err
		}
		return w.targetsPage(rw, r, http.StatusUnprocessableEntity, f.V("postcode"), f.V("commune"), f)
	}
	return w.share(rw, r, pv.Petition, t, f)
}

// share redirects to https://SERVER/share?text=…, the target's handle
// first, once the server typed is checked to be a public host name (no
// address, port or path); no request goes out from here. A bad name is
// the page again with the message kept.
func (w *Web) share(rw http.ResponseWriter, r *http.Request, p *cortege.Petition, t *cortege.Target, f *form) error {
	inst := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(f.V("instance")), "https://"), "@")
	if i := strings.LastIndexByte(inst, '@'); i >= 0 { // "@me@piaille.fr": the server is after the last @
		inst = inst[i+1:]
	}
	host, ok := cortege.PublicHost(strings.TrimSuffix(inst, "/"))
	if !ok {
		w.formFail(f, info(r).lang, invalid("instance", "err.target.instance.invalid"))
		return w.targetsPage(rw, r, http.StatusUnprocessableEntity, f.V("postcode"), f.V("commune"), f)
	}
	text := message(f.V("message"))
	if text == "" {
		text = w.targetMessage(info(r).lang, p)
	}
	if t.Fediverse != "" && !strings.Contains(text, t.Fediverse) {
		text = t.Fediverse + " " + text
	}
	rw.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(rw, r, "https://"+host+"/share?text="+url.QueryEscape(text), http.StatusSeeOther)
	return nil
}

// handleTargetSent counts one interpellation ("I sent it") and comes back
// to the page, which shows the count. Nothing of the message is sent here.
func (w *Web) handleTargetSent(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "sent", "postcode", "commune")
	if err != nil {
		return err
	}
	id, tid := r.PathValue("id"), r.PathValue("target")
	if _, err := w.svc.CountInterpellation(r.Context(), httpx.Actor(r.Context()), id, tid); err != nil {
		if c := cortege.ErrorCode(err); c != cortege.ERATELIMIT && c != cortege.ECONFLICT {
			return err
		}
		// Too many counts, or a draft: the page again, with why.
		status := w.formFail(f, info(r).lang, err)
		return w.targetsPage(rw, r, status, f.V("postcode"), f.V("commune"), f)
	}
	v := url.Values{"ok": {"interpellation_counted"}}
	if pc := strings.TrimSpace(f.V("postcode")); pc != "" {
		v.Set("postcode", pc)
	}
	if c := strings.TrimSpace(f.V("commune")); c != "" {
		v.Set("commune", c)
	}
	return w.redirect(rw, r, "/petitions/"+url.PathEscape(id)+"/targets?"+v.Encode()+"#target-"+url.PathEscape(tid))
}
