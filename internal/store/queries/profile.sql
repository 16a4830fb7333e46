-- name: ReserveHandle
INSERT INTO handles (handle, kind, owner_id) VALUES (?, ?, ?);

-- name: CreateProfile
INSERT INTO profiles (id, account_id, handle, display_name, bio, avatar, deleted, created_at)
VALUES (?, ?, ?, ?, ?, ?, FALSE, ?);

-- name: ProfileByID
SELECT id, COALESCE(account_id, ''), handle, display_name, bio, avatar, deleted, created_at, EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = profiles.account_id AND sa.status = 'suspended')
FROM profiles WHERE id = ?;

-- name: ProfileByHandle
SELECT id, COALESCE(account_id, ''), handle, display_name, bio, avatar, deleted, created_at, EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = profiles.account_id AND sa.status = 'suspended')
FROM profiles WHERE handle = ?;

-- name: ProfilesByIDs
-- The IDs come as one JSON array, so a page's authors are one statement.
SELECT id, COALESCE(account_id, ''), handle, display_name, bio, avatar, deleted, created_at, EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = profiles.account_id AND sa.status = 'suspended')
FROM profiles WHERE id IN (SELECT value FROM json_each(?));

-- name: ProfilesByAccount
SELECT id, COALESCE(account_id, ''), handle, display_name, bio, avatar, deleted, created_at, EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = profiles.account_id AND sa.status = 'suspended')
FROM profiles WHERE account_id = ? AND deleted = FALSE ORDER BY created_at, id;

-- name: UpdateProfile
UPDATE profiles SET display_name = ?, bio = ?, avatar = ? WHERE id = ?;

-- name: EraseProfile
UPDATE profiles SET account_id = NULL, display_name = '', bio = '', avatar = '', deleted = TRUE WHERE id = ?;

-- name: RenameProfile
-- The identity step: a first profile takes the handle and name chosen.
UPDATE profiles SET handle = ?, display_name = ? WHERE id = ?;

-- name: ReleaseHandle
-- Frees a handle nobody saw (a new account's neutral suggestion).
DELETE FROM handles WHERE handle = ? AND kind = ? AND owner_id = ?;

-- name: HandleTaken
SELECT COUNT(*) FROM handles WHERE handle = ?;
