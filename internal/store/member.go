package store

import (
	"context"
	"database/sql"

	"codeberg.org/cortege/cortege"
)

// PutMembership inserts or replaces the membership of m.ProfileID in
// m.GroupID (an invitation becoming active, a request approved…).
func (q *Q) PutMembership(ctx context.Context, m *cortege.Membership) error {
	_, err := q.exec(ctx, "PutMembership", m.GroupID, m.ProfileID, m.Role, m.Status, nullStr(m.InvitedBy), m.Message, ms(m.CreatedAt), ms(m.UpdatedAt))
	return err
}

func membershipDest(m *cortege.Membership, created, updated *int64) []any {
	return []any{&m.GroupID, &m.ProfileID, &m.Role, &m.Status, &m.InvitedBy, &m.Message, created, updated}
}

// MembershipOf returns a profile's membership in a group, whatever its
// status, or ENOTFOUND.
func (q *Q) MembershipOf(ctx context.Context, groupID, profileID string) (*cortege.Membership, error) {
	var m cortege.Membership
	var c, u int64
	if err := q.get(ctx, "MembershipOf", []any{groupID, profileID}, membershipDest(&m, &c, &u)...); err != nil {
		return nil, err
	}
	m.CreatedAt, m.UpdatedAt = fromMS(c), fromMS(u)
	return &m, nil
}

// MembershipRole returns the role of a profile's active relation to a
// group (administrator, moderator, member or follower), or ENOTFOUND when
// it has none (a stranger, or an invitation or request still pending).
func (q *Q) MembershipRole(ctx context.Context, groupID, profileID string) (string, error) {
	var role string
	return role, q.get(ctx, "MembershipRole", []any{groupID, profileID}, &role)
}

// DeleteMembership removes a profile's membership; none is ENOTFOUND.
func (q *Q) DeleteMembership(ctx context.Context, groupID, profileID string) error {
	return q.exec1(ctx, "DeleteMembership", groupID, profileID)
}

func scanMember(s scanner) (*cortege.Member, error) {
	var m cortege.Member
	var c, u int64
	dest := membershipDest(&m.Membership, &c, &u)
	var p cortege.Profile
	var pc int64
	dest = append(dest, &p.ID, &p.AccountID, &p.Handle, &p.DisplayName, &p.Bio, &p.Avatar, &p.Deleted, &pc, &p.Suspended)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	m.CreatedAt, m.UpdatedAt, p.CreatedAt = fromMS(c), fromMS(u), fromMS(pc)
	m.Profile = &p
	return &m, nil
}

func (q *Q) members(ctx context.Context, name string, args ...any) ([]*cortege.Member, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, m)
	}
	return out, wrap(name, rows.Err())
}

// GroupMembers lists a group's memberships in status with their profiles:
// followers when followers is true, members otherwise; administrators
// first, then moderators and members, each by date of joining.
func (q *Q) GroupMembers(ctx context.Context, groupID, status string, followers bool, limit, offset int) ([]*cortege.Member, error) {
	lo, hi := 0, 2
	if followers {
		lo, hi = 3, 3
	}
	return q.members(ctx, "GroupMembers", groupID, status, lo, hi, limit, offset)
}

// CountGroupMembers returns how many active members and followers a group has.
func (q *Q) CountGroupMembers(ctx context.Context, groupID string) (members, followers int, err error) {
	err = q.get(ctx, "CountGroupMembers", []any{groupID}, &members, &followers)
	return
}

// CountGroupRole counts a group's active memberships holding role.
func (q *Q) CountGroupRole(ctx context.Context, groupID, role string) (int, error) {
	var n int
	return n, q.get(ctx, "CountGroupRole", []any{groupID, role}, &n)
}

// GroupProfilesWithRole lists the profiles holding role in a group.
func (q *Q) GroupProfilesWithRole(ctx context.Context, groupID, role string) ([]string, error) {
	return q.strings(ctx, "GroupProfilesWithRole", groupID, role)
}

