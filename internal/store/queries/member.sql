-- name: PutMembership
INSERT INTO memberships (group_id, profile_id, role, status, invited_by, message, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (group_id, profile_id) DO UPDATE SET
    role = excluded.role, status = excluded.status, invited_by = excluded.invited_by,
    message = excluded.message, updated_at = excluded.updated_at;

-- name: MembershipOf
SELECT group_id, profile_id, role, status, COALESCE(invited_by, ''), message, created_at, updated_at
FROM memberships WHERE group_id = ? AND profile_id = ?;

-- name: MembershipRole
SELECT role FROM memberships WHERE group_id = ? AND profile_id = ? AND status = 'active';

-- name: DeleteMembership
DELETE FROM memberships WHERE group_id = ? AND profile_id = ?;

-- name: GroupMembers
-- Memberships of a group in one status whose role ranks between ? and ?
-- (0 administrators, 1 moderators, 2 members, 3 followers), by rank then
-- date of joining: the index memberships_group_order (migration 0028)
-- gives them in that order and the walk stops at the page; erased
-- profiles are skipped.
SELECT m.group_id, m.profile_id, m.role, m.status, COALESCE(m.invited_by, ''), m.message, m.created_at, m.updated_at,
    p.id, COALESCE(p.account_id, ''), p.handle, p.display_name, p.bio, p.avatar, p.deleted, p.created_at,
    EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = p.account_id AND sa.status = 'suspended')
FROM memberships m JOIN profiles p ON p.id = m.profile_id
WHERE m.group_id = ? AND m.status = ?
    AND (CASE m.role WHEN 'administrator' THEN 0 WHEN 'moderator' THEN 1 WHEN 'member' THEN 2 ELSE 3 END) BETWEEN ? AND ?
    AND p.deleted = FALSE
ORDER BY (CASE m.role WHEN 'administrator' THEN 0 WHEN 'moderator' THEN 1 WHEN 'member' THEN 2 ELSE 3 END), m.created_at, m.profile_id
LIMIT ? OFFSET ?;

-- name: CountGroupMembers
-- Active members and followers whose profile is not erased, counted by
-- triggers (migration 0021).
SELECT COALESCE(SUM(CASE WHEN class = 'member' THEN n ELSE 0 END), 0),
    COALESCE(SUM(CASE WHEN class = 'follower' THEN n ELSE 0 END), 0)
FROM group_member_counts WHERE group_id = ?;

-- name: CountGroupRole
SELECT COUNT(*) FROM memberships m JOIN profiles p ON p.id = m.profile_id AND p.deleted = FALSE
WHERE m.group_id = ? AND m.role = ? AND m.status = 'active';

-- name: GroupProfilesWithRole
SELECT m.profile_id FROM memberships m JOIN profiles p ON p.id = m.profile_id AND p.deleted = FALSE
WHERE m.group_id = ? AND m.role = ? AND m.status = 'active'
ORDER BY m.created_at, m.profile_id;

-- name: MembershipsByProfile
-- A profile's groups (any status), with the group.
SELECT g.id, g.handle, g.name, g.description, g.avatar, g.banner, g.kind, g.tags, g.address, g.has_coords, g.lat, g.lon,
    g.visibility, g.join_mode, g.public_members, g.approved, g.hidden, COALESCE(g.created_by, ''), g.created_at, g.updated_at,
    m.group_id, m.profile_id, m.role, m.status, COALESCE(m.invited_by, ''), m.message, m.created_at, m.updated_at
FROM memberships m JOIN groups g ON g.id = m.group_id
WHERE m.profile_id = ?
ORDER BY g.name, g.id;

-- name: JoinRequestsToHandle
-- Join requests waiting in the groups where a profile is an administrator
-- or moderator.
SELECT m.group_id, m.profile_id, m.role, m.status, COALESCE(m.invited_by, ''), m.message, m.created_at, m.updated_at,
    p.id, COALESCE(p.account_id, ''), p.handle, p.display_name, p.bio, p.avatar, p.deleted, p.created_at,
    EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = p.account_id AND sa.status = 'suspended')
FROM memberships m
JOIN memberships me ON me.group_id = m.group_id AND me.profile_id = ? AND me.status = 'active'
    AND me.role IN ('administrator', 'moderator')
JOIN profiles p ON p.id = m.profile_id
WHERE m.status = 'requested'
ORDER BY m.created_at, m.profile_id
LIMIT ?;

-- name: CreateGroupInvitation
INSERT INTO group_invitations (id, group_id, email, email_key, name, invited_by, message, token_hash, created_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?);

-- name: SetGroupInvitationToken
UPDATE group_invitations SET token_hash = ? WHERE id = ? AND accepted_at = 0;

-- name: GroupInvitationByID
SELECT id, group_id, email, name, COALESCE(invited_by, ''), message, COALESCE(token_hash, ''), created_at, expires_at, accepted_at, COALESCE(accepted_by, '')
FROM group_invitations WHERE id = ?;

-- name: GroupInvitationByToken
SELECT id, group_id, email, name, COALESCE(invited_by, ''), message, COALESCE(token_hash, ''), created_at, expires_at, accepted_at, COALESCE(accepted_by, '')
FROM group_invitations WHERE token_hash = ?;

-- name: AcceptGroupInvitation
-- Single use: only a pending, unexpired invitation is accepted.
UPDATE group_invitations SET accepted_at = ?, accepted_by = ?
WHERE id = ? AND accepted_at = 0 AND expires_at > ?;

-- name: PendingGroupInvitationsByEmail
SELECT id, group_id, email, name, COALESCE(invited_by, ''), message, COALESCE(token_hash, ''), created_at, expires_at, accepted_at, COALESCE(accepted_by, '')
FROM group_invitations WHERE email_key = ? AND accepted_at = 0 AND expires_at > ?
ORDER BY created_at, id;

-- name: GroupInvitations
SELECT id, group_id, email, name, COALESCE(invited_by, ''), message, COALESCE(token_hash, ''), created_at, expires_at, accepted_at, COALESCE(accepted_by, '')
FROM group_invitations WHERE group_id = ?
ORDER BY created_at DESC, id DESC
LIMIT ? OFFSET ?;

-- name: PendingGroupInvitationExists
SELECT COUNT(*) FROM group_invitations WHERE group_id = ? AND email_key = ? AND accepted_at = 0 AND expires_at > ?;

-- name: DeleteGroupInvitation
DELETE FROM group_invitations WHERE id = ? AND group_id = ?;

-- name: BlockProfile
INSERT INTO group_blocks (group_id, profile_id, blocked_by, reason, created_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (group_id, profile_id) DO NOTHING;

-- name: UnblockProfile
DELETE FROM group_blocks WHERE group_id = ? AND profile_id = ?;

-- name: IsBlocked
SELECT COUNT(*) FROM group_blocks WHERE group_id = ? AND profile_id = ?;

-- name: GroupBlocks
SELECT group_id, profile_id, COALESCE(blocked_by, ''), reason, created_at
FROM group_blocks WHERE group_id = ? ORDER BY created_at DESC, profile_id;
