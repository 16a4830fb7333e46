package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// Body limits: ordinary forms are small; an avatar may weigh up to 10 MB.
const (
	maxFormBytes   = 1 << 20
	maxUploadBytes = 10 << 20
)

// form is a submitted form as a page shows it back: what the person typed
// and the translated message next to each field at fault.
type form struct {
	Name    string            // which form of the page was posted
	Values  map[string]string // as typed
	Errors  map[string]string // field → translated message
	Summary []string          // every message, for the summary at the top
	// Places are the communes to choose from when the place typed fits
	// several (template "place_choice").
	Places []service.Place
}

// V returns what was typed in a field.
func (f *form) V(name string) string {
	if f == nil {
		return ""
	}
	return f.Values[name]
}

// E returns the message about a field, "" when none.
func (f *form) E(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// Failed reports whether the form carries messages.
func (f *form) Failed() bool { return f != nil && len(f.Summary) > 0 }

// parseForm reads a urlencoded or multipart body within limits and returns
// the named fields as typed. A body too large or malformed is EINVALID, so
// the person sees the form again rather than an error page.
func parseForm(rw http.ResponseWriter, r *http.Request, name string, fields ...string) (*form, error) {
	f := &form{Name: name, Values: map[string]string{}, Errors: map[string]string{}}
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return f, cortege.Invalid("", "err.form.invalid")
	}
	for _, k := range fields {
		f.Values[k] = r.PostForm.Get(k)
	}
	return f, nil
}

// formPost runs the POST of a page: it reads the form's fields and runs
// act, which names the confirmation to show. On success it redirects to
// done(f, ok); on an error about what was typed it shows the page again
// with the message through again; other errors are returned.
func (w *Web) formPost(rw http.ResponseWriter, r *http.Request, name string, fields []string,
	act func(f *form) (string, error), done func(f *form, ok string) string, again func(status int, f *form) error) error {
	f, err := parseForm(rw, r, name, fields...)
	err = checkText(f, err)
	ok := ""
	if err == nil {
		ok, err = act(f)
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return again(status, f)
	}
	return w.redirect(rw, r, done(f, ok))
}

// isTooLarge reports whether err comes from a body over its limit.
func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// fail records err on the form when it is about what the person typed (or
// something they can act on) and returns the status to answer with; it
// returns 0 for errors that are not the form's (internal, not found, …).
func (w *Web) formFail(f *form, lang string, err error) int {
	e := cortege.ErrorOf(err)
	if e == nil || cortege.IsIdentityRequired(err) {
		return 0 // not about what was typed: fail answers it (the identity step)
	}
	switch e.Code {
	case cortege.EINVALID, cortege.ECONFLICT, cortege.ERATELIMIT, cortege.EFORBIDDEN, cortege.EUNAVAILABLE:
	default:
		return 0
	}
	msg := w.cat.T(lang, e.Message)
	if e.Field != "" {
		if _, ok := f.Values[e.Field]; ok {
			f.Errors[e.Field] = msg
		}
	}
	f.Summary = append(f.Summary, msg)
	return httpx.Status(e.Code)
}

// SafeNext returns next when it is a path on this site that is safe to
// redirect to after signing in, else "". It refuses other origins in every
// spelling browsers accept ("//host", "/\host", schemes, control characters).
func SafeNext(next string) string { return cortege.SafeLocalPath(next) }

// tokenParam returns the one-time token of an emailed link, "" when it
// cannot be one (the service refuses "" like any unknown token).
func tokenParam(s string) string {
	s = strings.TrimSpace(s)
	if !cortege.ValidTokenShape(s) {
		return ""
	}
	return s
}

// invalid is a field error found by the web layer itself (a box not ticked).
func invalid(field, key string) error { return cortege.Invalid(field, key) }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
