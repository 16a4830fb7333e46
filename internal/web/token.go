package web

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// tokensData is the view model of the API tokens page.
type tokensData struct {
	Tokens  []*cortege.APIToken
	Secret  string // the token just created, shown once
	Created string // its label
}

func (w *Web) tokensData(r *http.Request) (*tokensData, error) {
	ts, err := w.svc.APITokens(r.Context(), httpx.Actor(r.Context()))
	return &tokensData{Tokens: ts}, err
}

// handleTokens lists the account's personal API tokens.
func (w *Web) handleTokens(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.tokensData(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "tokens", "tokens.title", d, nil)
}

// handleTokenCreate makes a token and shows its secret once, on this
// response only (no redirect carries it).
func (w *Web) handleTokenCreate(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "token", "label")
	var secret string
	var t *cortege.APIToken
	if err == nil {
		secret, t, err = w.svc.CreateAPIToken(r.Context(), httpx.Actor(r.Context()), f.V("label"))
	}
	d, lerr := w.tokensData(r)
	if lerr != nil {
		return lerr
	}
	if err != nil {
		return w.formPage(rw, r, "tokens", "tokens.title", d, f, err)
	}
	d.Secret, d.Created = secret, t.Label
	rw.Header().Set("Cache-Control", "no-store")
	return w.render(rw, r, http.StatusOK, "tokens", "tokens.title", d, nil)
}

// handleTokenRevoke deletes one of the account's tokens.
func (w *Web) handleTokenRevoke(rw http.ResponseWriter, r *http.Request) error {
	if err := w.svc.RevokeAPIToken(r.Context(), httpx.Actor(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	return w.redirect(rw, r, "/settings/tokens?ok=token_revoked")
}
