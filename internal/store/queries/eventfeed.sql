-- name: CreateICSFeedToken
INSERT INTO ics_feed_tokens (id, hash, profile_id, created_at, revoked_at) VALUES (?, ?, ?, ?, 0);

-- name: ICSFeedProfile
SELECT profile_id FROM ics_feed_tokens WHERE hash = ? AND revoked_at = 0;

-- name: ICSFeedTokens
SELECT id, profile_id, created_at, revoked_at FROM ics_feed_tokens WHERE profile_id = ? ORDER BY created_at DESC;

-- name: RevokeICSFeedToken
UPDATE ics_feed_tokens SET revoked_at = ? WHERE id = ? AND profile_id = ? AND revoked_at = 0;
