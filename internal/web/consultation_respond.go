package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

func init() {
	for _, k := range []string{"response_saved", "response_updated", "response_withdrawn", "idea_submitted",
		"idea_supported", "idea_unsupported", "idea_removed"} {
		flashes[k] = true
	}
}

// registerConsultations adds the pages of consultations whose answers are
// linked: the answer form, the ideas box's actions and the organisers'
// responses with their exports.
func (w *Web) registerConsultations(mux router) {
	mux.HandleFunc("GET /votes/{id}/respond", w.wrap(anyone, w.handleConsultationRespondForm))
	mux.HandleFunc("POST /votes/{id}/respond", w.wrap(anyone, w.handleConsultationRespond))
	mux.HandleFunc("POST /votes/{id}/respond/withdraw", w.wrap(anyone, w.handleConsultationWithdraw))
	mux.HandleFunc("POST /votes/{id}/ideas", w.wrap(member, w.handleConsultationIdea))
	mux.HandleFunc("POST /votes/{id}/ideas/{idea}/support", w.wrap(member, w.handleConsultationIdeaSupport))
	mux.HandleFunc("POST /votes/{id}/ideas/{idea}/unsupport", w.wrap(member, w.handleConsultationIdeaUnsupport))
	mux.HandleFunc("POST /votes/{id}/ideas/{idea}/delete", w.wrap(member, w.handleConsultationIdeaDelete))
	mux.HandleFunc("GET /votes/{id}/responses", w.wrap(member, w.handleConsultationResponses))
	mux.HandleFunc("GET /votes/{id}/responses.csv", w.wrap(member, w.handleConsultationResponsesExport("csv")))
	mux.HandleFunc("GET /votes/{id}/responses.json", w.wrap(member, w.handleConsultationResponsesExport("json")))
}

// consultationCookie is the cookie keeping an anonymous browser's key for
// one consultation (Path=/votes/ID): what makes "one response per
// browser" (weak: another browser, or a cleared cookie, answers again).
func (w *Web) consultationCookie() string {
	if w.secure {
		return "__Secure-cortege_consultation"
	}
	return "cortege_consultation"
}

// consultationCookieAge is how long the browser keeps its key: longer than
// any consultation is open.
const consultationCookieAge = 400 * 24 * time.Hour

// browserKey returns the browser's key for consultation id, "" when it has
// none.
func (w *Web) browserKey(r *http.Request) string {
	if c, err := r.Cookie(w.consultationCookie()); err == nil && len(c.Value) >= service.MinBrowserKeyLen && len(c.Value) <= 64 {
		return c.Value
	}
	return ""
}

// ensureBrowserKey returns the browser's key, making one and setting its
// cookie when it has none (only when an anonymous visitor answers: no
// cookie is set for merely reading the page).
func (w *Web) ensureBrowserKey(rw http.ResponseWriter, r *http.Request, id string) string {
	if k := w.browserKey(r); k != "" {
		return k
	}
	b := make([]byte, 32)
	rand.Read(b)
	k := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(rw, &http.Cookie{Name: w.consultationCookie(), Value: k, Path: "/votes/" + url.PathEscape(id),
		MaxAge: int(consultationCookieAge / time.Second), HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode})
	return k
}

// respondData is the view model of the answer form (consultation_respond.html).
type respondData struct {
	V         *service.ConsultationView
	Path      string // /votes/{id}
	Questions []*respondQuestion
	// Existing: the visitor has answered (the form edits the response).
	Existing  bool
	UpdatedAt string
	Accepting bool
	// Notice is the translated statement of what is linked and who sees
	// it, for this audience and visitor.
	Notice string
	SignIn bool // the audience needs a signed-in member
	// NotEligible: the signed-in visitor is not among those consulted.
	NotEligible bool
	Codes       bool // the audience answers with invitation codes
	Code        string
	SignedIn    bool
	Manage      bool
	Secret      bool // a secret vote: the page sends to the ballot
}

// respondent is who the request answers as (cookie key, typed code).
func (w *Web) respondent(r *http.Request, code string) service.Respondent {
	return service.Respondent{BrowserKey: w.browserKey(r), Code: code}
}

