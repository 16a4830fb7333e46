package service

import (
	"context"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/store"
)

// InviteProfile invites a profile by its @handle; the invitation waits on
// their dashboard and nobody is added without accepting. It counts against
// the inviter's caps: over them, the error is a *cortege.InviteCap.
func (s *Service) InviteProfile(ctx context.Context, a cortege.Actor, groupID, handle, message string) error {
	_, err := s.Invite(ctx, a, groupID, handle, "", "", message)
	return err
}

// Invite invites one person to a group, by @handle or by address (exactly
// one of the two; the invitation is nil for a handle). Whether the actor
// may invite is checked before anything they sent.
func (s *Service) Invite(ctx context.Context, a cortege.Actor, groupID, handle, email, name, message string) (*cortege.GroupInvitation, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	var inv *cortege.GroupInvitation
	err := s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActInvite)
		if err != nil {
			return err
		}
		if (handle == "") == (email == "") {
			return cortege.Invalid("handle", "err.api.handle_or_email")
		}
		if email != "" {
			return s.takeInvite(ctx, q, a, g.ID, func() (err error) {
				inv, err = s.inviteEmail(ctx, q, g, a.Profile.ID, email, name, message)
				return err
			})
		}
		if message, err = checkNote("message", message, cortege.MaxMembershipMessage); err != nil {
			return err
		}
		h, err := cortege.NormalizeHandle(handle)
		if err != nil {
			return cortege.Invalid("handle", "err.profile.not_found")
		}
		return s.takeInvite(ctx, q, a, g.ID, func() error { return s.inviteProfile(ctx, q, a, g, h, message) })
	})
	return inv, err
}

// inviteProfile invites the profile of a normalised handle in q's
// transaction; the caller checked the actor may invite.
func (s *Service) inviteProfile(ctx context.Context, q *store.Q, a cortege.Actor, g *cortege.Group, h, message string) error {
	p, err := q.ProfileByHandle(ctx, h)
	if cortege.IsNotFound(err) || (err == nil && p.Deleted) {
		return cortege.Invalid("handle", "err.profile.not_found")
	}
	if err != nil {
		return err
	}
	if blocked, err := q.IsBlocked(ctx, g.ID, p.ID); err != nil || blocked {
		if blocked {
			return cortege.Invalid("handle", "err.group.blocked")
		}
		return err
	}
	now := s.now()
	m := &cortege.Membership{GroupID: g.ID, ProfileID: p.ID, Role: cortege.GroupMember, Status: cortege.MemberInvited, InvitedBy: a.Profile.ID, Message: message, CreatedAt: now, UpdatedAt: now}
	if cur, err := q.MembershipOf(ctx, g.ID, p.ID); err == nil {
		switch {
		case cur.Status == cortege.MemberActive && cur.Role != cortege.GroupFollower:
			return cortege.Errorf(cortege.ECONFLICT, "err.group.already_member")
		case cur.Status == cortege.MemberRequested:
			// They asked already: inviting them approves the request.
			m.Status = cortege.MemberActive
		}
		m.CreatedAt = cur.CreatedAt
	} else if !cortege.IsNotFound(err) {
		return err
	}
	if err := q.PutMembership(ctx, m); err != nil {
		return err
	}
	if m.Status == cortege.MemberActive {
		return queueNotice(ctx, q, notice{ProfileID: p.ID, Kind: cortege.NotifyJoinAnswer, Group: g.Name, Outcome: "approved", Text: message, Path: groupPath(g)}, g.ID+":"+itoa(int(now.UnixMilli())))
	}
	return queueNotice(ctx, q, notice{ProfileID: p.ID, Kind: cortege.NotifyInvitation, Group: g.Name, GroupHandle: g.Handle, Actor: personLabel(a.Profile), Text: message, Path: "/dashboard"}, g.ID+":"+itoa(int(now.UnixMilli())))
}

// InviteEmail invites an address: the person gets a link, and accepting it
// makes them a member, through sign-in (and account creation) when needed.
// It counts against the inviter's caps, as InviteProfile.
func (s *Service) InviteEmail(ctx context.Context, a cortege.Actor, groupID, email, name, message string) (*cortege.GroupInvitation, error) {
	if email == "" {
		return nil, cortege.Invalid("email", "err.email.required")
	}
	return s.Invite(ctx, a, groupID, "", email, name, message)
}

