package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/i18n"
	"codeberg.org/cortege/cortege/internal/service"
)

const targetsUsage = "targets import FILE [--data DIR | --database-url URL]"

// cmdTargets dispatches the targets subcommands: "targets import FILE"
// loads representatives and other addressees from CSV (docs/targets.md).
func cmdTargets(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(env.Stderr, "Usage: cortege "+targetsUsage+"\n\nLoads representatives and other addressees of petitions from a CSV file (columns: docs/targets.md); FILE - reads standard input.")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return nil
		}
		return errUsage
	}
	fs := newFlagSet(env, "targets import", targetsUsage)
	loader := config.Register(fs, env.Getenv, dbSettings...)
	// FILE may come before or after the flags.
	var files []string
	for rest := args[1:]; ; {
		if err := parseFlags(fs, rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files, rest = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	if len(files) != 1 {
		fs.Usage()
		return errUsage
	}
	name := files[0]
	data, err := readTargetsFile(env, name)
	if err != nil {
		return err
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	rows, err := service.ParseTargetsCSV(data)
	if err != nil {
		var re *service.TargetRowError
		if errors.As(err, &re) {
			return fmt.Errorf("%s: %s; nothing imported", name, rowMessage(cat, *re))
		}
		if e := cortege.ErrorOf(err); e != nil && e.Field == "file" {
			return fmt.Errorf("%s: %s", name, cat.T("en", e.Message))
		}
		return userError(err)
	}
	return withService(ctx, env, loader, func(svc *service.Service) error {
		res, err := svc.LoadTargets(ctx, rows)
		if err != nil {
			return userError(err)
		}
		for _, e := range res.Errors {
			fmt.Fprintf(env.Stderr, "%s: %s\n", name, rowMessage(cat, e))
		}
		if len(res.Errors) > 0 {
			return fmt.Errorf("%s: %d faulty lines; nothing imported", name, len(res.Errors))
		}
		fmt.Fprintf(env.Stdout, "%d targets imported from %s: %d new, %d updated.\n", res.Created+res.Updated, name, res.Created, res.Updated)
		return nil
	})
}

// readTargetsFile reads FILE ("-": standard input) within the size limit.
func readTargetsFile(env Env, name string) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		if env.Stdin == nil {
			return nil, errors.New("no standard input")
		}
		r = env.Stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, service.MaxTargetsCSVBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > service.MaxTargetsCSVBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB; split it", name, service.MaxTargetsCSVBytes>>20)
	}
	return data, nil
}

// rowMessage is a line's fault in English: "line 4, column email: …".
func rowMessage(cat *i18n.Catalog, e service.TargetRowError) string {
	msg := cat.T("en", e.Message)
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, msg)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, msg)
}
