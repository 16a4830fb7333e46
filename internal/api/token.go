package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// Token is a personal API token, without its secret.
type Token struct {
	ID         string  `json:"id"`
	Label      string  `json:"label"`
	CreatedAt  string  `json:"created_at"`
	LastUsedAt *string `json:"last_used_at"`
}

func toToken(t *cortege.APIToken) Token {
	return Token{ID: t.ID, Label: t.Label, CreatedAt: timeString(t.CreatedAt), LastUsedAt: optTime(t.LastUsedAt)}
}

// TokenList answers GET /api/v1/tokens.
type TokenList struct {
	Tokens []Token `json:"tokens"`
}

// TokenCreate is the body of POST /api/v1/tokens.
type TokenCreate struct {
	Label string `json:"label"`
}

// TokenCreated answers POST /api/v1/tokens: the secret is shown this once.
type TokenCreated struct {
	Token  Token  `json:"token"`
	Secret string `json:"secret"`
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

// handleTokenCreate makes a new token for the caller's account.
func (a *API) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	var in TokenCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	secret, t, err := a.svc.CreateAPIToken(r.Context(), httpx.Actor(r.Context()), in.Label)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, TokenCreated{Token: toToken(t), Secret: secret})
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
