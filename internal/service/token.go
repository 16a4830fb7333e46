package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// apiTokenPrefix marks Cortège API tokens so secret scanners and people
// recognise them.
const apiTokenPrefix = "ctg_"

// TokenInput is what a new API token is made with.
type TokenInput struct {
	Label string
	// Scopes: nil gives every scope the account holds (read and write,
	// admin for an administrator); otherwise read plus those listed.
	Scopes []string
	// Days until the token expires, 0 for never (at most
	// cortege.MaxTokenDays).
	Days int
}

// CanCreateAPIToken says whether the actor may make API tokens: a signed-in
// account through a session or the command line, never a token, so a
// leaked token cannot mint others that outlive its revocation.
func CanCreateAPIToken(a cortege.Actor) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	if a.ViaToken() {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.token.from_token")
	}
	return nil
}

// CreateAPIToken makes a personal API token for the actor's account and
// returns its secret, shown once; only its hash is kept.
func (s *Service) CreateAPIToken(ctx context.Context, a cortege.Actor, in TokenInput) (string, *cortege.APIToken, error) {
	if err := CanCreateAPIToken(a); err != nil {
		return "", nil, err
	}
	label, err := cortege.CheckText("label", in.Label, 80, false)
	if err != nil {
		return "", nil, err
	}
	if label == "" {
		return "", nil, cortege.Invalid("label", "err.label.required")
	}
	scopes, err := tokenScopes(a.Account, in.Scopes)
	if err != nil {
		return "", nil, err
	}
	if in.Days < 0 || in.Days > cortege.MaxTokenDays {
		return "", nil, cortege.Invalid("expires", "err.token.expires")
	}
	if err := s.limit(ctx, "token:create:"+a.Account.ID, 20, time.Hour); err != nil {
		return "", nil, err
	}
	now := s.now()
	secret := apiTokenPrefix + cortege.NewToken()
	t := &cortege.APIToken{ID: cortege.NewID(now), AccountID: a.Account.ID, Label: label, Scopes: scopes, CreatedAt: now}
	if in.Days > 0 {
		t.ExpiresAt = now.Add(time.Duration(in.Days) * 24 * time.Hour)
	}
	if err := s.db.Q().CreateAPIToken(ctx, t, cortege.HashToken(secret)); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// tokenScopes checks the scopes asked for a token of acc; the admin scope
// is for administrators only.
func tokenScopes(acc *cortege.Account, asked []string) ([]string, error) {
	if asked == nil {
		asked = []string{cortege.ScopeWrite}
		if acc.IsAdmin() {
			asked = append(asked, cortege.ScopeAdmin)
		}
	}
	scopes, err := cortege.ParseScopes(strings.Join(asked, ","))
	if err != nil {
		return nil, err
	}
	if !acc.IsAdmin() && slices.Contains(scopes, cortege.ScopeAdmin) {
		return nil, cortege.Invalid("scope", "err.token.scope_admin")
	}
	return scopes, nil
}

// APITokens lists the actor's tokens.
func (s *Service) APITokens(ctx context.Context, a cortege.Actor) ([]*cortege.APIToken, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	return s.db.Q().APITokensByAccount(ctx, a.Account.ID)
}

// RevokeAPIToken deletes one of the actor's tokens.
func (s *Service) RevokeAPIToken(ctx context.Context, a cortege.Actor, id string) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	return s.db.Q().DeleteAPIToken(ctx, id, a.Account.ID)
}

// revokeAccountAccess ends every session and revokes every API token of
// an account ("sign out everywhere").
func revokeAccountAccess(ctx context.Context, q *store.Q, accountID string) error {
	if err := q.DeleteAccountSessions(ctx, accountID); err != nil {
		return err
	}
	return q.DeleteAccountAPITokens(ctx, accountID)
}

// TokenActor returns the actor behind an API bearer token, carrying the
// token's scopes; an unknown or expired token, or an account that cannot
// sign in, is EUNAUTH. The token's last use is written at most once a
// minute.
func (s *Service) TokenActor(ctx context.Context, secret, ip string) (cortege.Actor, error) {
	unauth := cortege.Errorf(cortege.EUNAUTH, "err.token.invalid")
	rest, ok := strings.CutPrefix(secret, apiTokenPrefix)
	if !ok || !cortege.ValidTokenShape(rest) {
		return cortege.Actor{IP: ip}, unauth
	}
	q := s.db.Q()
	t, err := q.APITokenByHash(ctx, cortege.HashToken(secret))
	if cortege.IsNotFound(err) {
		return cortege.Actor{IP: ip}, unauth
	}
	if err != nil {
		return cortege.Actor{IP: ip}, err
	}
	now := s.now()
	if t.Expired(now) {
		return cortege.Actor{IP: ip}, unauth
	}
	acc, err := q.AccountByID(ctx, t.AccountID)
	if err != nil {
		return cortege.Actor{IP: ip}, err
	}
	if acc.Status != cortege.AccountActive {
		return cortege.Actor{IP: ip}, unauth
	}
	if now.Sub(t.LastUsedAt) >= cortege.TokenTouchEvery {
		// Best effort: a failed bookkeeping write must not refuse the call.
		if err := q.TouchAPIToken(ctx, t.ID, now); err != nil {
			s.log.Warn("record API token use", "err", err)
		}
	}
	a := cortege.Actor{Account: acc, TokenID: t.ID, Scopes: t.Scopes, IP: ip}
	if a.Profile, err = s.actingProfile(ctx, q, acc, ""); err != nil {
		return a, err
	}
	return a, s.settleIdentity(ctx, q, acc, a.Profile)
}
