package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/store"
)

// checkNote trims and checks a message people write to each other
// (several lines allowed), as cortege.CheckText does every text.
func checkNote(field, s string, max int) (string, error) {
	return cortege.CheckText(field, s, max, true)
}

// refuseBlocked returns EFORBIDDEN when the profile is blocked from g.
func refuseBlocked(ctx context.Context, q *store.Q, groupID, profileID string) error {
	blocked, err := q.IsBlocked(ctx, groupID, profileID)
	if err != nil {
		return err
	}
	if blocked {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.group.blocked")
	}
	return nil
}

// groupPath is the page of a group.
func groupPath(g *cortege.Group) string { return "/@" + g.Handle }

// Join makes the actor a member of an open group, or sends a join request
// (with an optional message) to a group by approval; a group by
// invitation only refuses. It returns the membership as it now stands.
func (s *Service) Join(ctx context.Context, a cortege.Actor, groupID, message string) (*cortege.Membership, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	if err := s.limit(ctx, "group:join:"+a.Account.ID, joinPerHour, time.Hour); err != nil {
		return nil, err
	}
	var m *cortege.Membership
	err := s.inTx(ctx, func(q *store.Q) error {
		g, role, err := s.groupAccess(ctx, q, a, groupID)
		if err != nil {
			return err
		}
		if message, err = checkNote("message", message, cortege.MaxMembershipMessage); err != nil {
			return err
		}
		if cortege.RoleRank(role) >= 2 {
			return cortege.Errorf(cortege.ECONFLICT, "err.group.already_member")
		}
		if err := refuseBlocked(ctx, q, g.ID, a.Profile.ID); err != nil {
			return err
		}
		// An invitation waiting for the actor is accepted by joining.
		if cur, err := q.MembershipOf(ctx, g.ID, a.Profile.ID); err == nil && cur.Status == cortege.MemberInvited {
			m, err = s.acceptInvited(ctx, q, g, cur)
			return err
		}
		if !g.Can(role, cortege.ActJoin) {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.group.invitation_only")
		}
		status, err := cortege.JoinOutcome(g.JoinMode)
		if err != nil {
			return err
		}
		now := s.now()
		m = &cortege.Membership{GroupID: g.ID, ProfileID: a.Profile.ID, Role: cortege.GroupMember, Status: status, Message: message, CreatedAt: now, UpdatedAt: now}
		if err := q.PutMembership(ctx, m); err != nil {
			return err
		}
		if status == cortege.MemberRequested {
			return s.tellManagers(ctx, q, g, notice{Kind: cortege.NotifyJoinRequest, Group: g.Name, Actor: a.Profile.Name(), Text: message, Path: groupPath(g) + "/members?status=requested"}, "req:"+g.ID+":"+a.Profile.ID+":"+itoa(int(now.Unix())))
		}
		return nil
	})
	return m, err
}

// tellManagers notifies a group's administrators and moderators.
func (s *Service) tellManagers(ctx context.Context, q *store.Q, g *cortege.Group, n notice, key string) error {
	for _, role := range []string{cortege.GroupAdmin, cortege.GroupModerator} {
		ids, err := q.GroupProfilesWithRole(ctx, g.ID, role)
		if err != nil {
			return err
		}
		for _, id := range ids {
			n.ProfileID = id
			if err := queueNotice(ctx, q, n, key); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) acceptInvited(ctx context.Context, q *store.Q, g *cortege.Group, m *cortege.Membership) (*cortege.Membership, error) {
	m.Status, m.UpdatedAt = cortege.MemberActive, s.now()
	if m.Role == "" || m.Role == cortege.GroupFollower {
		m.Role = cortege.GroupMember
	}
	return m, q.PutMembership(ctx, m)
}

// Follow makes the actor follow a public group's public activity.
func (s *Service) Follow(ctx context.Context, a cortege.Actor, groupID string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		g, role, err := s.groupAccess(ctx, q, a, groupID)
		if err != nil {
			return err
		}
		if role == cortege.GroupFollower {
			return nil
		}
		if err := allow(a, g, role, cortege.ActFollow); err != nil {
			return err
		}
		if err := refuseBlocked(ctx, q, g.ID, a.Profile.ID); err != nil {
			return err
		}
		if cur, err := q.MembershipOf(ctx, g.ID, a.Profile.ID); err == nil && cur.Status != cortege.MemberActive {
			return cortege.Errorf(cortege.ECONFLICT, "err.group.pending")
		}
		now := s.now()
		return q.PutMembership(ctx, &cortege.Membership{GroupID: g.ID, ProfileID: a.Profile.ID, Role: cortege.GroupFollower, Status: cortege.MemberActive, CreatedAt: now, UpdatedAt: now})
	})
}

