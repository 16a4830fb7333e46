// Package testkit helps tests build real stores, servers and data.
//
// Tests run on SQLite by default. Set CORTEGE_TEST_DATABASE_URL to a
// PostgreSQL URL (scripts/test.sh does) and the same tests run on PostgreSQL,
// each in a fresh schema of its own that is dropped when the test ends.
package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/store"
)

// EnvDatabaseURL names the variable that switches the tests to PostgreSQL.
const EnvDatabaseURL = "CORTEGE_TEST_DATABASE_URL"

// OpenDB returns a fresh, migrated database with every statement prepared,
// closed when t ends: a SQLite file under t.TempDir(), or a fresh PostgreSQL
// schema when CORTEGE_TEST_DATABASE_URL is set.
func OpenDB(t testing.TB) *store.DB {
	t.Helper()
	u := TestDatabaseURL(t)
	if u == "" {
		u = store.SQLitePath(t.TempDir())
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := store.OpenAndMigrate(ctx, store.Config{URL: u, MaxConns: 4})
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	// Registered after TestDatabaseURL's cleanup, so it runs first: the
	// connections close before the schema is dropped.
	t.Cleanup(func() { db.Close() })
	return db
}

// TestDatabaseURL returns the --database-url for a test that starts the whole
// server: "" on SQLite (the caller passes --data with a temporary folder), or
// on PostgreSQL the URL of a fresh, empty schema dropped when t ends.
func TestDatabaseURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvDatabaseURL)
	if base == "" {
		return ""
	}
	if !store.IsPostgresURL(base) {
		t.Fatalf("%s must be a postgres:// URL, got %q", EnvDatabaseURL, base)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvDatabaseURL, err)
	}
	schema := "test_" + randomHex(8)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := adminExec(ctx, base, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := adminExec(ctx, base, "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})

	// pgx sends unknown URL parameters as run-time settings, so every
	// connection of the pool starts with the schema as its search path.
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// adminExec runs one statement on its own short-lived connection.
func adminExec(ctx context.Context, dsn, query string) error {
	db, err := sql.Open("pgx", dsn) // the driver store registers
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, query)
	return err
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
