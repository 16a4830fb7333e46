package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// registerVotes adds the public pages of consultations and votes (issue
// 14): the page with its ballot form, the members' sign-off (JSON, with
// the session), the cast (no session at all), the receipt, the board and
// its lookup, and the results with their exports. The organisers' pages
// (/votes/{id}/manage…) and the answer form of a non-secret consultation
// (/votes/{id}/respond) are registered elsewhere; these pages link to
// them. No page here goes through the page cache: a page may carry an
// invitation code (?code=) or a receipt.
func (w *Web) registerVotes(mux router) {
	mux.HandleFunc("GET /votes/{id}", w.wrap(anyone, w.handleVote))
	mux.HandleFunc("POST /votes/{id}/signoff", w.wrap(anyone, w.handleVoteSignOff))
	mux.HandleFunc("POST /votes/{id}/cast", w.sessionless(w.handleVoteCast))
	mux.HandleFunc("GET /votes/{id}/receipt/{ballot}", w.wrap(anyone, w.quietly(w.handleVoteReceipt)))
	mux.HandleFunc("GET /votes/{id}/board", w.wrap(anyone, w.handleVoteBoard))
	mux.HandleFunc("GET /votes/{id}/board.json", w.wrap(anyone, w.handleVoteBoardJSON))
	mux.HandleFunc("GET /votes/{id}/results", w.wrap(anyone, w.handleVoteResults))
	mux.HandleFunc("GET /votes/{id}/results.csv", w.wrap(anyone, w.handleVoteResultsCSV))
	mux.HandleFunc("GET /votes/{id}/results.json", w.wrap(anyone, w.handleVoteResultsJSON))
}

// sessionless runs a handler that must not know who sends the request (a
// ballot's cast): it never reads a cookie, so neither the session nor
// anything else ties the request to a person; the actor is anonymous,
// without even the client's address, and the language comes from ?lang=
// or Accept-Language. The access log writes the route alone
// (httpx.Quiet), and nothing here logs the request.
func (w *Web) sessionless(h handler) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		httpx.Quiet(r.Context())
		ri := anonymousLang(r)
		ctx := httpx.WithActor(r.Context(), cortege.Anonymous)
		ctx = httpx.WithLang(ctx, ri.lang)
		ctx = context.WithValue(ctx, reqKey, ri)
		r = r.WithContext(ctx)
		if err := h(rw, r); err != nil {
			w.failQuiet(rw, r, err)
		}
	}
}

// quietly runs a page whose address holds a ballot ID (the receipt): the
// access log writes its route alone (httpx.Quiet), and an error that is
// not coded is answered with the 500 page here, logged without the path,
// so that no log line holds the ID beside anything. The session is read
// as for any page (a private group's vote is seen by its members only).
func (w *Web) quietly(h handler) handler {
	return func(rw http.ResponseWriter, r *http.Request) error {
		httpx.Quiet(r.Context())
		err := h(rw, r)
		if err != nil && cortege.ErrorOf(err) == nil && !httpx.ClientGone(r, err) {
			w.log.Error("vote receipt failed", "err", err.Error())
			w.ErrorPage(rw, r, http.StatusInternalServerError)
			return nil
		}
		return err
	}
}

// failQuiet is fail for a sessionless request: a coded error becomes its
// page (or JSON), anything else the generic 500 page, and nothing about
// the request is logged but that a cast failed.
func (w *Web) failQuiet(rw http.ResponseWriter, r *http.Request, err error) {
	if httpx.ClientGone(r, err) {
		rw.WriteHeader(httpx.StatusClientClosed)
		return
	}
	e := cortege.ErrorOf(err)
	if e == nil || httpx.Status(e.Code) == http.StatusInternalServerError {
		w.log.Error("vote cast failed", "err", err.Error())
		if wantsJSON(r) {
			w.jsonError(rw, r, cortege.Errorf(cortege.EINTERNAL, "err.internal"))
			return
		}
		w.ErrorPage(rw, r, http.StatusInternalServerError)
		return
	}
	if wantsJSON(r) {
		w.jsonError(rw, r, err)
		return
	}
	w.errorPage(rw, r, httpx.Status(e.Code), e.Message)
}

// wantsJSON reports whether the request asks for JSON (the vote script's
// fetches send Accept: application/json).
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// voteJSONError is the body of a JSON error of the vote endpoints: the
// API's shape ({"error":{code,message,field}}) plus the message at the
// top, which the vote script shows.
type voteJSONError struct {
	Error   voteJSONErrorBody `json:"error"`
	Message string            `json:"message"`
}

type voteJSONErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// jsonError answers a coded error as JSON, translated, with its status.
func (w *Web) jsonError(rw http.ResponseWriter, r *http.Request, err error) {
	e := cortege.ErrorOf(err)
	if e == nil {
		e = &cortege.Error{Code: cortege.EINTERNAL, Message: "err.internal"}
	}
	msg := w.cat.T(info(r).lang, e.Message)
	w.writeJSON(rw, httpx.Status(e.Code), voteJSONError{Error: voteJSONErrorBody{Code: e.Code, Message: msg, Field: e.Field}, Message: msg})
}

// writeJSON answers v as JSON with status, never cached.
func (w *Web) writeJSON(rw http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":{"code":"internal","message":"internal error"}}`)
	}
	h := rw.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	rw.Write(append(b, '\n'))
}
