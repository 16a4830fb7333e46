package jobs

import (
	"context"
	"time"
)

// Reclaim queues again, at once, the jobs that earlier boots of this
// runner's node still hold: after a kill -9 they would otherwise wait for
// their lease to run out. Call it once at start, and only when no other
// process of the same node can be alive (serve holds its slot's lock
// file for that); jobs leased by other nodes are left to their lease. It
// returns how many jobs it released.
func (r *Runner) Reclaim(ctx context.Context) (int, error) {
	n, err := r.db.Q().ReleaseNodeJobs(ctx, r.node+"/", r.name)
	if n > 0 {
		r.log.Info("jobs of the previous boot reclaimed", "node", r.node, "jobs", n)
	}
	return int(n), err
}

// Owner returns the lease owner this runner writes on the jobs it claims:
// its node's name, a slash and a boot ID.
func (r *Runner) Owner() string { return r.name }

type jobKey struct{}

func withJob(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, jobKey{}, id)
}

// JobID returns the ID of the job a handler's context runs, so that a
// side effect can be recorded against it (mail keeps its Message-ID by
// job); ok is false outside a job.
func JobID(ctx context.Context) (id string, ok bool) {
	id, ok = ctx.Value(jobKey{}).(string)
	return id, ok && id != ""
}

// deferred is the error of a job that must wait, not fail.
type deferred struct {
	at  time.Time
	why string
}

func (d deferred) Error() string { return "deferred until " + d.at.Format(time.RFC3339) + ": " + d.why }

// Defer returns the error a handler gives to run its job again at at
// without spending an attempt: the job is held (an hourly ceiling is
// reached), nothing failed.
func Defer(at time.Time, why string) error { return deferred{at: at, why: why} }
