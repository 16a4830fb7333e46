package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"codeberg.org/cortege/cortege/internal/roll"
)

// stringsFlag collects a repeatable flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

// cmdRollImport imports roll files into DATA/rolls/NAME.
func cmdRollImport(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "roll import", "roll import --roll NAME [--map FIELD=HEADER,…] FILE…")
	data := addDataFlag(fs, env)
	name := fs.String("roll", "", "roll name")
	var maps stringsFlag
	fs.Var(&maps, "map", "column mapping FIELD=HEADER or FIELD=COLUMN (1-based), comma-separated or repeated; FIELD: "+roll.FieldNames())
	quiet := fs.Bool("quiet", false, "no progress line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *name == "" || fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	dir, err := rollDir(*data, *name)
	if err != nil {
		return err
	}
	mapping, err := roll.ParseMap(maps)
	if err != nil {
		return err
	}
	opt := roll.ImportOptions{Map: mapping}
	if !*quiet {
		opt.Progress = func(p roll.Progress) { printProgress(env, p) }
	}
	start := time.Now()
	ix, rep, err := roll.Import(ctx, fs.Args(), time.Now(), opt)
	if !*quiet {
		fmt.Fprintln(env.Stderr)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted: roll %q unchanged; run the same command again to import", *name)
		}
		return err
	}
	defer ix.Close()
	fmt.Fprintf(env.Stderr, "indexed in %s, writing the snapshot…\n", time.Since(start).Round(time.Millisecond))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	os.Chmod(rollsDir(*data), 0o700)
	os.Chmod(dir, 0o700)
	if err := ix.WriteSnapshot(filepath.Join(dir, roll.SnapshotFile)); err != nil {
		return err
	}
	reportPath := filepath.Join(dir, "import-report.txt")
	rf, err := os.OpenFile(reportPath, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := rep.WriteTo(rf); err != nil {
		rf.Close()
		return err
	}
	if err := rf.Close(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "roll %s: %d files, %d rows read, %d entries, %d duplicates removed, %d aberrant rows kept and flagged, %d rejected, in %s\nreport: %s\n",
		*name, len(rep.Files), rep.Rows, rep.Entries, rep.Duplicates, rep.Aberrant, rep.Rejected,
		time.Since(start).Round(time.Millisecond), reportPath)
	return nil
}

// printProgress rewrites one status line on stderr.
func printProgress(env Env, p roll.Progress) {
	rate := float64(p.Rows) / p.Elapsed.Seconds()
	eta := "?"
	if p.BytesRead > 0 && p.BytesTotal > p.BytesRead {
		left := time.Duration(float64(p.Elapsed) * float64(p.BytesTotal-p.BytesRead) / float64(p.BytesRead))
		eta = left.Round(time.Second).String()
	} else if p.BytesTotal > 0 {
		eta = "0s"
	}
	pct := 0.0
	if p.BytesTotal > 0 {
		pct = 100 * float64(p.BytesRead) / float64(p.BytesTotal)
	}
	fmt.Fprintf(env.Stderr, "\r%d rows, %.0f rows/s, %.1f%%, ETA %s   ", p.Rows, rate, pct, eta)
}
