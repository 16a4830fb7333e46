package web

import (
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// errorData is what the error page shows.
type errorData struct {
	Status  int
	Message string // translated
	Login   bool   // offer to sign in
	Retry   string // link to ask again (expired sign-in links)
}

// statusMessages are the catalogue keys of the generic message per status.
var statusMessages = map[int]string{
	http.StatusBadRequest:            "err.bad_request",
	http.StatusUnauthorized:          "err.signin_required",
	http.StatusForbidden:             "err.forbidden",
	http.StatusNotFound:              "err.not_found",
	http.StatusMethodNotAllowed:      "err.method",
	http.StatusGone:                  "err.token.invalid",
	http.StatusRequestEntityTooLarge: "err.upload.too_large",
	http.StatusTooManyRequests:       "err.rate_limited",
}

// ErrorPage writes the translated error page for status. The server uses it
// for panics and for what no route matched; it never touches the database
// unless the request already went through this package's wrapper.
func (w *Web) ErrorPage(rw http.ResponseWriter, r *http.Request, status int) {
	key, ok := statusMessages[status]
	if !ok {
		key = "err.internal"
	}
	w.errorPage(rw, r, status, key)
}

// errorPage writes the error page with the message of key.
func (w *Web) errorPage(rw http.ResponseWriter, r *http.Request, status int, key string) {
	ri := info(r)
	d := &errorData{Status: status, Message: w.cat.T(ri.lang, key)}
	d.Login = status == http.StatusUnauthorized || (status == http.StatusForbidden && !httpx.Actor(r.Context()).SignedIn())
	if key == "err.token.invalid" {
		d.Retry = "/login" // ask for a new sign-in link
		if strings.HasPrefix(r.URL.Path, "/settings/email") {
			d.Retry = "/settings" // ask again for the address change
		}
	}
	p := &page{Lang: ri.lang, LangQuery: ri.langQuery, Path: pagePath(r), Data: d, Assets: w.assets,
		Title: w.cat.T(ri.lang, "error.title"), Instance: cortege.DefaultInstanceSettings()}
	// Only a request that came through wrap has a resolved actor: then the
	// full layout is cheap and safe to build. Panic recovery gets the bare one.
	if _, wrapped := r.Context().Value(reqKey).(*reqInfo); wrapped && status != http.StatusInternalServerError {
		if full, err := w.newPage(r, "error.title", d); err == nil {
			p = full
		}
	}
	if err := w.write(rw, status, "error", p); err != nil {
		w.log.Error("error page", "err", err)
		http.Error(rw, http.StatusText(status), status)
	}
}

// fail turns an error a handler returned into a page: sign-in for EUNAUTH,
// the translated message for coded errors, and the generic message (with
// the details only in the log) for anything else.
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, err error) {
	if httpx.ClientGone(r, err) {
		rw.WriteHeader(httpx.StatusClientClosed) // nobody reads it; the access log counts it
		return
	}
	e := cortege.ErrorOf(err)
	if isTooLarge(err) {
		w.ErrorPage(rw, r, http.StatusRequestEntityTooLarge)
		return
	}
	if e == nil {
		w.log.Error("web request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		w.ErrorPage(rw, r, http.StatusInternalServerError)
		return
	}
	if e.Code == cortege.EUNAUTH && !httpx.Actor(r.Context()).SignedIn() {
		w.toLogin(rw, r)
		return
	}
	if cortege.IsIdentityRequired(err) {
		w.toIdentity(rw, r)
		return
	}
	status := httpx.Status(e.Code)
	if e.Message == "err.token.invalid" {
		status = http.StatusGone
	}
	if status == http.StatusInternalServerError {
		w.log.Error("web request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		w.ErrorPage(rw, r, status)
		return
	}
	w.errorPage(rw, r, status, e.Message)
}
