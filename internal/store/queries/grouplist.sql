-- name: GroupsByIDs
-- The IDs come as one JSON array, so the groups of a page's rows are one
-- statement.
SELECT id, handle, name, description, avatar, banner, kind, tags, address, has_coords, lat, lon,
    visibility, join_mode, public_members, approved, hidden, COALESCE(created_by, ''), created_at, updated_at
FROM groups WHERE id IN (SELECT value FROM json_each(?));
