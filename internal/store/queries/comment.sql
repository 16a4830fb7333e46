-- name: CreateEventComment
INSERT INTO event_comments (id, event_id, profile_id, body, deleted, deleted_by, created_at)
VALUES (?, ?, ?, ?, FALSE, '', ?);

-- name: EventCommentByID
SELECT id, event_id, COALESCE(profile_id, ''), body, deleted, deleted_by, created_at FROM event_comments WHERE id = ?;

-- name: EventComments
SELECT id, event_id, COALESCE(profile_id, ''), body, deleted, deleted_by, created_at FROM event_comments
WHERE event_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?;

-- name: DeleteEventComment
UPDATE event_comments SET deleted = TRUE, deleted_by = ?, body = '' WHERE id = ?;

-- name: EventCommentsByProfile
-- Every comment a profile wrote (the data export).
SELECT id, event_id, COALESCE(profile_id, ''), body, deleted, deleted_by, created_at FROM event_comments
WHERE profile_id = ? ORDER BY created_at, id;
