package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Handler runs one job. Returning an error retries it later with backoff;
// Permanent errors bury it at once. Handlers must be idempotent: a job can
// run twice if its worker dies after the work but before recording success.
type Handler func(ctx context.Context, payload json.RawMessage) error

// Runner claims and runs jobs with a pool of workers.
type Runner struct {
	db        *store.DB
	log       *slog.Logger
	handlers  map[string]Handler
	workers   int
	poll      time.Duration
	lease     time.Duration
	now       func() time.Time
	node      string // the node's name, see Config.Node
	name      string // this boot's lease owner: node + "/" + a random boot ID
	wake      chan struct{}
	stats     Stats
	periodic  []periodic
	schedMu   sync.Mutex
	lastSched time.Time
}

// periodic is a job kind enqueued once per interval.
type periodic struct {
	kind  string
	every time.Duration
}

// Stats counts what a runner did, for metrics.
type Stats struct {
	mu                    sync.Mutex
	Done, Retried, Buried int64
}

// Config sets up a Runner.
type Config struct {
	Workers int           // concurrent workers (default 2)
	Poll    time.Duration // how often idle workers look for due jobs (default 1 s)
	Lease   time.Duration // how long a claim lasts before another worker may take the job (default 5 min)
	Now     func() time.Time
	Logger  *slog.Logger
	// Node names the process slot this runner works for (serve gives its
	// host, data folder and slot, see docs/reliability.md). Leases carry
	// "node/boot", so a restarted node can take back at once what its
	// killed predecessor held (Reclaim). Empty: a name of its own, never
	// reused.
	Node string
}

// NewRunner returns a runner over db; register handlers before Run.
func NewRunner(db *store.DB, cfg Config) *Runner {
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Node == "" {
		host, _ := os.Hostname()
		cfg.Node = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), cortege.NewToken()[:8])
	}
	return &Runner{
		db: db, log: cfg.Logger, handlers: map[string]Handler{},
		workers: cfg.Workers, poll: cfg.Poll, lease: cfg.Lease, now: cfg.Now,
		node: cfg.Node,
		name: cfg.Node + "/" + cortege.NewToken()[:12],
		wake: make(chan struct{}, 1),
	}
}

// Register sets the handler of a job kind.
func (r *Runner) Register(kind string, h Handler) { r.handlers[kind] = h }

// Every schedules a job of kind once per interval across all nodes: each
// worker pass enqueues it with the interval's start as idempotency key, so
// however many nodes run, it is added once.
func (r *Runner) Every(kind string, every time.Duration) {
	r.periodic = append(r.periodic, periodic{kind, every})
}

func (r *Runner) schedule(ctx context.Context) {
	now := r.now()
	r.schedMu.Lock()
	due := now.Sub(r.lastSched) >= time.Minute
	if due {
		r.lastSched = now
	}
	r.schedMu.Unlock()
	if !due {
		return
	}
	for _, p := range r.periodic {
		slot := now.Truncate(p.every)
		key := fmt.Sprintf("every:%s:%d", p.kind, slot.Unix())
		if _, err := Enqueue(ctx, r.db.Q(), p.kind, struct{}{}, Options{Key: key, RunAt: slot}); err != nil {
			r.log.Error("schedule job", "kind", p.kind, "err", err)
		}
	}
}

// Wake tells idle workers to look for jobs now rather than at the next poll
// (called after a request enqueued something).
func (r *Runner) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run works until ctx is cancelled, then waits for running jobs to finish.
func (r *Runner) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for i := 0; i < r.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.work(ctx)
		}()
	}
	wg.Wait()
}

func (r *Runner) work(ctx context.Context) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-r.wake:
		}
		r.schedule(ctx)
		r.drainQueue(ctx)
		// Jitter keeps several nodes from polling in lockstep.
		t.Reset(r.poll + time.Duration(rand.Int64N(int64(r.poll)/4+1)))
	}
}

