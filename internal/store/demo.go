package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
)

// schemaName is what PostgreSQLSchemaURL accepts as a schema name.
var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// PostgreSQLSchemaURL creates the schema name in the PostgreSQL database at
// base when it does not exist, and returns base with that schema as the
// search path of every connection: how benches keep one instance per
// size side by side in one database.
func PostgreSQLSchemaURL(ctx context.Context, base, name string) (string, error) {
	if !IsPostgresURL(base) {
		return "", fmt.Errorf("%q is not a postgres:// URL", base)
	}
	if !schemaName.MatchString(name) {
		return "", fmt.Errorf("bad schema name %q", name)
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+name); err != nil {
		return "", fmt.Errorf("create schema %s: %w", name, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// DropPostgreSQLSchema drops a schema PostgreSQLSchemaURL created, with
// everything in it (benches that start from a new schema each run).
func DropPostgreSQLSchema(ctx context.Context, base, name string) error {
	if !schemaName.MatchString(name) {
		return fmt.Errorf("bad schema name %q", name)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+name+" CASCADE")
	return err
}
