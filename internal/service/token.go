package service

import (
	"context"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
)

// apiTokenPrefix marks Cortège API tokens so secret scanners and people
// recognise them.
const apiTokenPrefix = "ctg_"

// CreateAPIToken makes a personal API token for the actor's account and
// returns its secret, shown once; only its hash is kept.
func (s *Service) CreateAPIToken(ctx context.Context, a cortege.Actor, label string) (string, *cortege.APIToken, error) {
	if err := requireSignedIn(a); err != nil {
		return "", nil, err
	}
	label, err := cortege.CheckText("label", label, 80, false)
	if err != nil {
		return "", nil, err
	}
	if label == "" {
		return "", nil, cortege.Invalid("label", "err.label.required")
	}
	if err := s.limit(ctx, "token:create:"+a.Account.ID, 20, time.Hour); err != nil {
		return "", nil, err
	}
	now := s.now()
	secret := apiTokenPrefix + cortege.NewToken()
	t := &cortege.APIToken{ID: cortege.NewID(now), AccountID: a.Account.ID, Label: label, CreatedAt: now}
	if err := s.db.Q().CreateAPIToken(ctx, t, cortege.HashToken(secret)); err != nil {
		return "", nil, err
	}
	return secret, t, nil
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

// TokenActor returns the actor behind an API bearer token; an unknown
// token or an account that cannot sign in is EUNAUTH.
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
	acc, err := q.AccountByID(ctx, t.AccountID)
	if err != nil {
		return cortege.Actor{IP: ip}, err
	}
	if acc.Status != cortege.AccountActive {
		return cortege.Actor{IP: ip}, unauth
	}
	if time.Since(t.LastUsedAt) > time.Hour {
		q.TouchAPIToken(ctx, t.ID)
	}
	a := cortege.Actor{Account: acc, IP: ip}
	if a.Profile, err = s.actingProfile(ctx, q, acc, ""); err != nil {
		return a, err
	}
	return a, s.settleIdentity(ctx, q, acc, a.Profile)
}
