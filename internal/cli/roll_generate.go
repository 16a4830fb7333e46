package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"codeberg.org/cortege/cortege/internal/roll"
)

// cmdRollGenerate writes a synthetic roll.
func cmdRollGenerate(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "roll generate", "roll generate --rows N --seed S --out FILE")
	rows := fs.Int("rows", 1000000, "number of rows")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same file")
	out := fs.String("out", "", "output file (REU-style semicolon CSV, UTF-8)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || *rows < 0 {
		fs.Usage()
		return errUsage
	}
	start := time.Now()
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := roll.Generate(w, roll.GenerateOptions{Rows: *rows, Seed: *seed}); err != nil {
		f.Close()
		return err
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %d rows to %s in %s\n", *rows, *out, time.Since(start).Round(time.Millisecond))
	return nil
}
