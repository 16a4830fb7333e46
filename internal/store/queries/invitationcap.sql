-- name: LockAccount
-- Serialises an account's invitations: counting its window and adding to
-- it happen under this lock (SQLite has one writer anyway; PostgreSQL
-- takes the row lock, see postgres/invitationcap.sql).
SELECT id FROM accounts WHERE id = ?;

-- name: AddInvitationSend
INSERT INTO invitation_sends (id, account_id, group_id, created_at) VALUES (?, ?, ?, ?);

-- name: CountInvitationSends
-- How many invitations the account sent after a moment, and the oldest
-- of them (the first to leave the window).
SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM invitation_sends WHERE account_id = ? AND created_at > ?;

-- name: CountInvitationsAccepted
-- Memberships that came from the account's invitations, of people with
-- another account.
SELECT COUNT(*) FROM memberships m
JOIN profiles inviter ON inviter.id = m.invited_by
JOIN profiles joined ON joined.id = m.profile_id
WHERE inviter.account_id = ? AND m.status = 'active' AND COALESCE(joined.account_id, '') <> ?;

-- name: InvitationHeld
SELECT COUNT(*) FROM invitation_holds WHERE account_id = ?;

-- name: PutInvitationHold
INSERT INTO invitation_holds (account_id, held_by, created_at) VALUES (?, ?, ?)
ON CONFLICT (account_id) DO NOTHING;

-- name: DeleteInvitationHold
DELETE FROM invitation_holds WHERE account_id = ?;

-- name: CancelUnsentInvitations
-- Invitations by address whose mail has not gone yet (the link is made
-- when it goes): deleted, their jobs then send nothing.
DELETE FROM group_invitations
WHERE token_hash IS NULL AND accepted_at = 0
  AND invited_by IN (SELECT id FROM profiles WHERE account_id = ?);

-- name: InvitationSenders
-- Who sent invitations in the last day, the busiest of the last hour
-- first, with whether they are stopped.
SELECT a.id, a.email, a.role, a.status, a.lang, a.password_hash, COALESCE(a.default_profile_id, ''), a.created_at, a.last_login_at,
       SUM(CASE WHEN s.created_at > ? THEN 1 ELSE 0 END) AS last_hour, COUNT(*) AS last_day,
       COALESCE(MAX(h.created_at), 0)
FROM invitation_sends s
JOIN accounts a ON a.id = s.account_id
LEFT JOIN invitation_holds h ON h.account_id = s.account_id
WHERE s.created_at > ?
GROUP BY a.id, a.email, a.role, a.status, a.lang, a.password_hash, a.default_profile_id, a.created_at, a.last_login_at
ORDER BY last_hour DESC, last_day DESC, a.id
LIMIT ?;

-- name: InvitationHolds
SELECT a.id, a.email, a.role, a.status, a.lang, a.password_hash, COALESCE(a.default_profile_id, ''), a.created_at, a.last_login_at, h.created_at
FROM invitation_holds h JOIN accounts a ON a.id = h.account_id
ORDER BY h.created_at DESC, a.id
LIMIT ?;

-- name: CountWaitingJobs
-- Jobs of a kind held back to a later time (a mail over the hourly
-- ceiling, for instance).
SELECT COUNT(*) FROM jobs WHERE kind = ? AND state = 'queued' AND run_at > ?;

-- name: PurgeInvitationSends
DELETE FROM invitation_sends WHERE created_at < ?;
