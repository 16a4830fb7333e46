package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestStatementsCounted: every named statement is counted, in or out of
// a transaction, and nothing else is.
func TestStatementsCounted(t *testing.T) {
	db := testkit.OpenDB(t)
	ctx := context.Background()
	before := db.Statements()
	if _, err := db.Q().InstanceSettings(ctx); err != nil {
		t.Fatal(err)
	}
	if got := db.Statements() - before; got != 1 {
		t.Fatalf("one read counted %d statements", got)
	}
	before = db.Statements()
	err := db.InTx(ctx, func(q *store.Q) error {
		_, err := q.InstanceSettings(ctx)
		if err != nil {
			return err
		}
		_, err = q.InstanceSettings(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := db.Statements() - before; got != 2 {
		t.Fatalf("two reads in a transaction counted %d statements", got)
	}
}

// TestCommitHooks: the hooks hear every committed write with its tables,
// once per transaction, and nothing of a transaction rolled back.
func TestCommitHooks(t *testing.T) {
	db := testkit.OpenDB(t)
	ctx := context.Background()
	var heard [][]string
	db.OnCommit(func(changed []string) { heard = append(heard, changed) })

	err := db.InTx(ctx, func(q *store.Q) error {
		if err := hit(q, "hook:a"); err != nil {
			return err
		}
		return hit(q, "hook:b")
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(heard) != 1 || strings.Join(heard[0], ",") != "rate_limits" {
		t.Fatalf("one transaction heard as %v", heard)
	}
	heard = nil
	boom := errors.New("boom")
	err = db.InTx(ctx, func(q *store.Q) error {
		if err := hit(q, "hook:c"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || len(heard) != 0 {
		t.Fatalf("a rolled-back transaction: %v, heard %v", err, heard)
	}
	if err := hit(db.Q(), "hook:d"); err != nil {
		t.Fatal(err)
	}
	if len(heard) != 1 || heard[0][0] != "rate_limits" {
		t.Fatalf("a write alone heard as %v", heard)
	}
	heard = nil
	if _, err := db.Q().InstanceSettings(ctx); err != nil || len(heard) != 0 {
		t.Fatalf("a read heard as %v (%v)", heard, err)
	}
}

func hit(q *store.Q, key string) error {
	_, err := q.HitRateLimit(context.Background(), key, time.Minute)
	return err
}

// TestEveryWriteNamesItsTables: a write statement whose tables the hooks
// could not tell would leave a cache stale.
func TestEveryWriteNamesItsTables(t *testing.T) {
	db := testkit.OpenDB(t)
	for _, n := range db.QueryNames() {
		if db.WritesOf(n) == "?" {
			t.Errorf("%s writes, but no table is found in it", n)
		}
	}
}
