-- name: EnqueueJob
-- A job with an idempotency key already queued or done is not added twice.
INSERT INTO jobs (id, kind, payload, idem_key, state, run_at, attempts, max_attempts, created_at, updated_at)
VALUES (?, ?, ?, ?, 'queued', ?, 0, ?, ?, ?)
ON CONFLICT (idem_key) DO NOTHING;

-- name: ClaimJob
-- Claims a job whose worker died (its lease ran out) or else the next due
-- one; each probe walks its own index (jobs_lease, jobs_queue) to its
-- first row, so a claim costs the same with ten jobs waiting or a
-- million (one OR of both would read and sort every waiting job). The
-- outer WHERE repeats the claimable condition so two workers racing on the
-- same row cannot both win.
UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = ?, locked_by = ?, updated_at = ?
WHERE id = COALESCE(
    (SELECT id FROM jobs WHERE state = 'running' AND locked_until <= ? ORDER BY locked_until LIMIT 1),
    (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= ? ORDER BY run_at, id LIMIT 1))
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

-- name: PurgeDeadJobs
DELETE FROM jobs WHERE state = 'dead' AND updated_at < ?;

-- name: ReleaseNodeJobs
-- At start, jobs held by earlier boots of the same node (their lease
-- owner begins with the node's name and a slash) are queued again at
-- once: the node proved that no process of its own still runs them. The
-- attempt they used stays counted, so a job that kills its process is
-- still buried in the end.
UPDATE jobs SET state = 'queued', locked_until = 0, locked_by = '', updated_at = ?
WHERE state = 'running' AND SUBSTR(locked_by, 1, ?) = ? AND locked_by <> ?;

-- name: DeferJob
-- Puts a job back to run later without spending an attempt (it was held,
-- not failed: an hourly ceiling on mail, for instance).
UPDATE jobs SET state = 'queued', run_at = ?, attempts = attempts - 1, locked_until = 0, last_error = ?, updated_at = ?
WHERE id = ? AND locked_by = ?;
