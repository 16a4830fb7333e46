package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func setup(t *testing.T) (*store.DB, *clock) {
	db := testkit.OpenDB(t)
	c := &clock{t: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	db.SetClock(c.now)
	return db, c
}

func enqueue(t *testing.T, db *store.DB, kind string, payload any, o jobs.Options) bool {
	t.Helper()
	added, err := jobs.Enqueue(context.Background(), db.Q(), kind, payload, o)
	if err != nil {
		t.Fatal(err)
	}
	return added
}

func TestRetryBackoffThenBury(t *testing.T) {
	ctx := context.Background()
	db, c := setup(t)
	r := jobs.NewRunner(db, jobs.Config{Now: c.now})
	var calls int
	r.Register("flaky", func(ctx context.Context, p json.RawMessage) error { calls++; return errors.New("smtp down") })
	enqueue(t, db, "flaky", map[string]int{"n": 1}, jobs.Options{MaxAttempts: 3})

	if ran, err := r.RunOne(ctx); !ran || err != nil {
		t.Fatalf("first run: %v %v", ran, err)
	}
	// Not due again before its backoff.
	if ran, _ := r.RunOne(ctx); ran {
		t.Fatal("job ran again before its backoff")
	}
	c.add(jobs.Backoff(1))
	r.RunOne(ctx)
	c.add(jobs.Backoff(2))
	r.RunOne(ctx)
	if calls != 3 {
		t.Fatalf("calls = %d, want 3", calls)
	}
	dead, err := db.Q().JobsByState(ctx, store.JobDead, 10)
	if err != nil || len(dead) != 1 || dead[0].LastError != "smtp down" || dead[0].Attempts != 3 {
		t.Fatalf("dead jobs = %+v, %v", dead, err)
	}
	c.add(24 * time.Hour)
	if ran, _ := r.RunOne(ctx); ran {
		t.Fatal("a dead job ran")
	}
	if err := db.Q().RequeueJob(ctx, dead[0].ID); err != nil {
		t.Fatal(err)
	}
	if ran, _ := r.RunOne(ctx); !ran {
		t.Fatal("requeued job did not run")
	}
}

func TestPermanentErrorBuriesAtOnce(t *testing.T) {
	ctx := context.Background()
	db, c := setup(t)
	r := jobs.NewRunner(db, jobs.Config{Now: c.now})
	r.Register("bad", func(ctx context.Context, p json.RawMessage) error {
		return jobs.Permanent(errors.New("no such recipient"))
	})
	enqueue(t, db, "bad", nil, jobs.Options{})
	enqueue(t, db, "unknown-kind", nil, jobs.Options{})
	r.Drain(ctx)
	dead, _ := db.Q().JobsByState(ctx, store.JobDead, 10)
	if len(dead) != 2 {
		t.Fatalf("dead = %d, want 2", len(dead))
	}
}

func TestIdempotencyKeyAndSchedule(t *testing.T) {
	ctx := context.Background()
	db, c := setup(t)
	r := jobs.NewRunner(db, jobs.Config{Now: c.now})
	var n int
	r.Register("remind", func(ctx context.Context, p json.RawMessage) error { n++; return nil })
	at := c.now().Add(time.Hour)
	if !enqueue(t, db, "remind", nil, jobs.Options{Key: "remind:event1:24h", RunAt: at}) {
		t.Fatal("first enqueue not added")
	}
	if enqueue(t, db, "remind", nil, jobs.Options{Key: "remind:event1:24h", RunAt: at}) {
		t.Fatal("same key added twice")
	}
	r.Drain(ctx)
	if n != 0 {
		t.Fatal("job ran before its run_at")
	}
	c.add(time.Hour)
	r.Drain(ctx)
	if enqueue(t, db, "remind", nil, jobs.Options{Key: "remind:event1:24h"}) {
		t.Fatal("key reused after the job was done")
	}
	r.Drain(ctx)
	if n != 1 {
		t.Fatalf("ran %d times, want 1", n)
	}
}

func TestExpiredLeaseIsReclaimed(t *testing.T) {
	ctx := context.Background()
	db, c := setup(t)
	enqueue(t, db, "k", nil, jobs.Options{})
	// A worker claims the job, then dies without finishing it.
	if _, err := db.Q().ClaimJob(ctx, "dead-worker", time.Minute); err != nil {
		t.Fatal(err)
	}
	r := jobs.NewRunner(db, jobs.Config{Now: c.now, Lease: time.Minute})
	var n int
	r.Register("k", func(ctx context.Context, p json.RawMessage) error { n++; return nil })
	if ran, _ := r.RunOne(ctx); ran {
		t.Fatal("claimed a job whose lease is still running")
	}
	c.add(2 * time.Minute)
	if ran, _ := r.RunOne(ctx); !ran || n != 1 {
		t.Fatalf("expired lease not reclaimed: ran=%v n=%d", ran, n)
	}
	// The dead worker coming back cannot overwrite the new outcome.
	if err := db.Q().RetryJob(ctx, "x", "dead-worker", c.now(), "late"); err != nil {
		t.Fatal(err)
	}
}

// TestNoJobRunsTwice races several runners (as several nodes would) over
// many jobs: every job runs exactly once.
func TestNoJobRunsTwice(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	const total = 200
	for i := 0; i < total; i++ {
		enqueue(t, db, "count", map[string]int{"i": i}, jobs.Options{})
	}
	var mu sync.Mutex
	seen := map[int]int{}
	var done atomic.Int64
	handler := func(ctx context.Context, p json.RawMessage) error {
		var v struct{ I int }
		json.Unmarshal(p, &v)
		mu.Lock()
		seen[v.I]++
		mu.Unlock()
		done.Add(1)
		return nil
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		r := jobs.NewRunner(db, jobs.Config{})
		r.Register("count", handler)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done.Load() < total {
				if ran, err := r.RunOne(ctx); err != nil {
					t.Error(err)
					return
				} else if !ran {
					time.Sleep(time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	if len(seen) != total {
		t.Fatalf("%d distinct jobs ran, want %d", len(seen), total)
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("job %d ran %d times", i, n)
		}
	}
}

func TestBackoffGrowsAndCaps(t *testing.T) {
	prev := time.Duration(0)
	for n := 1; n < 20; n++ {
		d := jobs.Backoff(n)
		if d < prev || d > 2*time.Hour {
			t.Fatalf("Backoff(%d) = %v after %v", n, d, prev)
		}
		prev = d
	}
	if jobs.Backoff(1) != 15*time.Second || jobs.Backoff(30) != 2*time.Hour {
		t.Fatal("backoff bounds changed")
	}
}
