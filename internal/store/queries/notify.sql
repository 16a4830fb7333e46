-- name: NotificationPrefs
SELECT kind, email FROM notification_prefs WHERE account_id = ?;

-- name: PutNotificationPref
INSERT INTO notification_prefs (account_id, kind, email) VALUES (?, ?, ?)
ON CONFLICT (account_id, kind) DO UPDATE SET email = excluded.email;

-- name: CreateUnsubscribeToken
INSERT INTO unsubscribe_tokens (hash, account_id, kind, created_at) VALUES (?, ?, ?, ?);

-- name: UnsubscribeTokenByHash
SELECT account_id, kind FROM unsubscribe_tokens WHERE hash = ?;