// renderRespond shows the answer form with answers (nil: the stored
// response, if any) and the form f shown back.
func (w *Web) renderRespond(rw http.ResponseWriter, r *http.Request, status int, answers []cortege.ResponseAnswer, code string, f *form) error {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	id := r.PathValue("id")
	v, err := w.svc.Consultation(ctx, a, id)
	if err != nil {
		return err
	}
	lang := info(r).lang
	c := v.Consultation
	d := &respondData{V: v, Path: "/votes/" + url.PathEscape(id), Accepting: cortege.CanEditResponse(c, w.svc.Now()),
		SignedIn: a.SignedIn(), Manage: v.Manage, Secret: c.Secret, Code: code, Codes: c.Audience == cortege.AudienceCodes}
	if c.Secret {
		return w.render(rw, r, status, "consultation_respond", "consultations.respond.title", d, f)
	}
	d.SignIn = c.Audience == cortege.AudienceMembers && !a.SignedIn()
	who := w.respondent(r, code)
	if !d.SignIn && (!d.Codes || code != "") {
		mine, err := w.svc.MyResponse(ctx, a, id, who)
		switch {
		case err == nil:
			d.Existing = true
			d.UpdatedAt = mine.UpdatedAt.In(c.Location()).Format("02/01/2006 15:04")
			if answers == nil {
				answers = mine.Answers
			}
		case cortege.ErrorCode(err) == cortege.EFORBIDDEN:
			d.NotEligible = true
		case cortege.ErrorCode(err) == cortege.EINVALID && code != "" && f == nil:
			// A code typed to find a response, refused: said next to it.
			f = &form{Name: "respond", Values: map[string]string{"code": code}, Errors: map[string]string{}}
			status = w.formFail(f, lang, err)
		case cortege.IsNotFound(err), cortege.ErrorCode(err) == cortege.EINVALID, cortege.ErrorCode(err) == cortege.EUNAUTH:
		default:
			return err
		}
	}
	d.Questions = w.respondQuestions(lang, v.Questions, answers, f)
	for _, q := range d.Questions {
		if q.Q.Kind == cortege.QuestionIdeas {
			if q.Ideas, err = w.svc.Ideas(ctx, a, id, q.Q.ID); err != nil {
				return err
			}
		}
	}
	d.Notice = w.respondNotice(lang, c, a)
	p, err := w.newPage(r, "consultations.respond.title", d)
	if err != nil {
		return err
	}
	p.Form = f
	p.Title = w.cat.T(p.Lang, "consultations.respond.title_of", c.Title)
	if f.Failed() {
		p.Title = w.cat.T(p.Lang, "form.title_failed", p.Title)
	}
	rw.Header().Set("Cache-Control", "private, no-store")
	return w.write(rw, status, "consultation_respond", p)
}

// respondNotice says plainly what is stored with the answers and who sees
// them, for the consultation's audience and the visitor.
func (w *Web) respondNotice(lang string, c *cortege.Consultation, a cortege.Actor) string {
	switch {
	case c.Audience == cortege.AudienceCodes:
		return w.cat.T(lang, "consultations.notice.codes")
	case a.SignedIn() && a.Profile != nil:
		return w.cat.T(lang, "consultations.notice.named", a.Profile.DisplayName, a.Profile.Handle)
	case c.Audience == cortege.AudienceLink:
		return w.cat.T(lang, "consultations.notice.browser")
	}
	return w.cat.T(lang, "consultations.notice.members")
}

// handleConsultationRespondForm shows the answer form of a consultation
// whose answers are linked, filled with the visitor's response when they
// have one; a secret vote's page sends to its ballot.
func (w *Web) handleConsultationRespondForm(rw http.ResponseWriter, r *http.Request) error {
	return w.renderRespond(rw, r, http.StatusOK, nil, "", nil)
}

// handleConsultationRespond saves the answers: a first response, or an
// edit of the visitor's own until closing. Questions a condition hides
// are dropped (the form shows every question with "answer only if…"). A
// consultation by codes first shows the response of the code typed
// ("load") before saving.
func (w *Web) handleConsultationRespond(rw http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	id := r.PathValue("id")
	v, err := w.svc.Consultation(ctx, a, id)
	if err != nil {
		return err
	}
	fields := []string{"code", "action"}
	for _, q := range v.Questions {
		fields = append(fields, q.ID)
	}
	f, err := parseForm(rw, r, "respond", fields...)
	err = checkTexts(f)
	code := f.V("code")
	if err == nil && f.V("action") == "load" {
		return w.renderRespond(rw, r, http.StatusOK, nil, code, nil)
	}
	var answers []cortege.ResponseAnswer
	if err == nil {
		answers, err = parseAnswers(v.Questions, r.PostForm)
	}
	ok := "response_saved"
	if err == nil {
		who := w.respondent(r, code)
		if v.Consultation.Audience == cortege.AudienceLink && !a.SignedIn() {
			who.BrowserKey = w.ensureBrowserKey(rw, r, id)
		}
		if _, err = w.svc.MyResponse(ctx, a, id, who); err == nil {
			ok = "response_updated"
			_, err = w.svc.EditResponse(ctx, a, id, who, answers, true)
		} else if cortege.IsNotFound(err) {
			_, err = w.svc.Respond(ctx, a, id, who, answers, true)
		}
	}
	if err != nil {
		if cortege.ErrorCode(err) == cortege.EUNAUTH {
			return err // the sign-in page, coming back here
		}
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.renderRespond(rw, r, status, answers, code, f)
	}
	if v.Consultation.Audience == cortege.AudienceCodes {
		// The code is not carried in the address: the page shows the
		// confirmation with the answers as saved.
		f.Summary = nil
		return w.renderRespondSaved(rw, r, code, ok)
	}
	return w.redirect(rw, r, "/votes/"+url.PathEscape(id)+"/respond?ok="+ok)
}

// renderRespondSaved shows the form of a code's response just saved.
func (w *Web) renderRespondSaved(rw http.ResponseWriter, r *http.Request, code, ok string) error {
	q := r.URL.Query()
	q.Set("ok", ok)
	r.URL.RawQuery = q.Encode()
	return w.renderRespond(rw, r, http.StatusOK, nil, code, nil)
}

// handleConsultationWithdraw deletes the visitor's own response until
// closing.
func (w *Web) handleConsultationWithdraw(rw http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	f, err := parseForm(rw, r, "withdraw", "code")
	if err == nil {
		err = w.svc.WithdrawResponse(ctx, httpx.Actor(ctx), id, w.respondent(r, f.V("code")))
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.renderRespond(rw, r, status, nil, f.V("code"), f)
	}
	return w.redirect(rw, r, "/votes/"+url.PathEscape(id)+"/respond?ok=response_withdrawn")
}
