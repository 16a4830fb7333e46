package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// AccountPrefs are account settings changed together (the JSON API's
// PATCH /api/v1/me); a nil field stays as it is.
type AccountPrefs struct {
	Lang             *string
	DefaultProfileID *string
}

// UpdatePrefs changes the actor's language and default profile in one
// write, so a refused request changes nothing. It returns the account as
// saved.
func (s *Service) UpdatePrefs(ctx context.Context, a cortege.Actor, in AccountPrefs) (*cortege.Account, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	acc := *a.Account
	if in.Lang != nil {
		if err := cortege.CheckLang("lang", *in.Lang); err != nil {
			return nil, err
		}
		acc.Lang = *in.Lang
	}
	err := s.inTx(ctx, func(q *store.Q) error {
		if in.DefaultProfileID != nil {
			p, err := s.ownProfile(ctx, q, a, *in.DefaultProfileID)
			if cortege.IsNotFound(err) {
				return cortege.Invalid("default_profile_id", "err.profile.not_found")
			}
			if err != nil {
				return err
			}
			acc.DefaultProfileID = p.ID
		}
		return q.UpdateAccount(ctx, &acc)
	})
	if err != nil {
		return nil, err
	}
	return &acc, nil
}
