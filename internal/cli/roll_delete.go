package cli

import (
	"context"
	"fmt"
	"os"

	"codeberg.org/cortege/cortege/internal/roll"
)

// cmdRollDelete erases a roll: its snapshot and import report.
func cmdRollDelete(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "roll delete", "roll delete --roll NAME")
	data := addDataFlag(fs, env)
	name := fs.String("roll", "", "roll name")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *name == "" {
		fs.Usage()
		return errUsage
	}
	dir, err := rollDir(*data, *name)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("roll %q not found in %s", *name, rollsDir(*data))
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	_ = roll.SnapshotFile
	fmt.Fprintf(env.Stdout, "roll %s deleted\n", *name)
	return nil
}
