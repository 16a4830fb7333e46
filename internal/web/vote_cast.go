package web

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// maxSignOffBytes bounds the sign-off's JSON body (a 4096-bit blinded
// message is 683 characters of base64url).
const maxSignOffBytes = 4 << 10

// signOffRequest and signOffAnswer are the sign-off's JSON
// (docs/votes_web.md).
type signOffRequest struct {
	Blinded string `json:"blinded"`
}

type signOffAnswer struct {
	BlindSignature string `json:"blind_signature"`
}

// handleVoteSignOff puts the signed-in member on the vote's sheet and
// blind-signs the token their browser blinded: JSON {"blinded"} →
// {"blind_signature"}, with the session's cookie. A second sign-off is a
// 409 saying the member already took part. Cross-origin requests are
// refused by the server's http.CrossOriginProtection, as for every other
// POST of the pages.
func (w *Web) handleVoteSignOff(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if !a.SignedIn() {
		w.jsonError(rw, r, cortege.Errorf(cortege.EUNAUTH, "err.signin_required"))
		return nil
	}
	var in signOffRequest
	body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, maxSignOffBytes))
	if err == nil {
		err = json.Unmarshal(body, &in)
	}
	blinded, derr := decodeB64(in.Blinded)
	if err != nil || derr != nil || len(blinded) == 0 {
		w.jsonError(rw, r, cortege.Invalid("blinded", "err.vote.blinded.invalid"))
		return nil
	}
	sig, err := w.svc.SignOff(r.Context(), a, r.PathValue("id"), blinded)
	if err != nil {
		if cortege.ErrorOf(err) == nil {
			return err
		}
		w.jsonError(rw, r, err)
		return nil
	}
	w.writeJSON(rw, http.StatusOK, signOffAnswer{BlindSignature: base64.RawURLEncoding.EncodeToString(sig)})
	return nil
}

// decodeB64 reads base64url, with or without padding.
func decodeB64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// castAnswer is the cast's JSON answer.
type castAnswer struct {
	ReceiptURL string `json:"receipt_url"`
}

// handleVoteCast puts a ballot in the box: the answers and either an
// invitation code (the form without JavaScript), a blind token and its
// signature (vote.js, without cookies) or a re-vote key, the two joined
// (the re-vote form, with or without the script: vote_revote.go). It runs sessionless: who sends it
// is never read. Success answers JSON {"receipt_url"} when asked for
// JSON, else a redirect to the receipt; a refusal answers JSON, or the
// form again with the voter's choices and the message next to the
// question or the code.
func (w *Web) handleVoteCast(rw http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return w.castRefused(rw, r, id, url.Values{}, nil, cortege.Invalid("", "err.form.invalid"))
	}
	form := r.PostForm
	proof := service.CastProof{Code: strings.TrimSpace(form.Get("code")), Token: form.Get("token"), Signature: form.Get("signature")}
	answers, errs, err := parseBallot(form)
	if err == nil && len(errs) > 0 {
		err = cortege.Invalid("answers", "votepage.err.ballot")
	}
	byKey := proof.Code == "" && proof.Token == "" && (form.Get("revote") != "" || strings.TrimSpace(form.Get("key")) != "")
	if byKey && err == nil {
		// A re-vote key (vote_revote.go): the token and its signature in
		// one field, typed or pasted by a voter without the script.
		if strings.TrimSpace(form.Get("key")) == "" {
			err = cortege.Invalid("key", "revote.err.key_required")
		} else {
			proof.Token, proof.Signature, err = parseRevoteKey(form.Get("key"))
		}
	}
	if err == nil && proof.Code == "" && proof.Token == "" {
		err = cortege.Invalid("code", "votepage.err.no_proof")
	}
	receipt := ""
	if err == nil {
		receipt, err = w.svc.Cast(r.Context(), id, answers, proof)
		if err != nil && byKey {
			err = keyRefusal(err)
		}
	}
	if err != nil {
		return w.castRefused(rw, r, id, form, errs, err)
	}
	to := "/votes/" + url.PathEscape(id) + "/receipt/" + receipt
	if wantsJSON(r) {
		w.writeJSON(rw, http.StatusOK, castAnswer{ReceiptURL: to})
		return nil
	}
	return w.redirect(rw, r, to)
}

// castRefused answers a refused cast: JSON for the script; otherwise the
// vote's page again with the ballot as it was filled and the message
// next to the question (or the code) it names. Errors that are not about
// the ballot, and a vote the anonymous reader may not see, are the error
// page.
func (w *Web) castRefused(rw http.ResponseWriter, r *http.Request, id string, posted url.Values, errs ballotErrors, err error) error {
	e := cortege.ErrorOf(err)
	if e == nil {
		return err
	}
	if wantsJSON(r) {
		w.jsonError(rw, r, err)
		return nil
	}
	switch e.Code {
	case cortege.EINVALID, cortege.ECONFLICT:
	default:
		return err
	}
	if posted.Get("token") == "" && posted.Get("code") == "" && (posted.Get("revote") != "" || strings.TrimSpace(posted.Get("key")) != "") {
		return w.revoteRefused(rw, r, posted, errs, err)
	}
	d, derr := w.votePage(r)
	if derr != nil {
		return err // a vote this visitor cannot see: the message alone
	}
	lang := info(r).lang
	if d.C.Audience == cortege.AudienceMembers && posted.Get("token") == "" {
		// A member's ballot posted without the script: the token is
		// blinded in the browser, so this path needs JavaScript.
		w.errorPage(rw, r, http.StatusUnprocessableEntity, "votepage.err.needs_js")
		return nil
	}
	if d.Ballot == nil {
		return err // a vote that takes no ballot now: the message alone
	}
	if errs == nil {
		errs = ballotErrors{}
	}
	if e.Field != "" && e.Field != "answers" && e.Field != "code" && e.Field != "token" && errs[e.Field] == "" {
		errs[e.Field] = e.Message
	}
	d.Ballot = w.newBallotView(lang, d.V.Questions, posted, errs)
	d.Code = truncate(strings.TrimSpace(posted.Get("code")), 64)
	msg := w.cat.T(lang, e.Message)
	if e.Field == "code" || e.Field == "token" || e.Field == "proof" || e.Code == cortege.ECONFLICT {
		d.CodeErr = msg
	}
	f := &form{Name: "ballot", Values: map[string]string{}, Errors: map[string]string{}, Summary: []string{msg}}
	return w.renderVote(rw, r, httpx.Status(e.Code), d, f)
}
