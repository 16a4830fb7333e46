-- name: AddDigestItem
INSERT INTO digest_items (id, account_id, title, body, url, created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, 0);

-- name: DigestAccounts
-- Accounts with something waiting since before ?.
SELECT DISTINCT account_id FROM digest_items WHERE sent_at = 0 AND created_at < ? LIMIT ?;

-- name: DigestItems
SELECT id, title, body, url, created_at FROM digest_items WHERE account_id = ? AND sent_at = 0 ORDER BY created_at, id;

-- name: MarkDigestSent
UPDATE digest_items SET sent_at = ? WHERE account_id = ? AND sent_at = 0 AND created_at <= ?;