func (s *Service) inviteEmail(ctx context.Context, q *store.Q, g *cortege.Group, by, email, name, message string) (*cortege.GroupInvitation, error) {
	email, err := cortege.NormalizeEmail(email)
	if err != nil {
		return nil, err
	}
	if name, err = cortege.CheckText("name", name, cortege.MaxDisplayNameLen, false); err != nil {
		return nil, err
	}
	if message, err = checkNote("message", message, cortege.MaxMembershipMessage); err != nil {
		return nil, err
	}
	dup, err := q.PendingGroupInvitationExists(ctx, g.ID, email)
	if err != nil {
		return nil, err
	}
	if dup {
		return nil, &cortege.Error{Code: cortege.ECONFLICT, Field: "email", Message: "err.invitation.pending"}
	}
	now := s.now()
	inv := &cortege.GroupInvitation{ID: cortege.NewID(now), GroupID: g.ID, Email: email, Name: name, InvitedBy: by, Message: message, CreatedAt: now, ExpiresAt: now.Add(cortege.GroupInvitationTTL)}
	if err := q.CreateGroupInvitation(ctx, inv); err != nil {
		return nil, err
	}
	return inv, enqueue(ctx, q, inviteMailJob, inviteMail{InvitationID: inv.ID}, jobs.Options{Key: "invite:" + inv.ID, MaxAttempts: 6})
}

// InvitationView is what the page of an invitation link shows.
type InvitationView struct {
	Invitation *cortege.GroupInvitation
	Group      *cortege.Group
	InvitedBy  *cortege.Profile // nil when gone
}

// InvitationByToken shows an emailed invitation without using it (mail
// scanners follow links). Anyone holding the link may see it.
func (s *Service) InvitationByToken(ctx context.Context, a cortege.Actor, token string) (*InvitationView, error) {
	if !cortege.ValidTokenShape(token) {
		return nil, cortege.Invalid("token", "err.token.invalid")
	}
	q := s.db.Q()
	inv, err := q.GroupInvitationByToken(ctx, cortege.HashToken(token))
	if cortege.IsNotFound(err) {
		return nil, cortege.Invalid("token", "err.token.invalid")
	}
	if err != nil {
		return nil, err
	}
	if !inv.Pending(s.now()) {
		return nil, cortege.Invalid("token", "err.token.invalid")
	}
	return s.invitationView(ctx, q, inv)
}

