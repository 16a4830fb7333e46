package cli

import (
	"context"
	"fmt"

	"codeberg.org/cortege/cortege/internal/config"
)

// cmdMigrate applies pending migrations.
func cmdMigrate(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "migrate", "migrate [--data DIR | --database-url URL]")
	loader := config.Register(fs, env.Getenv, "data", "database-url")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loader.Load()
	if err != nil {
		return err
	}
	if err := ensureDir(cfg.Data); err != nil {
		return err
	}
	db, err := openRaw(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if err := db.Prepare(ctx); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d migration(s) applied; %d queries prepared.\n", n, len(db.QueryNames()))
	return nil
}