// Leave ends the actor's membership, follow, pending request or
// invitation. The last administrator cannot leave without handing over
// (ECONFLICT): promote someone first.
func (s *Service) Leave(ctx context.Context, a cortege.Actor, groupID string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		m, err := q.MembershipOf(ctx, groupID, a.Profile.ID)
		if err != nil {
			return err
		}
		if m.Status == cortege.MemberActive && m.Role == cortege.GroupAdmin {
			n, err := q.CountGroupRole(ctx, groupID, cortege.GroupAdmin)
			if err != nil {
				return err
			}
			if n <= 1 {
				return cortege.Errorf(cortege.ECONFLICT, "err.group.last_admin")
			}
		}
		return q.DeleteMembership(ctx, groupID, a.Profile.ID)
	})
}

// Unfollow stops following a group (Leave does the same for a follower).
func (s *Service) Unfollow(ctx context.Context, a cortege.Actor, groupID string) error {
	return s.Leave(ctx, a, groupID)
}

// AnswerJoinRequest approves or refuses a join request, with an optional
// message the person receives; moderators and administrators.
func (s *Service) AnswerJoinRequest(ctx context.Context, a cortege.Actor, groupID, profileID string, approve bool, message string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActManageMembers)
		if err != nil {
			return err
		}
		if message, err = checkNote("message", message, cortege.MaxMembershipMessage); err != nil {
			return err
		}
		m, err := q.MembershipOf(ctx, g.ID, profileID)
		if err != nil {
			return err
		}
		if m.Status != cortege.MemberRequested {
			return cortege.Errorf(cortege.ENOTFOUND, "err.request.not_found")
		}
		outcome := "refused"
		if approve {
			outcome = "approved"
			m.Status, m.Role, m.Message, m.UpdatedAt = cortege.MemberActive, cortege.GroupMember, message, s.now()
			err = q.PutMembership(ctx, m)
		} else {
			err = q.DeleteMembership(ctx, g.ID, profileID)
		}
		if err != nil {
			return err
		}
		return queueNotice(ctx, q, notice{ProfileID: profileID, Kind: cortege.NotifyJoinAnswer, Group: g.Name, Outcome: outcome, Text: message, Path: groupPath(g)}, g.ID+":"+itoa(int(s.now().UnixMilli())))
	})
}

// memberToManage loads the target's active membership and checks the actor
// outranks it.
func (s *Service) memberToManage(ctx context.Context, q *store.Q, a cortege.Actor, groupID, profileID string, action cortege.GroupAction) (*cortege.Group, *cortege.Membership, error) {
	g, role, err := s.need(ctx, q, a, groupID, action)
	if err != nil {
		return nil, nil, err
	}
	if profileID == a.Profile.ID {
		return nil, nil, cortege.Errorf(cortege.ECONFLICT, "err.group.self")
	}
	m, err := q.MembershipOf(ctx, g.ID, profileID)
	if err != nil {
		return nil, nil, err
	}
	if !cortege.CanManageMember(role, m.Role) {
		return nil, nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return g, m, nil
}

// MayManageMember answers nil when the actor may remove (or block,
// promote, demote) the profile in the group, else the error RemoveMember
// would give; it changes nothing (the page that asks to confirm).
func (s *Service) MayManageMember(ctx context.Context, a cortege.Actor, groupID, profileID string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	_, _, err := s.memberToManage(ctx, s.db.Q(), a, groupID, profileID, cortege.ActManageMembers)
	return err
}

// RemoveMember removes someone from a group (a member, follower, pending
// request or invitation); moderators over members, administrators over
// anyone.
func (s *Service) RemoveMember(ctx context.Context, a cortege.Actor, groupID, profileID string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.memberToManage(ctx, q, a, groupID, profileID, cortege.ActManageMembers)
		if err != nil {
			return err
		}
		if err := q.DeleteMembership(ctx, g.ID, profileID); err != nil {
			return err
		}
		return s.logGroup(ctx, q, a, g.ID, cortege.ModRemove, cortege.ReportProfile, profileID, "")
	})
}

