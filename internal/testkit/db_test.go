package testkit

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/store"
)

// TestOpenDB checks that OpenDB gives a working database on the engine the
// environment selects.
func TestOpenDB(t *testing.T) {
	t.Parallel()
	db := OpenDB(t)
	if err := db.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := store.SQLite
	if os.Getenv(EnvDatabaseURL) != "" {
		want = store.Postgres
	}
	if db.Dialect != want {
		t.Errorf("dialect %q, want %q", db.Dialect, want)
	}
}

// TestTestDatabaseURL checks that each PostgreSQL test gets its own schema,
// kept in the URL alongside the parameters already there.
func TestTestDatabaseURL(t *testing.T) {
	t.Parallel()
	base := os.Getenv(EnvDatabaseURL)
	if base == "" {
		if u := TestDatabaseURL(t); u != "" {
			t.Fatalf("on SQLite TestDatabaseURL = %q, want \"\"", u)
		}
		t.Skip("PostgreSQL only: set " + EnvDatabaseURL)
	}
	a, b := TestDatabaseURL(t), TestDatabaseURL(t)
	if a == b {
		t.Fatalf("two calls gave the same URL %q", a)
	}
	if strings.Contains(base, "sslmode=") && !strings.Contains(a, "sslmode=") {
		t.Errorf("URL %q lost the parameters of %q", a, base)
	}
	conn, err := sql.Open("pgx", a)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var schema string
	if err := conn.QueryRow("SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(schema, "test_") || !strings.Contains(a, "search_path="+schema) {
		t.Errorf("current_schema() = %q with URL %q", schema, a)
	}
}
