package jobs_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/store"
)

// TestReclaimPreviousBoot: jobs a killed process of this node held are
// claimable as soon as the node starts again, without waiting for their
// lease; a job another node holds keeps its lease.
func TestReclaimPreviousBoot(t *testing.T) {
	ctx := context.Background()
	db, c := setup(t)
	// The previous boot of node-a claimed a job and was killed; node-b,
	// alive, holds another.
	enqueue(t, db, "k", map[string]string{"who": "mine"}, jobs.Options{})
	if _, err := db.Q().ClaimJob(ctx, "node-a/boot-1", 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	enqueue(t, db, "k", map[string]string{"who": "other"}, jobs.Options{})
	if _, err := db.Q().ClaimJob(ctx, "node-b/boot-7", 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	r := jobs.NewRunner(db, jobs.Config{Now: c.now, Node: "node-a"})
	var ran []string
	r.Register("k", func(ctx context.Context, p json.RawMessage) error {
		var v struct{ Who string }
		json.Unmarshal(p, &v)
		ran = append(ran, v.Who)
		return nil
	})
	n, err := r.Reclaim(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Reclaim = %d, %v; want 1 job released", n, err)
	}
	if err := r.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if len(ran) != 1 || ran[0] != "mine" {
		t.Fatalf("ran %v at restart, want only the job of this node's previous boot", ran)
	}
	other, _ := db.Q().JobsByState(ctx, store.JobRunning, 10)
	if len(other) != 1 {
		t.Fatalf("running jobs = %d, want node-b's one kept", len(other))
	}
	// A node named as a prefix of another is another node.
	r2 := jobs.NewRunner(db, jobs.Config{Now: c.now, Node: "node"})
	if n, err := r2.Reclaim(ctx); err != nil || n != 0 {
		t.Fatalf("node %q reclaimed %d jobs of node-b: %v", "node", n, err)
	}
	c.add(6 * time.Minute)
	r.Drain(ctx)
	if len(ran) != 2 {
		t.Fatalf("node-b's job did not run once its lease ended: %v", ran)
	}
}

// TestDeferKeepsAttempts: a job held back (Defer) runs again at the time
// it gave, without spending one of its attempts, however often it waits.
func TestDeferKeepsAttempts(t *testing.T) {
	ctx := context.Background()
	db, c := setup(t)
	r := jobs.NewRunner(db, jobs.Config{Now: c.now})
	var calls int
	r.Register("held", func(ctx context.Context, p json.RawMessage) error {
		calls++
		if id, ok := jobs.JobID(ctx); !ok || id == "" {
			t.Error("handler context carries no job ID")
		}
		if calls <= 3 {
			return jobs.Defer(c.now().Add(time.Hour), "hourly ceiling")
		}
		return nil
	})
	enqueue(t, db, "held", nil, jobs.Options{MaxAttempts: 1})
	for i := 0; i < 3; i++ {
		if ran, err := r.RunOne(ctx); !ran || err != nil {
			t.Fatalf("run %d: %v %v", i, ran, err)
		}
		if ran, _ := r.RunOne(ctx); ran {
			t.Fatal("a deferred job ran before its time")
		}
		c.add(time.Hour)
	}
	r.RunOne(ctx)
	done, _ := db.Q().JobsByState(ctx, store.JobDone, 10)
	if calls != 4 || len(done) != 1 || done[0].Attempts != 1 {
		t.Fatalf("calls=%d done=%+v: a deferred job spent its attempts", calls, done)
	}
	if _, ok := jobs.JobID(ctx); ok {
		t.Error("JobID outside a job")
	}
}
