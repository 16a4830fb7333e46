-- name: CreateAccount
INSERT INTO accounts (id, email, email_key, role, status, lang, identity, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: AccountByID
SELECT id, email, role, status, lang, password_hash, COALESCE(default_profile_id, ''), identity, created_at, last_login_at
FROM accounts WHERE id = ?;

-- name: AccountByEmail
SELECT id, email, role, status, lang, password_hash, COALESCE(default_profile_id, ''), identity, created_at, last_login_at
FROM accounts WHERE email_key = ?;

-- name: UpdateAccount
UPDATE accounts SET email = ?, email_key = ?, role = ?, status = ?, lang = ?, password_hash = ?, default_profile_id = ?, identity = ?
WHERE id = ?;

-- name: SetAccountIdentity
-- Settles or records the identity step alone, whatever else changed.
UPDATE accounts SET identity = ? WHERE id = ?;

-- name: TouchAccountLogin
UPDATE accounts SET last_login_at = ? WHERE id = ?;

-- name: DeleteAccount
DELETE FROM accounts WHERE id = ?;

-- name: CountAccounts
SELECT COUNT(*) FROM accounts;

-- name: SearchAccounts
SELECT id, email, role, status, lang, password_hash, COALESCE(default_profile_id, ''), identity, created_at, last_login_at
FROM accounts
WHERE (? = '' OR email_key LIKE ? OR id IN (SELECT account_id FROM profiles WHERE handle LIKE ? OR LOWER(display_name) LIKE ?))
ORDER BY created_at DESC, id
LIMIT ? OFFSET ?;

-- name: CountAdmins
SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND status = 'active';
