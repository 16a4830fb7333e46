-- name: CreateResource
INSERT INTO resources (id, group_id, parent_id, kind, title, url, body, created_by, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateResource
UPDATE resources SET parent_id = ?, title = ?, url = ?, body = ?, updated_at = ? WHERE id = ?;

-- name: DeleteResource
DELETE FROM resources WHERE id = ?;

-- name: ResourceByID
SELECT id, group_id, COALESCE(parent_id, ''), kind, title, url, body, COALESCE(created_by, ''), created_at, updated_at
FROM resources WHERE id = ?;

-- name: GroupResources
-- The whole tree of a group; the caller nests it. Folders first, then by title.
SELECT id, group_id, COALESCE(parent_id, ''), kind, title, url, body, COALESCE(created_by, ''), created_at, updated_at
FROM resources WHERE group_id = ?
ORDER BY CASE WHEN kind = 'folder' THEN 0 ELSE 1 END, title, id;

-- name: CountGroupResources
SELECT COUNT(*) FROM resources WHERE group_id = ?;

-- name: ResourcesByCreator
-- Links, notes and folders a profile added (the data export).
SELECT id, group_id, COALESCE(parent_id, ''), kind, title, url, body, COALESCE(created_by, ''), created_at, updated_at
FROM resources WHERE created_by = ? ORDER BY created_at, id;
