package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestTokenMigrationKeepsReadWrite: a token made before migration 0006
// reads and writes afterwards, never expires, and keeps its last use.
func TestTokenMigrationKeepsReadWrite(t *testing.T) {
	ctx := context.Background()
	u := testkit.TestDatabaseURL(t)
	if u == "" {
		u = store.SQLitePath(t.TempDir())
	}
	db, err := store.Open(ctx, store.Config{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	migs, err := store.Migrations(db.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	tokens := slices.IndexFunc(migs, func(m store.Migration) bool { return strings.HasSuffix(m.Name, "_tokens.sql") })
	if tokens < 0 {
		t.Fatal("no tokens migration")
	}
	if _, err := db.MigrateTo(ctx, tokens); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"INSERT INTO accounts (id, email, email_key, created_at) VALUES (?, ?, ?, ?)", []any{"A1", "old@example.org", "old@example.org", now.UnixMilli()}},
		{"INSERT INTO api_tokens (id, hash, account_id, label, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)", []any{"T1", "H1", "A1", "old script", now.UnixMilli(), now.UnixMilli()}},
	} {
		if err := db.ExecRaw(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	tok, err := db.Q().APITokenByHash(ctx, "H1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tok.Scopes, []string{cortege.ScopeRead, cortege.ScopeWrite}) || !tok.ExpiresAt.IsZero() || !tok.LastUsedAt.Equal(now) || tok.Label != "old script" {
		t.Fatalf("token after migration = %+v", tok)
	}
}
