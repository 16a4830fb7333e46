package web

import (
	"net/http"
	"strconv"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// tokenDays are the lifetimes the form offers, in days (0: never expires).
var tokenDays = []int{30, 90, 365, 7, 0}

// tokensData is the view model of the API tokens page.
type tokensData struct {
	Tokens  []*cortege.APIToken
	Secret  string // the token just created, shown once
	Created string // its label
	Admin   bool   // the account administers the instance: offer the admin scope
	Days    []int
	Now     time.Time
}

func (w *Web) tokensData(r *http.Request) (*tokensData, error) {
	a := httpx.Actor(r.Context())
	ts, err := w.svc.APITokens(r.Context(), a)
	return &tokensData{Tokens: ts, Admin: a.IsAdmin(), Days: tokenDays, Now: time.Now()}, err
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
// response only (no redirect carries it). The form's boxes add the write
// and admin scopes to read; "days" is its lifetime (empty: none).
func (w *Web) handleTokenCreate(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "token", "label", "write", "admin", "expires")
	var secret string
	var t *cortege.APIToken
	if err == nil {
		in := service.TokenInput{Label: f.V("label"), Scopes: []string{cortege.ScopeRead}}
		if f.V("write") != "" {
			in.Scopes = append(in.Scopes, cortege.ScopeWrite)
		}
		if f.V("admin") != "" {
			in.Scopes = append(in.Scopes, cortege.ScopeAdmin)
		}
		if in.Days, err = formDays(f.V("expires")); err == nil {
			secret, t, err = w.svc.CreateAPIToken(r.Context(), httpx.Actor(r.Context()), in)
		}
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

// formDays reads the lifetime chosen in the form: "" or "0" for none.
func formDays(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, cortege.Invalid("expires", "err.token.expires")
	}
	return n, nil
}

// handleTokenRevoke deletes one of the account's tokens.
func (w *Web) handleTokenRevoke(rw http.ResponseWriter, r *http.Request) error {
	if err := w.svc.RevokeAPIToken(r.Context(), httpx.Actor(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	return w.redirect(rw, r, "/settings/tokens?ok=token_revoked")
}
