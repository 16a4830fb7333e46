package store_test

import (
	"context"
	"testing"

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
