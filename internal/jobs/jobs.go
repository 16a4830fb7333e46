// Package jobs is Cortège's durable queue: side effects (mail, federation
// delivery, reminders, imports) are rows of the jobs table, written in the
// same transaction as the change that causes them and run by workers with
// retries and exponential backoff. Nothing that matters runs in a bare
// goroutine, so a crash loses nothing: a job whose worker died is claimed
// again once its lease runs out.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"codeberg.org/cortege/cortege/internal/store"
)

// DefaultMaxAttempts is how many times a job runs before it is buried.
const DefaultMaxAttempts = 8

// Options tune one enqueued job.
type Options struct {
	// Key makes the job idempotent: a second job with the same key is not
	// added while the first exists (queued, running, done or dead).
	Key string
	// RunAt schedules the job; zero means now.
	RunAt time.Time
	// MaxAttempts overrides DefaultMaxAttempts.
	MaxAttempts int
}

// Enqueue adds a job of kind with a JSON payload through q, so it commits or
// rolls back with the caller's transaction. It reports whether a job was
// added (false when Key was already used).
func Enqueue(ctx context.Context, q *store.Q, kind string, payload any, o Options) (bool, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return false, fmt.Errorf("job %s payload: %w", kind, err)
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	return q.EnqueueJob(ctx, &store.Job{Kind: kind, Payload: string(b), Key: o.Key, RunAt: o.RunAt, MaxAttempts: o.MaxAttempts})
}

// permanent marks an error that retrying cannot fix.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent wraps err so the runner buries the job at once instead of
// retrying (a malformed payload, a recipient that no longer exists).
func Permanent(err error) error { return permanent{err} }

// IsPermanent reports whether err was wrapped by Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

// Backoff returns the delay before attempt n+1 after n failed attempts:
// 15 s, 30 s, 1 min, 2 min … capped at 2 hours.
func Backoff(n int) time.Duration {
	d := 15 * time.Second
	for i := 1; i < n && d < 2*time.Hour; i++ {
		d *= 2
	}
	if d > 2*time.Hour {
		d = 2 * time.Hour
	}
	return d
}
