package store

import (
	"context"
	"database/sql"
	"time"
	"unicode/utf8"

	"codeberg.org/cortege/cortege"
)

// Job states.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobDead    = "dead"
)

// Job is one row of the durable queue.
type Job struct {
	ID          string
	Kind        string
	Payload     string // JSON
	Key         string // idempotency key, empty when none
	State       string
	RunAt       time.Time
	Attempts    int
	MaxAttempts int
	LastError   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// EnqueueJob inserts j, queued to run at j.RunAt. When j.Key is set and a
// job with that key exists, nothing is added and added is false.
func (q *Q) EnqueueJob(ctx context.Context, j *Job) (added bool, err error) {
	now := q.db.now()
	if j.ID == "" {
		j.ID = cortege.NewID(now)
	}
	if j.RunAt.IsZero() {
		j.RunAt = now
	}
	n, err := q.execN(ctx, "EnqueueJob", j.ID, j.Kind, j.Payload, nullStr(j.Key), ms(j.RunAt), j.MaxAttempts, ms(now), ms(now))
	return n > 0, err
}

// ClaimJob leases the next due job to worker until now+lease, or returns
// ENOTFOUND when none is due. A job whose lease ran out (its worker died) is
// claimable again.
func (q *Q) ClaimJob(ctx context.Context, worker string, lease time.Duration) (*Job, error) {
	now := q.db.now()
	n, until := ms(now), ms(now.Add(lease))
	var j Job
	var runAt, created int64
	if err := q.get(ctx, "ClaimJob", []any{until, worker, n, n, n, n, n},
		&j.ID, &j.Kind, &j.Payload, &j.Attempts, &j.MaxAttempts, &runAt, &created); err != nil {
		return nil, err
	}
	j.State, j.RunAt, j.CreatedAt = JobRunning, fromMS(runAt), fromMS(created)
	return &j, nil
}

// CompleteJob marks a job done, if worker still holds it.
func (q *Q) CompleteJob(ctx context.Context, id, worker string) error {
	_, err := q.exec(ctx, "CompleteJob", ms(q.db.now()), id, worker)
	return err
}

// RetryJob puts a failed job back in the queue to run at at.
func (q *Q) RetryJob(ctx context.Context, id, worker string, at time.Time, lastErr string) error {
	_, err := q.exec(ctx, "RetryJob", ms(at), truncate(lastErr, 2000), ms(q.db.now()), id, worker)
	return err
}

// BuryJob gives up on a job: it stays visible in the dead state.
func (q *Q) BuryJob(ctx context.Context, id, worker, lastErr string) error {
	_, err := q.exec(ctx, "BuryJob", truncate(lastErr, 2000), ms(q.db.now()), id, worker)
	return err
}

// ReleaseNodeJobs queues again the running jobs whose lease owner starts
// with prefix (a node's name and "/"), except those of keep (the current
// boot), and returns how many it released.
func (q *Q) ReleaseNodeJobs(ctx context.Context, prefix, keep string) (int64, error) {
	return q.execN(ctx, "ReleaseNodeJobs", ms(q.db.now()), utf8.RuneCountInString(prefix), prefix, keep)
}

// DeferJob puts a job worker holds back in the queue to run at at,
// giving back the attempt its claim counted.
func (q *Q) DeferJob(ctx context.Context, id, worker string, at time.Time, why string) error {
	_, err := q.exec(ctx, "DeferJob", ms(at), truncate(why, 2000), ms(q.db.now()), id, worker)
	return err
}

// RequeueJob gives a dead job a fresh set of attempts.
func (q *Q) RequeueJob(ctx context.Context, id string) error {
	now := ms(q.db.now())
	n, err := q.execN(ctx, "RequeueJob", now, now, id)
	if err == nil && n == 0 {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return err
}

func scanJob(s scanner) (*Job, error) {
	var j Job
	var runAt, created, updated int64
	if err := s.Scan(&j.ID, &j.Kind, &j.Payload, &j.Key, &j.State, &runAt, &j.Attempts, &j.MaxAttempts, &j.LastError, &created, &updated); err != nil {
		return nil, err
	}
	j.RunAt, j.CreatedAt, j.UpdatedAt = fromMS(runAt), fromMS(created), fromMS(updated)
	return &j, nil
}

// JobByID returns one job or ENOTFOUND.
func (q *Q) JobByID(ctx context.Context, id string) (*Job, error) {
	j, err := scanJob(q.stmt(ctx, "JobByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return j, wrap("JobByID", err)
}

// JobsByState lists up to limit jobs in a state, most recently changed first.
func (q *Q) JobsByState(ctx context.Context, state string, limit int) ([]*Job, error) {
	rows, err := q.query(ctx, "JobsByState", state, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// CountJobsByState returns how many jobs are in each state.
func (q *Q) CountJobsByState(ctx context.Context) (map[string]int, error) {
	rows, err := q.query(ctx, "CountJobsByState")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
