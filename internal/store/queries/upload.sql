-- name: TouchUpload
-- An upload was just written or sent again: the collector leaves it alone
-- for the grace period.
INSERT INTO uploads (name, touched_at) VALUES (?, ?)
ON CONFLICT (name) DO UPDATE SET touched_at = excluded.touched_at;

-- name: ClaimUpload
-- Takes an upload's row for its collection, creating it (with the file's
-- own time) for a file older than the table, and returns when it was last
-- touched. The row stays locked until the transaction ends, so an upload
-- of the same content waits for the collection to finish.
INSERT INTO uploads (name, touched_at) VALUES (?, ?)
ON CONFLICT (name) DO UPDATE SET name = excluded.name
RETURNING touched_at;

-- name: DeleteUpload
DELETE FROM uploads WHERE name = ?;

-- name: UploadRefs
-- Every row naming an upload, as (kind, id).
SELECT 'event', id FROM events WHERE picture = ?
UNION ALL SELECT 'photo', id FROM event_photos WHERE file = ?
UNION ALL SELECT 'group', id FROM groups WHERE avatar = ?
UNION ALL SELECT 'group', id FROM groups WHERE banner = ?
UNION ALL SELECT 'profile', id FROM profiles WHERE avatar = ?
UNION ALL SELECT 'petition', id FROM petitions WHERE picture = ?;

-- name: StaleUploads
-- Uploads untouched since the given time (candidates for collection whose
-- file may be gone), oldest first.
SELECT name FROM uploads WHERE touched_at < ? ORDER BY touched_at, name LIMIT ?;
