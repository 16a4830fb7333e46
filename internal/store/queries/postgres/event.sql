-- name: LockEvent
-- PostgreSQL: lock the event's row so two joins cannot both take the last
-- seat.
SELECT id FROM events WHERE id = ? FOR UPDATE;
