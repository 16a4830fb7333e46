package web

import (
	"net/http"
	"net/url"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// identityPath is the step "choose how you appear", shown after the first
// sign-in (and once to older accounts whose handle came from their
// address) before anything can be published.
const identityPath = "/welcome"

// The identity step's confirmation joins the list render.go checks ?ok= against.
func init() { flashes["identity_chosen"] = true }

// identityData is the view model of the identity step.
type identityData struct {
	Step    *service.IdentityStep
	Next    string
	Handle  string // prefilled handle
	Another string // link that offers another suggestion
}

// handleIdentityForm shows the identity step: the public name (empty
// unless the person gave one) and a handle, the current one (a neutral
// suggestion for a new account), with a link to suggest another.
func (w *Web) handleIdentityForm(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	next := SafeNext(r.URL.Query().Get("next"))
	if !a.Account.NeedsIdentity() {
		return w.redirect(rw, r, orDefault(next, "/dashboard"))
	}
	d, err := w.identityData(r, next)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("suggest") != "" {
		d.Handle = d.Step.Suggestion
	}
	f := &form{Name: "identity", Values: map[string]string{"display_name": d.Step.Name, "handle": d.Handle}, Errors: map[string]string{}}
	rw.Header().Set("Cache-Control", "private, no-store")
	return w.render(rw, r, http.StatusOK, "identity", "identity.title", d, f)
}

func (w *Web) identityData(r *http.Request, next string) (*identityData, error) {
	st, err := w.svc.Identity(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return nil, err
	}
	q := url.Values{"suggest": {"1"}}
	if next != "" {
		q.Set("next", next)
	}
	return &identityData{Step: st, Next: next, Handle: st.Profile.Handle, Another: identityPath + "?" + q.Encode()}, nil
}

// handleIdentity saves the name and handle chosen and goes on to where the
// person was going. A handle taken or reserved comes back with a free one
// close to it in the field, and says so.
func (w *Web) handleIdentity(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	f, err := parseForm(rw, r, "identity", "display_name", "handle", "next")
	next := SafeNext(f.V("next"))
	if !a.Account.NeedsIdentity() {
		return w.redirect(rw, r, orDefault(next, "/dashboard"))
	}
	err = checkText(f, err)
	if err == nil {
		_, err = w.svc.ChooseIdentity(r.Context(), a, service.IdentityInput{DisplayName: f.V("display_name"), Handle: f.V("handle")})
	}
	if err == nil {
		return w.redirect(rw, r, okPath(orDefault(next, "/dashboard"), "identity_chosen"))
	}
	d, derr := w.identityData(r, next)
	if derr != nil {
		return derr
	}
	status := w.formFail(f, info(r).lang, err)
	if status == 0 {
		return err
	}
	if e := cortege.ErrorOf(err); e.Field == "handle" && (e.Code == cortege.ECONFLICT || e.Message == "err.handle.reserved") {
		if near, nerr := w.svc.HandleNear(r.Context(), f.V("handle")); nerr == nil && near != "" {
			f.Errors["handle"] += " " + w.cat.T(info(r).lang, "identity.handle.near", near)
			f.Values["handle"] = near
		}
	}
	return w.render(rw, r, status, "identity", "identity.title", d, f)
}

// toIdentity sends a signed-in person who has not chosen their public name
// to the identity step, coming back to this page afterwards.
func (w *Web) toIdentity(rw http.ResponseWriter, r *http.Request) {
	target := identityPath
	if n := SafeNext(pagePath(r)); n != "" && n != "/" && !strings.HasPrefix(n, identityPath) {
		target += "?next=" + url.QueryEscape(n)
	}
	http.Redirect(rw, r, target, http.StatusSeeOther)
}

// afterSignIn is where a sign-in lands: the identity step first when the
// public name is still to choose, else next (or the dashboard).
func afterSignIn(acc *cortege.Account, next string) string {
	if acc != nil && acc.NeedsIdentity() {
		if next == "" {
			return identityPath
		}
		return identityPath + "?next=" + url.QueryEscape(next)
	}
	return orDefault(next, "/dashboard")
}

// identityExempt are the pages a person who has not chosen their public
// name still reaches without being sent to the identity step: the step
// itself, signing in and out, their settings (to leave or export), and
// the private links of events.
var identityExempt = []string{identityPath, "/login", "/logout", "/settings", "/language", "/events/manage", "/events/participation/", "/static/", "/uploads/", "/feeds/"}

// asksIdentity reports whether a request should first go through the
// identity step: a page (GET) asked by an account that must still choose
// its name, other than the exempt ones and files (calendars, images).
func asksIdentity(r *http.Request, a cortege.Actor) bool {
	if r.Method != http.MethodGet || !a.SignedIn() || !a.Account.NeedsIdentity() {
		return false
	}
	p := r.URL.Path
	for _, x := range identityExempt {
		if p == x || strings.HasPrefix(p, x+"/") || strings.HasSuffix(x, "/") && strings.HasPrefix(p, x) {
			return false
		}
	}
	if strings.HasPrefix(p, "/events/") && (strings.HasSuffix(p, "/manage") || strings.Contains(p, "/registration")) {
		return false // an event's private pages work without an account
	}
	last := p[strings.LastIndexByte(p, '/')+1:]
	return !strings.Contains(last, ".")
}
