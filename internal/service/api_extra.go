package service

import (
	"context"
	"strings"

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

// ProfileByRef returns a live profile by its ID or, failing that, by its
// handle ("@" optional), so that one URL shape addresses a profile either
// way; ENOTFOUND otherwise.
func (s *Service) ProfileByRef(ctx context.Context, a cortege.Actor, ref string) (*cortege.Profile, error) {
	if looksLikeID(ref) {
		p, err := s.db.Q().ProfileByID(ctx, ref)
		if err == nil && !p.Deleted {
			return p, nil
		}
		if err != nil && !cortege.IsNotFound(err) {
			return nil, err
		}
	}
	return s.ProfileByHandle(ctx, a, ref)
}

// looksLikeID reports whether s has the shape of cortege.NewID's output:
// 26 characters of the Crockford alphabet.
func looksLikeID(s string) bool {
	if len(s) != 26 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789ABCDEFGHJKMNPQRSTVWXYZ", rune(s[i])) {
			return false
		}
	}
	return true
}
