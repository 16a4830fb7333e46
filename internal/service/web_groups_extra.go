package service

import (
	"context"

	"codeberg.org/cortege/cortege"
)

// maxProfileLookup caps one ProfileNames call (a page of messages, tasks
// or members).
const maxProfileLookup = 500

// ProfileNames returns the public side of profiles by ID (for authors,
// assignees and moderators shown on group pages). Unknown IDs are left
// out; erased profiles come back marked Deleted so pages can say so.
// Profiles are public: anyone may ask.
func (s *Service) ProfileNames(ctx context.Context, a cortege.Actor, ids []string) (map[string]*cortege.Profile, error) {
	out := map[string]*cortege.Profile{}
	q := s.db.Q()
	for _, id := range ids {
		if id == "" || out[id] != nil {
			continue
		}
		if len(out) >= maxProfileLookup {
			break
		}
		p, err := q.ProfileByID(ctx, id)
		if cortege.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, nil
}

// SetGroupApproval changes only the instance setting "new groups need
// approval before being listed"; instance administrators only.
func (s *Service) SetGroupApproval(ctx context.Context, a cortege.Actor, on bool) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	q := s.db.Q()
	set, err := q.InstanceSettings(ctx)
	if err != nil {
		return err
	}
	set.GroupApproval = on
	return q.PutInstanceSettings(ctx, set)
}

// EventDigest reports whether the actor chose the daily digest of their
// events' activity (see SetEventDigest).
func (s *Service) EventDigest(ctx context.Context, a cortege.Actor) (bool, error) {
	if err := requireSignedIn(a); err != nil {
		return false, err
	}
	prefs, err := s.db.Q().NotificationPrefs(ctx, a.Account.ID)
	if err != nil {
		return false, err
	}
	on, ok := prefs[digestPref]
	return ok && on, nil
}