// BlockProfile keeps a profile out of a group: its membership ends and it
// can no longer join, follow, ask or write to the administrators (a ban).
func (s *Service) BlockProfile(ctx context.Context, a cortege.Actor, groupID, profileID, reason string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActManageMembers)
		if err != nil {
			return err
		}
		if reason, err = checkNote("reason", reason, cortege.MaxMembershipMessage); err != nil {
			return err
		}
		if _, m, err := s.memberToManage(ctx, q, a, groupID, profileID, cortege.ActManageMembers); err == nil {
			if err := q.DeleteMembership(ctx, g.ID, m.ProfileID); err != nil {
				return err
			}
		} else if !cortege.IsNotFound(err) {
			return err
		} else if _, err := q.ProfileByID(ctx, profileID); err != nil {
			return err
		}
		if err := q.BlockProfile(ctx, &cortege.GroupBlock{GroupID: g.ID, ProfileID: profileID, BlockedBy: a.Profile.ID, Reason: reason, CreatedAt: s.now()}); err != nil {
			return err
		}
		return s.logGroup(ctx, q, a, g.ID, cortege.ModBlock, cortege.ReportProfile, profileID, reason)
	})
}

// UnblockProfile lifts a block; moderators and administrators.
func (s *Service) UnblockProfile(ctx context.Context, a cortege.Actor, groupID, profileID string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActManageMembers)
		if err != nil {
			return err
		}
		if err := q.UnblockProfile(ctx, g.ID, profileID); err != nil {
			return err
		}
		return s.logGroup(ctx, q, a, g.ID, cortege.ModUnblock, cortege.ReportProfile, profileID, "")
	})
}

// GroupBlocks lists a group's blocked profiles; moderators and administrators.
func (s *Service) GroupBlocks(ctx context.Context, a cortege.Actor, groupID string) ([]*cortege.GroupBlock, error) {
	q := s.db.Q()
	if _, _, err := s.need(ctx, q, a, groupID, cortege.ActViewModeration); err != nil {
		return nil, err
	}
	return q.GroupBlocks(ctx, groupID)
}

// SetMemberRole promotes or demotes an active member (administrator,
// moderator, member); administrators only. The last administrator cannot
// step down without handing over.
func (s *Service) SetMemberRole(ctx context.Context, a cortege.Actor, groupID, profileID, role string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActManageRoles)
		if err != nil {
			return err
		}
		if role != cortege.GroupAdmin && role != cortege.GroupModerator && role != cortege.GroupMember {
			return cortege.Invalid("role", "err.group.role.invalid")
		}
		m, err := q.MembershipOf(ctx, g.ID, profileID)
		if err != nil {
			return err
		}
		if m.Status != cortege.MemberActive || m.Role == cortege.GroupFollower {
			return cortege.Errorf(cortege.ECONFLICT, "err.group.not_member")
		}
		if m.Role == cortege.GroupAdmin && role != cortege.GroupAdmin {
			n, err := q.CountGroupRole(ctx, g.ID, cortege.GroupAdmin)
			if err != nil {
				return err
			}
			if n <= 1 {
				return cortege.Errorf(cortege.ECONFLICT, "err.group.last_admin")
			}
		}
		m.Role, m.UpdatedAt = role, s.now()
		return q.PutMembership(ctx, m)
	})
}

// MemberPage is one page of a group's member list.
type MemberPage struct {
	Members []*cortege.Member
	Page    int
	More    bool
}

