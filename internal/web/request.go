package web

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/i18n"
)

// handler is an HTML handler: it returns the error it could not handle
// itself, and the access wrapper turns it into the right page.
type handler func(rw http.ResponseWriter, r *http.Request) error

// access is who may reach a handler.
type access int

const (
	anyone access = iota
	member        // signed in
	admin         // signed-in administrator
)

type ctxKey int

const reqKey ctxKey = 0

// reqInfo is what the wrapper learnt about a request.
type reqInfo struct {
	lang      string
	langQuery string // "en" or "fr" when an anonymous visitor chose it by ?lang=
}

// wrap resolves the session, picks the language and checks access before
// calling h; errors h returns become pages (see fail).
func (w *Web) wrap(level access, h handler) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		r, err := w.identify(rw, r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		a := httpx.Actor(r.Context())
		switch {
		case level >= member && !a.SignedIn():
			w.toLogin(rw, r)
			return
		case level == admin && !a.IsAdmin():
			w.ErrorPage(rw, r, http.StatusForbidden)
			return
		case asksIdentity(r, a):
			w.toIdentity(rw, r)
			return
		}
		if err := h(rw, r); err != nil {
			w.fail(rw, r, err)
		}
	}
}

// identify puts the actor and the language in the request's context. The
// session cookie is only read here; a stale one is expired, and nothing is
// ever set for an anonymous visitor.
func (w *Web) identify(rw http.ResponseWriter, r *http.Request) (*http.Request, error) {
	ip := httpx.ClientIP(r, w.trustProxy)
	a := cortege.Actor{IP: ip}
	if c, err := r.Cookie(w.cookieName()); err == nil && c.Value != "" {
		var err error
		a, err = w.svc.SessionActor(r.Context(), c.Value, ip)
		if err != nil {
			return r, err
		}
		if !a.SignedIn() {
			w.clearCookie(rw)
		}
	}
	info := w.visitorInfo(r)
	if a.SignedIn() {
		info = &reqInfo{lang: a.Account.Lang}
		if !cortege.ValidLang(info.lang) {
			info.lang = cortege.DefaultLang
		}
	}
	rw.Header().Add("Vary", "Cookie, Accept-Language")
	ctx := httpx.WithActor(r.Context(), a)
	ctx = httpx.WithLang(ctx, info.lang)
	ctx = context.WithValue(ctx, reqKey, info)
	return r.WithContext(ctx), nil
}

// visitorInfo picks the language of a visitor without an account: ?lang=,
// else the language cookie, else Accept-Language.
func (w *Web) visitorInfo(r *http.Request) *reqInfo {
	if l := queryLang(r); l != "" {
		return &reqInfo{lang: l, langQuery: l}
	}
	if l := w.cookieLang(r); l != "" {
		return &reqInfo{lang: l} // picked with the switch earlier
	}
	return &reqInfo{lang: w.langs.match(r.Header.Get("Accept-Language"))}
}

// anonymousLang picks a visitor's language: ?lang= when valid, else
// Accept-Language (identify puts the language cookie in between).
func anonymousLang(r *http.Request) *reqInfo {
	if l := queryLang(r); l != "" {
		return &reqInfo{lang: l, langQuery: l}
	}
	return &reqInfo{lang: i18n.Match(r.Header.Get("Accept-Language"))}
}

// queryLang is ?lang= when it names a language, else "".
func queryLang(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	if l := r.URL.Query().Get("lang"); cortege.ValidLang(l) {
		return l
	}
	return ""
}

// info returns the request's reqInfo, computing an anonymous one when the
// request did not come through wrap (the server's recovery, for example).
func info(r *http.Request) *reqInfo {
	if i, ok := r.Context().Value(reqKey).(*reqInfo); ok {
		return i
	}
	return anonymousLang(r)
}

// setSession sets the session cookie after a sign-in.
func (w *Web) setSession(rw http.ResponseWriter, secret string) {
	http.SetCookie(rw, &http.Cookie{
		Name: w.cookieName(), Value: secret, Path: "/",
		MaxAge: int(cortege.SessionTTL / time.Second), HttpOnly: true, Secure: w.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

// clearCookie expires the session cookie.
func (w *Web) clearCookie(rw http.ResponseWriter) {
	http.SetCookie(rw, &http.Cookie{
		Name: w.cookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode,
	})
}

// toLogin sends an anonymous visitor to the sign-in page, coming back to
// this page afterwards (for a POST, to the page the form was on).
func (w *Web) toLogin(rw http.ResponseWriter, r *http.Request) {
	target := "/login"
	if n := SafeNext(pagePath(r)); n != "" && n != "/" {
		target += "?next=" + url.QueryEscape(n)
	}
	http.Redirect(rw, r, withLang(target, info(r).langQuery), http.StatusSeeOther)
}

// redirect answers a successful POST with 303 to a local path.
func (w *Web) redirect(rw http.ResponseWriter, r *http.Request, path string) error {
	http.Redirect(rw, r, withLang(path, info(r).langQuery), http.StatusSeeOther)
	return nil
}

// withLang appends lang=… to a local URL for anonymous visitors who chose a
// language by link (they have no cookie to remember it).
func withLang(path, lang string) string {
	if lang == "" {
		return path
	}
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	q := u.Query()
	q.Set("lang", lang)
	u.RawQuery = q.Encode()
	return u.String()
}