// invitationViews is invitationView for a list, in two statements
// whatever its length; an invitation whose group is gone is left out.
func (s *Service) invitationViews(ctx context.Context, q *store.Q, invs []*cortege.GroupInvitation) ([]*InvitationView, error) {
	gids, pids := make([]string, 0, len(invs)), make([]string, 0, len(invs))
	for _, inv := range invs {
		gids, pids = append(gids, inv.GroupID), append(pids, inv.InvitedBy)
	}
	groups, err := q.GroupsByIDs(ctx, gids)
	if err != nil {
		return nil, err
	}
	by, err := q.ProfilesByIDs(ctx, pids)
	if err != nil {
		return nil, err
	}
	out := make([]*InvitationView, 0, len(invs))
	for _, inv := range invs {
		g := groups[inv.GroupID]
		if g == nil {
			continue
		}
		v := &InvitationView{Invitation: inv, Group: g}
		if p := by[inv.InvitedBy]; p != nil && p.Name() != "" {
			v.InvitedBy = p
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Service) invitationView(ctx context.Context, q *store.Q, inv *cortege.GroupInvitation) (*InvitationView, error) {
	g, err := q.GroupByID(ctx, inv.GroupID)
	if err != nil {
		return nil, err
	}
	v := &InvitationView{Invitation: inv, Group: g}
	if p, err := q.ProfileByID(ctx, inv.InvitedBy); err == nil && p.Name() != "" {
		v.InvitedBy = p
	}
	return v, nil
}

// AcceptInvitationToken accepts an emailed invitation for the signed-in
// actor: whoever holds the link and signs in (a new account is made
// through the magic-link sign-in to the invited address) becomes a member.
func (s *Service) AcceptInvitationToken(ctx context.Context, a cortege.Actor, token string) (*cortege.Group, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	if !cortege.ValidTokenShape(token) {
		return nil, cortege.Invalid("token", "err.token.invalid")
	}
	var g *cortege.Group
	err := s.inTx(ctx, func(q *store.Q) error {
		inv, err := q.GroupInvitationByToken(ctx, cortege.HashToken(token))
		if cortege.IsNotFound(err) {
			return cortege.Invalid("token", "err.token.invalid")
		}
		if err != nil {
			return err
		}
		g, err = s.acceptEmailInvitation(ctx, q, a, inv)
		return err
	})
	return g, err
}

// AcceptEmailInvitation accepts, from the dashboard, an invitation sent to
// the actor's own address (no link needed: the address is theirs).
func (s *Service) AcceptEmailInvitation(ctx context.Context, a cortege.Actor, invitationID string) (*cortege.Group, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	var g *cortege.Group
	err := s.inTx(ctx, func(q *store.Q) error {
		inv, err := q.GroupInvitationByID(ctx, invitationID)
		if err != nil {
			return err
		}
		if !strings.EqualFold(inv.Email, a.Account.Email) {
			return cortege.Errorf(cortege.ENOTFOUND, "err.invitation.not_found")
		}
		g, err = s.acceptEmailInvitation(ctx, q, a, inv)
		return err
	})
	return g, err
}

func (s *Service) acceptEmailInvitation(ctx context.Context, q *store.Q, a cortege.Actor, inv *cortege.GroupInvitation) (*cortege.Group, error) {
	if !inv.Pending(s.now()) {
		return nil, cortege.Invalid("token", "err.token.invalid")
	}
	g, err := q.GroupByID(ctx, inv.GroupID)
	if err != nil {
		return nil, err
	}
	if err := refuseBlocked(ctx, q, g.ID, a.Profile.ID); err != nil {
		return nil, err
	}
	if err := q.AcceptGroupInvitation(ctx, inv.ID, a.Profile.ID); err != nil {
		if cortege.IsNotFound(err) {
			return nil, cortege.Invalid("token", "err.token.invalid")
		}
		return nil, err
	}
	now := s.now()
	m := &cortege.Membership{GroupID: g.ID, ProfileID: a.Profile.ID, Role: cortege.GroupMember, Status: cortege.MemberActive, InvitedBy: inv.InvitedBy, CreatedAt: now, UpdatedAt: now}
	if cur, err := q.MembershipOf(ctx, g.ID, a.Profile.ID); err == nil {
		if cur.Status == cortege.MemberActive && cur.Role != cortege.GroupFollower {
			return g, nil // already a member: the invitation is simply used
		}
		m.CreatedAt = cur.CreatedAt
	} else if !cortege.IsNotFound(err) {
		return nil, err
	}
	return g, q.PutMembership(ctx, m)
}

// AcceptInvitation accepts an invitation by handle waiting for the actor.
func (s *Service) AcceptInvitation(ctx context.Context, a cortege.Actor, groupID string) error {
	if err := requirePublisher(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		m, err := q.MembershipOf(ctx, groupID, a.Profile.ID)
		if err != nil {
			return err
		}
		if m.Status != cortege.MemberInvited {
			return cortege.Errorf(cortege.ENOTFOUND, "err.invitation.not_found")
		}
		g, err := q.GroupByID(ctx, groupID)
		if err != nil {
			return err
		}
		_, err = s.acceptInvited(ctx, q, g, m)
		return err
	})
}

// DeclineInvitation refuses an invitation by handle waiting for the actor.
func (s *Service) DeclineInvitation(ctx context.Context, a cortege.Actor, groupID string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		m, err := q.MembershipOf(ctx, groupID, a.Profile.ID)
		if err != nil {
			return err
		}
		if m.Status != cortege.MemberInvited {
			return cortege.Errorf(cortege.ENOTFOUND, "err.invitation.not_found")
		}
		return q.DeleteMembership(ctx, groupID, a.Profile.ID)
	})
}

// GroupInvitations lists the invitations a group sent by email; those who
// may invite.
func (s *Service) GroupInvitations(ctx context.Context, a cortege.Actor, groupID string, page int) ([]*cortege.GroupInvitation, error) {
	q := s.db.Q()
	if _, _, err := s.need(ctx, q, a, groupID, cortege.ActInvite); err != nil {
		return nil, err
	}
	if page < 1 {
		page = 1
	}
	return q.GroupInvitations(ctx, groupID, groupMembersPerPage, (page-1)*groupMembersPerPage)
}

// RevokeInvitation withdraws an invitation by email; those who may invite.
func (s *Service) RevokeInvitation(ctx context.Context, a cortege.Actor, groupID, invitationID string) error {
	q := s.db.Q()
	if _, _, err := s.need(ctx, q, a, groupID, cortege.ActInvite); err != nil {
		return err
	}
	return q.DeleteGroupInvitation(ctx, groupID, invitationID)
}
