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
-- The first argument is the FTS5 expression of SearchMatch (every word
-- typed at the start of a word of the group's folded text,
-- cortege.MatchesWords), restricted to the text; the kind, when given, is
-- matched in the index's kind column. groups_fts (migration 0027), whose
-- rowid is search_key, gives the matches newest first, as the directory
-- lists: the walk stops at the page and only the page's rows are read.
-- PostgreSQL overrides with a prefix tsquery on the GIN index
-- groups_search.
SELECT g.id, g.handle, g.name, g.description, g.avatar, g.banner, g.kind, g.tags, g.address, g.has_coords, g.lat, g.lon,
    g.visibility, g.join_mode, g.public_members, g.approved, g.hidden, COALESCE(g.created_by, ''), g.created_at, g.updated_at
FROM (SELECT rowid AS k FROM groups_fts
      WHERE groups_fts MATCH 'search_text : (' || ? || ')' || CASE WHEN ? = '' THEN '' ELSE ' AND kind : "' || ? || '"' END
      ORDER BY rowid DESC LIMIT ? OFFSET ?) f
CROSS JOIN groups g ON g.search_key = f.k
ORDER BY f.k DESC;

-- name: CountSearchGroups
SELECT COUNT(*) FROM groups_fts
WHERE groups_fts MATCH 'search_text : (' || ? || ')' || CASE WHEN ? = '' THEN '' ELSE ' AND kind : "' || ? || '"' END;

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