// Members lists a group's members (status MemberActive), followers
// (status "followers"), join requests or invitations (MemberRequested,
// MemberInvited). Members are shown to whom the group allows; the rest to
// moderators and administrators.
func (s *Service) Members(ctx context.Context, a cortege.Actor, groupID, status string, page int) (*MemberPage, error) {
	q := s.db.Q()
	followers := status == "followers"
	action := cortege.ActViewMembers
	switch status {
	case cortege.MemberActive:
	case "followers":
		status, action = cortege.MemberActive, cortege.ActManageMembers
	case cortege.MemberRequested, cortege.MemberInvited:
		action = cortege.ActManageMembers
	default:
		if _, _, err := s.need(ctx, q, a, groupID, action); err != nil {
			return nil, err
		}
		return nil, cortege.Invalid("status", "err.status.invalid")
	}
	g, _, err := s.need(ctx, q, a, groupID, action)
	if err != nil {
		return nil, err
	}
	if page < 1 {
		page = 1
	}
	ms, err := q.GroupMembers(ctx, g.ID, status, followers, groupMembersPerPage+1, (page-1)*groupMembersPerPage)
	if err != nil {
		return nil, err
	}
	p := &MemberPage{Page: page}
	if len(ms) > groupMembersPerPage {
		ms, p.More = ms[:groupMembersPerPage], true
	}
	for _, m := range ms {
		m.Profile = shownProfile(a, m.Profile)
	}
	p.Members = ms
	return p, nil
}

// ContactAdmins sends a message to a group's administrators by email,
// through jobs; neither side sees the other's address.
func (s *Service) ContactAdmins(ctx context.Context, a cortege.Actor, groupID, message string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	if err := s.limit(ctx, "group:contact:"+a.Account.ID, contactPerHour, time.Hour); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActContactAdmins)
		if err != nil {
			return err
		}
		if message, err = checkNote("message", message, cortege.MaxMessageToAdmins); err != nil {
			return err
		}
		if message == "" {
			return cortege.Invalid("message", "err.body.required")
		}
		if err := refuseBlocked(ctx, q, g.ID, a.Profile.ID); err != nil {
			return err
		}
		admins, err := q.GroupProfilesWithRole(ctx, g.ID, cortege.GroupAdmin)
		if err != nil {
			return err
		}
		for _, id := range admins {
			if err := enqueue(ctx, q, contactMailJob, contactMail{AdminID: id, FromID: a.Profile.ID, GroupID: g.ID, Message: message}, jobs.Options{MaxAttempts: 6}); err != nil {
				return err
			}
		}
		return nil
	})
}

// logGroup appends a group-level moderation entry by the actor's profile.
func (s *Service) logGroup(ctx context.Context, q *store.Q, a cortege.Actor, groupID, action, kind, target, note string) error {
	now := s.now()
	return q.AddModerationEntry(ctx, &cortege.ModerationEntry{ID: cortege.NewID(now), ActorID: a.Profile.ID, GroupID: groupID, Action: action, TargetKind: kind, TargetID: target, Note: note, CreatedAt: now})
}

// GroupModerationLog lists a group's moderation log; moderators and
// administrators.
func (s *Service) GroupModerationLog(ctx context.Context, a cortege.Actor, groupID string, page int) ([]*cortege.ModerationEntry, error) {
	q := s.db.Q()
	if _, _, err := s.need(ctx, q, a, groupID, cortege.ActViewModeration); err != nil {
		return nil, err
	}
	if page < 1 {
		page = 1
	}
	return q.ModerationLog(ctx, groupID, groupMembersPerPage, (page-1)*groupMembersPerPage)
}

// OrganisableGroups lists the groups the actor's profile administers or
// moderates, so may make organise an event.
func (s *Service) OrganisableGroups(ctx context.Context, a cortege.Actor) ([]*cortege.Group, error) {
	return s.myGroups(ctx, a, func(g *cortege.Group, role string) bool { return g.Can(role, cortege.ActPublishEvent) })
}

// AdministeredGroups lists the groups the actor administers: the groups
// whose invitations to co-organise an event it may answer.
func (s *Service) AdministeredGroups(ctx context.Context, a cortege.Actor) ([]*cortege.Group, error) {
	return s.myGroups(ctx, a, func(_ *cortege.Group, role string) bool { return role == cortege.GroupAdmin })
}

// myGroups lists the groups where the actor's profile holds an active role
// that keep accepts; none for a visitor.
func (s *Service) myGroups(ctx context.Context, a cortege.Actor, keep func(g *cortege.Group, role string) bool) ([]*cortege.Group, error) {
	if !a.SignedIn() || a.Profile == nil {
		return nil, nil
	}
	mine, err := s.db.Q().MembershipsByProfile(ctx, a.Profile.ID)
	if err != nil {
		return nil, err
	}
	var out []*cortege.Group
	for _, m := range mine {
		if m.Group != nil && keep(m.Group, m.Membership.ActiveRole()) {
			out = append(out, m.Group)
		}
	}
	return out, nil
}
