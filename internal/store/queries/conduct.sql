-- name: SetGroupConduct
INSERT INTO group_conducts (group_id, body, required, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (group_id) DO UPDATE SET body = excluded.body, required = excluded.required,
    updated_by = excluded.updated_by, updated_at = excluded.updated_at;

-- name: DeleteGroupConduct
DELETE FROM group_conducts WHERE group_id = ?;

-- name: GroupConduct
SELECT group_id, body, required, COALESCE(updated_by, ''), updated_at FROM group_conducts WHERE group_id = ?;
