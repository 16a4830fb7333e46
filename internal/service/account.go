package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// SetLanguage changes the interface language of the actor's account.
func (s *Service) SetLanguage(ctx context.Context, a cortege.Actor, lang string) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	if err := cortege.CheckLang("lang", lang); err != nil {
		return err
	}
	acc := *a.Account
	acc.Lang = lang
	return s.db.Q().UpdateAccount(ctx, &acc)
}

// RequestEmailChange mails a confirmation link to the new address; the
// address changes only when that link is confirmed.
func (s *Service) RequestEmailChange(ctx context.Context, a cortege.Actor, newEmail string) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	email, err := cortege.NormalizeEmail(newEmail)
	if err != nil {
		return err
	}
	if err := s.limit(ctx, "email_change:"+a.Account.ID, 5, time.Hour); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		return enqueue(ctx, q, emailChangeJob, emailChangeMail{AccountID: a.Account.ID, NewEmail: email, Lang: a.Account.Lang}, jobs.Options{MaxAttempts: 5})
	})
}

// ConfirmEmailChange consumes the link sent to a new address and moves the
// account to it. An address taken meanwhile is ECONFLICT.
func (s *Service) ConfirmEmailChange(ctx context.Context, a cortege.Actor, token string) (*cortege.Account, error) {
	if !cortege.ValidTokenShape(token) {
		return nil, cortege.Invalid("token", "err.token.invalid")
	}
	var acc *cortege.Account
	err := s.inTx(ctx, func(q *store.Q) error {
		t, err := q.ConsumeLoginToken(ctx, cortege.HashToken(token), cortege.TokenEmailChange)
		if cortege.IsNotFound(err) {
			return cortege.Invalid("token", "err.token.invalid")
		}
		if err != nil {
			return err
		}
		email, accountID := t.Email, t.AccountID
		if a.SignedIn() && a.Account.ID != accountID {
			return cortege.Invalid("token", "err.token.other_account")
		}
		if acc, err = q.AccountByID(ctx, accountID); err != nil {
			return err
		}
		acc.Email = email
		if err := q.UpdateAccount(ctx, acc); cortege.ErrorCode(err) == cortege.ECONFLICT {
			return &cortege.Error{Code: cortege.ECONFLICT, Field: "email", Message: "err.email.taken"}
		} else if err != nil {
			return err
		}
		return nil
	})
	return acc, err
}

// DeleteAccount erases the actor's account: profiles become "deleted
// profile" placeholders (what others need stays readable without personal
// data), sessions and tokens go, and a last mail confirms it.
func (s *Service) DeleteAccount(ctx context.Context, a cortege.Actor) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	return s.eraseAccount(ctx, a.Account.ID)
}

func (s *Service) eraseAccount(ctx context.Context, id string) error {
	var avatars []string
	err := s.inTx(ctx, func(q *store.Q) error {
		acc, err := q.AccountByID(ctx, id)
		if err != nil {
			return err
		}
		if acc.IsAdmin() {
			if n, err := q.CountAdmins(ctx); err != nil {
				return err
			} else if n <= 1 {
				return cortege.Errorf(cortege.ECONFLICT, "err.account.last_admin")
			}
		}
		ps, err := q.ProfilesByAccount(ctx, id)
		if err != nil {
			return err
		}
		for _, p := range ps {
			avatars = append(avatars, p.Avatar)
			if err := s.handOverGroups(ctx, q, p.ID); err != nil {
				return err
			}
			if err := s.withdrawUpcoming(ctx, q, p.ID); err != nil {
				return err
			}
			if err := s.eraseSigner(ctx, q, p.ID); err != nil {
				return err
			}
			if err := q.EraseProfile(ctx, p.ID); err != nil {
				return err
			}
		}
		set, err := q.InstanceSettings(ctx)
		if err != nil {
			return err
		}
		if err := enqueueMail(ctx, q, acc.Email, acc.Lang, mail.TemplateAccountDeleted, mail.AccountDeletedData{InstanceName: set.Name}, ""); err != nil {
			return err
		}
		return q.DeleteAccount(ctx, id)
	})
	if err == nil {
		s.releaseUploads(ctx, avatars...)
	}
	return err
}

// handOverGroups keeps every group a leaving profile administers alone from
// being orphaned: the longest-standing moderator, else member, becomes
// administrator. A group with nobody else keeps no administrator.
func (s *Service) handOverGroups(ctx context.Context, q *store.Q, profileID string) error {
	mgs, err := q.MembershipsByProfile(ctx, profileID)
	if err != nil {
		return err
	}
	for _, mg := range mgs {
		if mg.Membership.ActiveRole() != cortege.GroupAdmin {
			continue
		}
		admins, err := q.GroupProfilesWithRole(ctx, mg.Group.ID, cortege.GroupAdmin)
		if err != nil {
			return err
		}
		if len(admins) > 1 {
			continue
		}
		for _, role := range []string{cortege.GroupModerator, cortege.GroupMember} {
			heirs, err := q.GroupProfilesWithRole(ctx, mg.Group.ID, role)
			if err != nil {
				return err
			}
			if len(heirs) == 0 {
				continue
			}
			m, err := q.MembershipOf(ctx, mg.Group.ID, heirs[0])
			if err != nil {
				return err
			}
			m.Role, m.UpdatedAt = cortege.GroupAdmin, s.now()
			if err := q.PutMembership(ctx, m); err != nil {
				return err
			}
			break
		}
	}
	return nil
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

// AccountPrefs are account settings changed together (the JSON API's
// PATCH /api/v1/me); a nil field stays as it is.
type AccountPrefs struct {
	Lang             *string
	DefaultProfileID *string
}

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

// withdrawUpcoming cancels a leaving profile's registrations to events that
// have not started, as Meetup drops a deleted member's RSVPs: nobody can
// write to them any more, so their seats go to the waiting list. Events
// under way or over keep the registration, shown as "deleted profile",
// so attendance figures stay.
func (s *Service) withdrawUpcoming(ctx context.Context, q *store.Q, profileID string) error {
	now := s.now()
	joined, err := q.EventsJoinedBy(ctx, profileID, now, time.Time{}, 10000)
	if err != nil {
		return err
	}
	for _, j := range joined {
		if !j.Event.Start.After(now) || j.Status == cortege.PartAttended {
			continue
		}
		p, err := q.ParticipationOf(ctx, j.Event.ID, profileID)
		if err != nil {
			return err
		}
		if err := s.withdraw(ctx, q, j.Event, p.Participation, cortege.PartCancelled, ""); err != nil {
			return err
		}
	}
	return nil
}
