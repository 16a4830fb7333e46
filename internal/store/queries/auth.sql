-- name: CreateLoginToken
INSERT INTO login_tokens (hash, purpose, email, account_id, lang, created_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: ConsumeLoginToken
-- One conditional update: a token works once, within its lifetime.
UPDATE login_tokens SET used_at = ?
WHERE hash = ? AND purpose = ? AND used_at = 0 AND expires_at > ?
RETURNING email, COALESCE(account_id, ''), lang;

-- name: LoginTokenExists
SELECT COUNT(*) FROM login_tokens WHERE hash = ? AND purpose = ? AND used_at = 0 AND expires_at > ?;

-- name: PurgeLoginTokens
DELETE FROM login_tokens WHERE expires_at < ?;

-- name: CreateSession
INSERT INTO sessions (id, account_id, profile_id, created_at, expires_at, last_seen_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: SessionByID
SELECT id, account_id, COALESCE(profile_id, ''), created_at, expires_at, last_seen_at
FROM sessions WHERE id = ? AND expires_at > ?;

-- name: TouchSession
UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?;

-- name: SetSessionProfile
UPDATE sessions SET profile_id = ? WHERE id = ?;

-- name: DeleteSession
DELETE FROM sessions WHERE id = ?;

-- name: DeleteAccountSessions
DELETE FROM sessions WHERE account_id = ?;

-- name: PurgeSessions
DELETE FROM sessions WHERE expires_at < ?;

-- name: CreateAPIToken
INSERT INTO api_tokens (id, hash, account_id, label, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: APITokenByHash
SELECT id, account_id, label, scopes, created_at, last_used_at, expires_at FROM api_tokens WHERE hash = ?;

-- name: APITokensByAccount
SELECT id, account_id, label, scopes, created_at, last_used_at, expires_at FROM api_tokens WHERE account_id = ? ORDER BY created_at, id;

-- name: TouchAPIToken
-- Written at most once a minute per token, whatever the number of nodes.
UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND last_used_at <= ?;

-- name: DeleteAPIToken
DELETE FROM api_tokens WHERE id = ? AND account_id = ?;

-- name: DeleteAccountAPITokens
DELETE FROM api_tokens WHERE account_id = ?;

-- name: HitRateLimit
-- A fixed window counter shared by every node: returns the count in the
-- current window after this hit.
INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN rate_limits.window_start < excluded.window_start THEN 1 ELSE rate_limits.count + 1 END,
    window_start = CASE WHEN rate_limits.window_start < excluded.window_start THEN excluded.window_start ELSE rate_limits.window_start END
RETURNING count;

-- name: RateLimitCount
-- The count of a fixed window counter in the current window, without a hit.
SELECT COALESCE(MAX(count), 0) FROM rate_limits WHERE key = ? AND window_start >= ?;

-- name: PurgeRateLimits
DELETE FROM rate_limits WHERE window_start < ?;

-- name: PurgeUnsubscribeTokens
DELETE FROM unsubscribe_tokens WHERE created_at < ?;

-- name: PurgeEventMailLog
-- Reminder keys are written within a day of an event's start; three months
-- later no scan can reach that event again.
DELETE FROM event_mail_log WHERE created_at < ?;

-- name: PurgeDigestItems
DELETE FROM digest_items WHERE sent_at > 0 AND sent_at < ?;

-- name: RateLimitKeys
SELECT key FROM rate_limits ORDER BY key;
