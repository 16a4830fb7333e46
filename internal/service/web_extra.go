package service

import (
	"context"

	"codeberg.org/cortege/cortege"
)

// CheckEmailChangeLink reports whether an address-change link can still be
// used, without using it: the GET of an emailed link only shows a
// confirmation button, because mail scanners follow links.
func (s *Service) CheckEmailChangeLink(ctx context.Context, token string) error {
	if !cortege.ValidTokenShape(token) {
		return cortege.Invalid("token", "err.token.invalid")
	}
	ok, err := s.db.Q().LoginTokenLive(ctx, cortege.HashToken(token), cortege.TokenEmailChange)
	if err != nil {
		return err
	}
	if !ok {
		return cortege.Invalid("token", "err.token.invalid")
	}
	return nil
}

// Account returns one account with its profiles, for the administrators'
// page about it; administrators only.
func (s *Service) Account(ctx context.Context, a cortege.Actor, id string) (*cortege.Account, []*cortege.Profile, error) {
	if err := requireAdmin(a); err != nil {
		return nil, nil, err
	}
	q := s.db.Q()
	acc, err := q.AccountByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	ps, err := q.ProfilesByAccount(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return acc, ps, nil
}
