-- name: GroupsByIDs
-- PostgreSQL reads the JSON array of IDs with jsonb_array_elements_text.
SELECT id, handle, name, description, avatar, banner, kind, tags, address, has_coords, lat, lon,
    visibility, join_mode, public_members, approved, hidden, COALESCE(created_by, ''), created_at, updated_at
FROM groups WHERE id IN (SELECT jsonb_array_elements_text(?::jsonb));
