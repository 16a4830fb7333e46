-- name: ClaimJob
-- PostgreSQL: SKIP LOCKED lets many workers on many nodes claim different
-- jobs without waiting on each other; as on SQLite, a job whose lease ran
-- out first, else the next due one, each probe on its own index; the
-- outer WHERE still repeats the condition.
UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = ?, locked_by = ?, updated_at = ?
WHERE id = COALESCE(
    (SELECT id FROM jobs WHERE state = 'running' AND locked_until <= ? ORDER BY locked_until LIMIT 1 FOR UPDATE SKIP LOCKED),
    (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= ? ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED))
AND ((state = 'queued' AND run_at <= ?) OR (state = 'running' AND locked_until <= ?))
RETURNING id, kind, payload, attempts, max_attempts, run_at, created_at;
