-- name: CreateGroup
INSERT INTO groups (id, handle, name, description, avatar, banner, kind, tags, address, has_coords, lat, lon,
    visibility, join_mode, public_members, approved, hidden, search_text, created_by, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateGroup
UPDATE groups SET name = ?, description = ?, avatar = ?, banner = ?, kind = ?, tags = ?, address = ?,
    has_coords = ?, lat = ?, lon = ?, visibility = ?, join_mode = ?, public_members = ?, search_text = ?, updated_at = ?
WHERE id = ?;

-- name: SetGroupApproved
UPDATE groups SET approved = ? WHERE id = ?;

-- name: SetGroupHidden
UPDATE groups SET hidden = ? WHERE id = ?;

-- name: DeleteGroup
DELETE FROM groups WHERE id = ?;

-- name: GroupByID
SELECT id, handle, name, description, avatar, banner, kind, tags, address, has_coords, lat, lon,
    visibility, join_mode, public_members, approved, hidden, COALESCE(created_by, ''), created_at, updated_at
FROM groups WHERE id = ?;

-- name: GroupByHandle
SELECT id, handle, name, description, avatar, banner, kind, tags, address, has_coords, lat, lon,
    visibility, join_mode, public_members, approved, hidden, COALESCE(created_by, ''), created_at, updated_at
FROM groups WHERE handle = ?;

-- name: ListGroups
-- Listed groups only: public, approved, not hidden. Unlisted and private
-- groups never appear.
SELECT id, handle, name, description, avatar, banner, kind, tags, address, has_coords, lat, lon,
    visibility, join_mode, public_members, approved, hidden, COALESCE(created_by, ''), created_at, updated_at
FROM groups
WHERE visibility = 'public' AND approved = TRUE AND hidden = FALSE AND (? = '' OR kind = ?)
ORDER BY created_at DESC, id DESC
LIMIT ? OFFSET ?;

-- name: CountListedGroups
-- Listed groups of a kind ('' for all), counted by triggers (migration 0021).
SELECT COALESCE((SELECT n FROM group_counts WHERE kind = CASE WHEN ? = '' THEN '*' ELSE ? END), 0);

-- name: SearchGroups
-- The argument is folded text whose words (letters and digits only) are
-- joined by '%': every word must start a word of the text, in any order
-- (cortege.MatchesWords); PostgreSQL overrides with a prefix tsquery.
SELECT id, handle, name, description, avatar, banner, kind, tags, address, has_coords, lat, lon,
    visibility, join_mode, public_members, approved, hidden, COALESCE(created_by, ''), created_at, updated_at
FROM groups
WHERE visibility = 'public' AND approved = TRUE AND hidden = FALSE AND (? = '' OR kind = ?)
    AND NOT EXISTS (SELECT 1 FROM json_each('["' || replace(?, '%', '","') || '"]') WHERE instr(' ' || search_text, ' ' || value) = 0)
ORDER BY name, id
LIMIT ? OFFSET ?;

-- name: CountSearchGroups
SELECT COUNT(*) FROM groups
WHERE visibility = 'public' AND approved = TRUE AND hidden = FALSE AND (? = '' OR kind = ?)
    AND NOT EXISTS (SELECT 1 FROM json_each('["' || replace(?, '%', '","') || '"]') WHERE instr(' ' || search_text, ' ' || value) = 0);

-- name: GroupsInBox
-- Listed groups with coordinates inside a bounding box; the caller sorts
-- them by true distance.
SELECT id, handle, name, description, avatar, banner, kind, tags, address, has_coords, lat, lon,
    visibility, join_mode, public_members, approved, hidden, COALESCE(created_by, ''), created_at, updated_at
FROM groups
WHERE visibility = 'public' AND approved = TRUE AND hidden = FALSE AND (? = '' OR kind = ?) AND has_coords = TRUE
    AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?
ORDER BY id
LIMIT ?;

-- name: GroupsAwaitingApproval
SELECT id, handle, name, description, avatar, banner, kind, tags, address, has_coords, lat, lon,
    visibility, join_mode, public_members, approved, hidden, COALESCE(created_by, ''), created_at, updated_at
FROM groups WHERE approved = FALSE
ORDER BY created_at, id
LIMIT ? OFFSET ?;