// drainQueue runs due jobs one after the other until none is left: the
// outcome of each is written in the transaction that claims the next, so
// a busy queue costs one commit a job, not two. The last outcome is
// written alone.
func (r *Runner) drainQueue(ctx context.Context) {
	work := context.WithoutCancel(ctx)
	var done *outcome
	defer func() {
		if done != nil {
			if err := r.record(work, r.db.Q(), *done); err != nil {
				r.log.Error("job queue", "err", err)
			}
		}
	}()
	for ctx.Err() == nil {
		var j *store.Job
		err := r.db.InTx(work, func(q *store.Q) error {
			if done != nil {
				if err := r.record(work, q, *done); err != nil {
					return err
				}
			}
			var err error
			if j, err = q.ClaimJob(work, r.name, r.lease); cortege.IsNotFound(err) {
				j, err = nil, nil
			}
			return err
		})
		if err != nil {
			r.log.Error("job queue", "err", err)
			return // the deferred call writes the outcome alone
		}
		done = nil
		if j == nil {
			return
		}
		done = &outcome{job: j, err: r.run(work, j)}
	}
}

// outcome is how a run of a job ended, to be written.
type outcome struct {
	job *store.Job
	err error
}

// run calls the job's handler within its lease.
func (r *Runner) run(ctx context.Context, j *store.Job) error {
	runCtx, cancel := context.WithTimeout(withJob(ctx, j.ID), r.lease-time.Second)
	defer cancel()
	return r.call(runCtx, j)
}

// RunOne claims one due job and runs it; it reports whether there was one.
// A running job is not cancelled by shutdown: it finishes, bounded by its
// lease.
func (r *Runner) RunOne(ctx context.Context) (bool, error) {
	q := r.db.Q()
	j, err := q.ClaimJob(ctx, r.name, r.lease)
	if cortege.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, r.record(ctx, q, outcome{job: j, err: r.run(ctx, j)})
}

// record writes how a job's run ended: done, deferred, retried later or
// buried (its last attempt, or a permanent error).
func (r *Runner) record(ctx context.Context, q *store.Q, o outcome) error {
	j, err := o.job, o.err
	var later deferred
	switch {
	case errors.As(err, &later):
		r.log.Info("job deferred", "kind", j.Kind, "id", j.ID, "at", later.at, "why", later.why)
		return q.DeferJob(ctx, j.ID, r.name, later.at, later.why)
	case err == nil:
		r.count(&r.stats.Done)
		return q.CompleteJob(ctx, j.ID, r.name)
	case IsPermanent(err) || j.Attempts >= j.MaxAttempts:
		r.count(&r.stats.Buried)
		r.log.Warn("job buried", "kind", j.Kind, "id", j.ID, "attempts", j.Attempts, "err", err)
		return q.BuryJob(ctx, j.ID, r.name, err.Error())
	default:
		r.count(&r.stats.Retried)
		at := r.now().Add(Backoff(j.Attempts))
		r.log.Info("job retry", "kind", j.Kind, "id", j.ID, "attempts", j.Attempts, "at", at, "err", err)
		return q.RetryJob(ctx, j.ID, r.name, at, err.Error())
	}
}

// call runs the handler, turning a panic into a retryable error.
func (r *Runner) call(ctx context.Context, j *store.Job) (err error) {
	h, ok := r.handlers[j.Kind]
	if !ok {
		return Permanent(fmt.Errorf("no handler for job kind %q", j.Kind))
	}
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("job panic", "kind", j.Kind, "id", j.ID, "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, json.RawMessage(j.Payload))
}

// Drain runs due jobs until none is left (tests and one-shot commands).
func (r *Runner) Drain(ctx context.Context) error {
	for {
		ran, err := r.RunOne(ctx)
		if err != nil || !ran {
			return err
		}
	}
}

func (r *Runner) count(n *int64) {
	r.stats.mu.Lock()
	*n++
	r.stats.mu.Unlock()
}

// Counts returns how many jobs this runner completed, retried and buried.
func (r *Runner) Counts() (done, retried, buried int64) {
	r.stats.mu.Lock()
	defer r.stats.mu.Unlock()
	return r.stats.Done, r.stats.Retried, r.stats.Buried
}
