package service

import (
	"context"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// maxProfiles caps how many identities one account keeps.
const maxProfiles = 10

// ProfileByHandle returns a public profile; a deleted one is ENOTFOUND for
// everyone but its former owner (there is none). While its account is
// suspended, a profile is ENOTFOUND ("err.profile.suspended", which pages
// answer as 410 Gone) to all but its owner and instance administrators.
func (s *Service) ProfileByHandle(ctx context.Context, a cortege.Actor, handle string) (*cortege.Profile, error) {
	h, err := cortege.NormalizeHandle(handle)
	if err != nil {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.profile.not_found")
	}
	p, err := s.db.Q().ProfileByHandle(ctx, h)
	if err != nil {
		return nil, err
	}
	return publicProfile(a, p)
}

// publicProfile refuses a deleted profile to everyone and a suspended one
// to all but its owner and instance administrators.
func publicProfile(a cortege.Actor, p *cortege.Profile) (*cortege.Profile, error) {
	if p.Deleted {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.profile.not_found")
	}
	if p.Suspended && !a.IsAdmin() && !a.Owns(p) {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.profile.suspended")
	}
	return p, nil
}

// shownProfile is p as the actor sees it in lists (authors, members,
// participants, organisers): masked while suspended, except to instance
// administrators.
func shownProfile(a cortege.Actor, p *cortege.Profile) *cortege.Profile {
	if a.IsAdmin() {
		return p
	}
	return p.Masked()
}

// MyProfiles lists the actor's profiles.
func (s *Service) MyProfiles(ctx context.Context, a cortege.Actor) ([]*cortege.Profile, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	return s.db.Q().ProfilesByAccount(ctx, a.Account.ID)
}

// ProfileInput is what a person fills in for a profile.
type ProfileInput struct {
	Handle      string
	DisplayName string
	Bio         string
}

// CreateProfile adds an identity to the actor's account.
func (s *Service) CreateProfile(ctx context.Context, a cortege.Actor, in ProfileInput) (*cortege.Profile, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	now := s.now()
	p := &cortege.Profile{ID: cortege.NewID(now), AccountID: a.Account.ID, Handle: in.Handle, DisplayName: in.DisplayName, Bio: in.Bio, CreatedAt: now}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := s.limit(ctx, "profile:create:"+a.Account.ID, 20, 24*time.Hour); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(q *store.Q) error {
		ps, err := q.ProfilesByAccount(ctx, a.Account.ID)
		if err != nil {
			return err
		}
		if len(ps) >= maxProfiles {
			return cortege.Invalid("handle", "err.profile.too_many")
		}
		return q.CreateProfile(ctx, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// ownProfile loads one of the actor's profiles, ENOTFOUND otherwise.
func (s *Service) ownProfile(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Profile, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	p, err := q.ProfileByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Owns(p) {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.profile.not_found")
	}
	return p, nil
}

// UpdateProfile changes a profile's display name and bio.
func (s *Service) UpdateProfile(ctx context.Context, a cortege.Actor, id string, in ProfileInput) (*cortege.Profile, error) {
	q := s.db.Q()
	p, err := s.ownProfile(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	p.DisplayName, p.Bio = in.DisplayName, in.Bio
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, q.UpdateProfile(ctx, p)
}

// SetAvatar re-encodes an uploaded image (metadata stripped) and makes it
// the profile's avatar; nil data removes the avatar.
func (s *Service) SetAvatar(ctx context.Context, a cortege.Actor, id string, data []byte) (*cortege.Profile, error) {
	q := s.db.Q()
	p, err := s.ownProfile(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	old := p.Avatar
	if data == nil {
		p.Avatar = ""
	} else {
		name, err := s.saveImage(ctx, a, data, "avatar", 512, VariantSquare)
		if err != nil {
			return nil, err
		}
		p.Avatar = name
	}
	if err := q.UpdateProfile(ctx, p); err != nil {
		return nil, err
	}
	if old != p.Avatar {
		s.releaseUploads(ctx, old)
	}
	return p, nil
}

// SwitchProfile makes one of the actor's profiles the session's acting one.
func (s *Service) SwitchProfile(ctx context.Context, a cortege.Actor, id string) (*cortege.Profile, error) {
	q := s.db.Q()
	p, err := s.ownProfile(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	if a.SessionID != "" {
		if err := q.SetSessionProfile(ctx, a.SessionID, p.ID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// SetDefaultProfile makes one of the actor's profiles the account's default
// (the one new sessions and API tokens act as).
func (s *Service) SetDefaultProfile(ctx context.Context, a cortege.Actor, id string) error {
	q := s.db.Q()
	p, err := s.ownProfile(ctx, q, a, id)
	if err != nil {
		return err
	}
	acc := *a.Account
	acc.DefaultProfileID = p.ID
	return q.UpdateAccount(ctx, &acc)
}

// DeleteProfile erases one of the actor's profiles (not the last one).
func (s *Service) DeleteProfile(ctx context.Context, a cortege.Actor, id string) error {
	avatar := ""
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.ownProfile(ctx, q, a, id)
		if err != nil {
			return err
		}
		avatar = p.Avatar
		ps, err := q.ProfilesByAccount(ctx, a.Account.ID)
		if err != nil {
			return err
		}
		if len(ps) <= 1 {
			return cortege.Errorf(cortege.ECONFLICT, "err.profile.last")
		}
		if a.Account.DefaultProfileID == p.ID {
			acc := *a.Account
			for _, o := range ps {
				if o.ID != p.ID {
					acc.DefaultProfileID = o.ID
					break
				}
			}
			if err := q.UpdateAccount(ctx, &acc); err != nil {
				return err
			}
		}
		return q.EraseProfile(ctx, p.ID)
	})
	if err == nil {
		s.releaseUploads(ctx, avatar)
	}
	return err
}

// ProfileByRef returns a live profile by its ID or, failing that, by its
// handle ("@" optional), so that one URL shape addresses a profile either
// way; ENOTFOUND otherwise.
func (s *Service) ProfileByRef(ctx context.Context, a cortege.Actor, ref string) (*cortege.Profile, error) {
	if looksLikeID(ref) {
		p, err := s.db.Q().ProfileByID(ctx, ref)
		if err == nil && !p.Deleted {
			return publicProfile(a, p)
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

// ProfileNames returns the public side of profiles by ID (for authors,
// assignees and moderators shown on pages) in one statement. Unknown IDs
// are left out; erased profiles come back marked Deleted, and suspended
// ones masked (but to instance administrators), so pages can say so.
// Profiles are public: anyone may ask.
func (s *Service) ProfileNames(ctx context.Context, a cortege.Actor, ids []string) (map[string]*cortege.Profile, error) {
	seen := map[string]bool{}
	var list []string
	for _, id := range ids {
		if id == "" || seen[id] {
			continue
		}
		if len(list) >= maxProfileLookup {
			break
		}
		seen[id] = true
		list = append(list, id)
	}
	ps, err := s.db.Q().ProfilesByIDs(ctx, list)
	if err != nil {
		return nil, err
	}
	for id, p := range ps {
		ps[id] = shownProfile(a, p)
	}
	return ps, nil
}

// maxProfileLookup caps one ProfileNames call (a page of messages, tasks
// or members).
const maxProfileLookup = 500
