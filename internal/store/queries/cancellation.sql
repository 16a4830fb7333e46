-- name: SetCancelReason
INSERT INTO event_cancellations (event_id, reason, created_at) VALUES (?, ?, ?)
ON CONFLICT (event_id) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at;

-- name: CancelReason
SELECT reason FROM event_cancellations WHERE event_id = ?;
