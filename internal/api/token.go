package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// Token is a personal API token, without its secret.
type Token struct {
	ID         string   `json:"id"`
	Label      string   `json:"label"`
	Scopes     []string `json:"scopes"`
	CreatedAt  string   `json:"created_at"`
	LastUsedAt *string  `json:"last_used_at"`
	ExpiresAt  *string  `json:"expires_at"`
}

func toToken(t *cortege.APIToken) Token {
	return Token{ID: t.ID, Label: t.Label, Scopes: t.Scopes, CreatedAt: timeString(t.CreatedAt), LastUsedAt: optTime(t.LastUsedAt), ExpiresAt: optTime(t.ExpiresAt)}
}

// TokenList answers GET /api/v1/tokens.
type TokenList struct {
	Tokens []Token `json:"tokens"`
}

// handleTokenList lists the caller's tokens.
func (a *API) handleTokenList(w http.ResponseWriter, r *http.Request) error {
	ts, err := a.svc.APITokens(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	out := TokenList{Tokens: make([]Token, 0, len(ts))}
	for _, t := range ts {
		out.Tokens = append(out.Tokens, toToken(t))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleTokenCreate answers POST /api/v1/tokens, kept so that clients
// which used it learn why it is gone: a token never makes tokens (they are
// made in the settings page or with `cortege token create`), and the API
// knows no other credential (service.CanCreateAPIToken), so the answer
// to a signed-in caller is always a 403.
func (a *API) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	return cortege.Errorf(cortege.EFORBIDDEN, "err.token.from_token")
}

// handleTokenDelete revokes one of the caller's tokens (the one in use
// included).
func (a *API) handleTokenDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.RevokeAPIToken(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}
