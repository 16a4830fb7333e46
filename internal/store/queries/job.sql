-- name: EnqueueJob
-- A job with an idempotency key already queued or done is not added twice.
INSERT INTO jobs (id, kind, payload, idem_key, state, run_at, attempts, max_attempts, created_at, updated_at)
VALUES (?, ?, ?, ?, 'queued', ?, 0, ?, ?, ?)
ON CONFLICT (idem_key) DO NOTHING;

-- name: ClaimJob
-- Claims the next due job (or one whose worker died: its lease ran out).
-- The outer WHERE repeats the claimable condition so two workers racing
-- on the same row cannot both win.
UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = ?, locked_by = ?, updated_at = ?
WHERE id = (
    SELECT id FROM jobs
    WHERE (state = 'queued' AND run_at <= ?) OR (state = 'running' AND locked_until <= ?)
    ORDER BY run_at, id
    LIMIT 1
)
AND ((state = 'queued' AND run_at <= ?) OR (state = 'running' AND locked_until <= ?))
RETURNING id, kind, payload, attempts, max_attempts, run_at, created_at;

-- name: CompleteJob
UPDATE jobs SET state = 'done', locked_until = 0, last_error = '', updated_at = ? WHERE id = ? AND locked_by = ?;

-- name: RetryJob
UPDATE jobs SET state = 'queued', run_at = ?, locked_until = 0, last_error = ?, updated_at = ? WHERE id = ? AND locked_by = ?;

-- name: BuryJob
UPDATE jobs SET state = 'dead', locked_until = 0, last_error = ?, updated_at = ? WHERE id = ? AND locked_by = ?;

-- name: JobByID
SELECT id, kind, payload, COALESCE(idem_key, ''), state, run_at, attempts, max_attempts, last_error, created_at, updated_at
FROM jobs WHERE id = ?;

-- name: JobsByState
SELECT id, kind, payload, COALESCE(idem_key, ''), state, run_at, attempts, max_attempts, last_error, created_at, updated_at
FROM jobs WHERE state = ? ORDER BY updated_at DESC, id LIMIT ?;

-- name: CountJobsByState
SELECT state, COUNT(*) FROM jobs GROUP BY state;

-- name: RequeueJob
UPDATE jobs SET state = 'queued', attempts = 0, run_at = ?, last_error = '', updated_at = ? WHERE id = ? AND state = 'dead';

-- name: PurgeDoneJobs
DELETE FROM jobs WHERE state = 'done' AND updated_at < ?;
