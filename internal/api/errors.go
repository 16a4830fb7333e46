package api

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// Error codes the API adds to the domain's for failures of HTTP itself.
const (
	codeMethod    = "method_not_allowed"
	codeMediaType = "unsupported_media_type"
	codeTooLarge  = "too_large"
)

// ErrorBody is every error answer: {"error":{"code","message","field"}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong: a stable code for programs, a message
// in the reader's language, and the request field at fault when there is one.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// httpError is a failure of the request itself (route, method, body) that
// has no domain code; it carries its own status.
type httpError struct {
	status int
	code   string
	key    string // message key of the catalogues
	field  string
}

func (e *httpError) Error() string { return e.code + ": " + e.key }

var (
	errNoRoute = &httpError{http.StatusNotFound, cortege.ENOTFOUND, "err.api.no_route", ""}
	errMethod  = &httpError{http.StatusMethodNotAllowed, codeMethod, "err.api.method", ""}
)

// badBody is a 400 about the request body, naming the field at fault.
func badBody(field, key string) *httpError {
	if field == "" {
		field = "body"
	}
	return &httpError{http.StatusBadRequest, cortege.EINVALID, key, field}
}

// writeError answers err as JSON. Domain errors keep their code and field
// with a translated message; anything else is logged and answered 500 with
// a generic message, never its details.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if httpx.ClientGone(r, err) {
		w.WriteHeader(httpx.StatusClientClosed) // nobody reads it; the access log counts it
		return
	}
	lang := httpx.Lang(r.Context())
	status, body := http.StatusInternalServerError, ErrorDetail{Code: cortege.EINTERNAL, Message: a.t(lang, "err.internal")}
	if he, ok := err.(*httpError); ok {
		status, body = he.status, ErrorDetail{Code: he.code, Message: a.t(lang, he.key), Field: he.field}
	} else if e := cortege.ErrorOf(err); e != nil && httpx.Status(e.Code) != http.StatusInternalServerError {
		status, body = httpx.Status(e.Code), ErrorDetail{Code: e.Code, Message: a.t(lang, e.Message), Field: e.Field}
	} else {
		a.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if status == http.StatusUnauthorized {
		challenge(w, r)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", httpx.RetryAfter)
	}
	var c *cortege.InviteCap
	if errors.As(err, &c) && !c.NextAt.IsZero() {
		// When the next invitation can go, in seconds (RFC 9110).
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(time.Until(c.NextAt).Seconds())))))
	}
	writeJSON(w, status, ErrorBody{Error: body})
}