// MembershipsByProfile lists a profile's groups with its membership in
// each, whatever its status.
func (q *Q) MembershipsByProfile(ctx context.Context, profileID string) ([]*cortege.MyGroup, error) {
	rows, err := q.query(ctx, "MembershipsByProfile", profileID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.MyGroup
	for rows.Next() {
		var mg cortege.MyGroup
		var c, u int64
		g, err := scanGroup(rows, membershipDest(&mg.Membership, &c, &u)...)
		if err != nil {
			return nil, wrap("MembershipsByProfile", err)
		}
		mg.Group = g
		mg.Membership.CreatedAt, mg.Membership.UpdatedAt = fromMS(c), fromMS(u)
		out = append(out, &mg)
	}
	return out, rows.Err()
}

// JoinRequestsToHandle lists the join requests waiting in the groups a
// profile administers or moderates.
func (q *Q) JoinRequestsToHandle(ctx context.Context, profileID string, limit int) ([]*cortege.Member, error) {
	return q.members(ctx, "JoinRequestsToHandle", profileID, limit)
}

// CreateGroupInvitation stores an invitation by email; its token is set
// later by SetGroupInvitationToken, when the mail is made.
func (q *Q) CreateGroupInvitation(ctx context.Context, inv *cortege.GroupInvitation) error {
	_, err := q.exec(ctx, "CreateGroupInvitation", inv.ID, inv.GroupID, inv.Email, emailKey(inv.Email), inv.Name,
		nullStr(inv.InvitedBy), inv.Message, ms(inv.CreatedAt), ms(inv.ExpiresAt))
	return err
}

// SetGroupInvitationToken stores the hash of a pending invitation's token,
// replacing any earlier one.
func (q *Q) SetGroupInvitationToken(ctx context.Context, id, hash string) error {
	return q.exec1(ctx, "SetGroupInvitationToken", hash, id)
}

func scanInvitation(s scanner) (*cortege.GroupInvitation, error) {
	var i cortege.GroupInvitation
	var c, e, a int64
	if err := s.Scan(&i.ID, &i.GroupID, &i.Email, &i.Name, &i.InvitedBy, &i.Message, &i.TokenHash, &c, &e, &a, &i.AcceptedBy); err != nil {
		return nil, err
	}
	i.CreatedAt, i.ExpiresAt, i.AcceptedAt = fromMS(c), fromMS(e), fromMS(a)
	return &i, nil
}

func (q *Q) invitation(ctx context.Context, name string, arg any) (*cortege.GroupInvitation, error) {
	i, err := scanInvitation(q.stmt(ctx, name).QueryRowContext(ctx, arg))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.invitation.not_found")
	}
	return i, wrap(name, err)
}

// GroupInvitationByID returns an invitation or ENOTFOUND.
func (q *Q) GroupInvitationByID(ctx context.Context, id string) (*cortege.GroupInvitation, error) {
	return q.invitation(ctx, "GroupInvitationByID", id)
}

// GroupInvitationByToken returns the invitation whose token hashes to
// hash, or ENOTFOUND.
func (q *Q) GroupInvitationByToken(ctx context.Context, hash string) (*cortege.GroupInvitation, error) {
	return q.invitation(ctx, "GroupInvitationByToken", hash)
}

// AcceptGroupInvitation marks a pending invitation accepted by profileID;
// one already used or expired is ENOTFOUND.
func (q *Q) AcceptGroupInvitation(ctx context.Context, id, profileID string) error {
	now := ms(q.db.now())
	return q.exec1(ctx, "AcceptGroupInvitation", now, profileID, id, now)
}

func (q *Q) invitations(ctx context.Context, name string, args ...any) ([]*cortege.GroupInvitation, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.GroupInvitation
	for rows.Next() {
		i, err := scanInvitation(rows)
		if err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, i)
	}
	return out, wrap(name, rows.Err())
}

// PendingGroupInvitationsByEmail lists the live invitations sent to an
// address (case-insensitive).
func (q *Q) PendingGroupInvitationsByEmail(ctx context.Context, email string) ([]*cortege.GroupInvitation, error) {
	return q.invitations(ctx, "PendingGroupInvitationsByEmail", emailKey(email), ms(q.db.now()))
}

// GroupInvitations lists a group's invitations by email, newest first.
func (q *Q) GroupInvitations(ctx context.Context, groupID string, limit, offset int) ([]*cortege.GroupInvitation, error) {
	return q.invitations(ctx, "GroupInvitations", groupID, limit, offset)
}

// PendingGroupInvitationExists reports whether a live invitation to email
// already waits in a group.
func (q *Q) PendingGroupInvitationExists(ctx context.Context, groupID, email string) (bool, error) {
	var n int
	err := q.get(ctx, "PendingGroupInvitationExists", []any{groupID, emailKey(email), ms(q.db.now())}, &n)
	return n > 0, err
}

// DeleteGroupInvitation withdraws an invitation of a group.
func (q *Q) DeleteGroupInvitation(ctx context.Context, groupID, id string) error {
	return q.exec1(ctx, "DeleteGroupInvitation", id, groupID)
}

// BlockProfile keeps a profile out of a group (a second block is a no-op).
func (q *Q) BlockProfile(ctx context.Context, b *cortege.GroupBlock) error {
	_, err := q.exec(ctx, "BlockProfile", b.GroupID, b.ProfileID, nullStr(b.BlockedBy), b.Reason, ms(b.CreatedAt))
	return err
}

// UnblockProfile lifts a block; none is ENOTFOUND.
func (q *Q) UnblockProfile(ctx context.Context, groupID, profileID string) error {
	return q.exec1(ctx, "UnblockProfile", groupID, profileID)
}

// IsBlocked reports whether a profile is blocked from a group.
func (q *Q) IsBlocked(ctx context.Context, groupID, profileID string) (bool, error) {
	var n int
	err := q.get(ctx, "IsBlocked", []any{groupID, profileID}, &n)
	return n > 0, err
}

// GroupBlocks lists a group's blocks, newest first.
func (q *Q) GroupBlocks(ctx context.Context, groupID string) ([]*cortege.GroupBlock, error) {
	rows, err := q.query(ctx, "GroupBlocks", groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.GroupBlock
	for rows.Next() {
		var b cortege.GroupBlock
		var c int64
		if err := rows.Scan(&b.GroupID, &b.ProfileID, &b.BlockedBy, &b.Reason, &c); err != nil {
			return nil, err
		}
		b.CreatedAt = fromMS(c)
		out = append(out, &b)
	}
	return out, rows.Err()
}
