-- name: CreateEventSession
INSERT INTO event_sessions (id, event_id, kind, link_hash, participation_id, created_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: EventSessionByID
SELECT id, event_id, kind, link_hash, COALESCE(participation_id, ''), created_at, expires_at
FROM event_sessions WHERE id = ? AND expires_at > ?;

-- name: DeleteEventSession
DELETE FROM event_sessions WHERE id = ?;

-- name: PurgeEventSessions
DELETE FROM event_sessions WHERE expires_at < ?;
