// Package cli implements the cortege command line: one file per subcommand,
// each with its own flag.FlagSet. It is the only package that wires concrete
// types (store, mail transport, jobs runner, HTTP server) together.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Env is what a command may touch of the outside world. Tests pass their own
// buffers and environment so that Main runs in-process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// command is one subcommand of cortege.
type command struct {
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

// commands lists every subcommand; each lives in its own file.
func commands() map[string]command {
	return map[string]command{
		"serve":    {"run the web server and background workers", cmdServe},
		"migrate":  {"apply database migrations", cmdMigrate},
		"admin":    {"administrator accounts: admin create --email E", cmdAdmin},
		"token":    {"personal API tokens: token create --email E", cmdToken},
		"demo":     {"fill an empty instance with a realistic French demo", cmdDemo},
		"roll":     {"voter rolls: generate, import, search, delete, bench", cmdRoll},
		"petition": {"petitions: petition verify URL|FILE [--receipt R] checks a signature log", cmdPetition},
		"targets":  {"addressees of petitions: targets import FILE loads them from CSV", cmdTargets},
		"tally":    {"secret votes: tally verify URL|FILE recounts and checks a published board", cmdTally},
		"bench":    {"measure the server: bench pages (read paths), bench rsvp (registrations)", cmdBench},
		"version":  {"print the version", cmdVersion},
		"voucher":  {"signed monthly vouchers of groups: voucher issue --group N, voucher verify CODE", cmdVoucher},
	}
}

// errUsage marks an error already explained to the user by a FlagSet.
var errUsage = errors.New("usage")

// Main runs cortege with args (without the program name) and returns the
// process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "cortege: unknown command %q\n\n", args[0])
		usage(env.Stderr, cmds)
		return 2
	}
	if err := cmd.run(ctx, env, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		code := 1
		var es *exitStatus
		if errors.As(err, &es) {
			code = es.code
		}
		if !errors.Is(err, errUsage) {
			fmt.Fprintf(env.Stderr, "cortege %s: %v\n", args[0], err)
		}
		return code
	}
	return 0
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("Usage: cortege COMMAND [flags]\n\nCommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-8s %s\n", n, cmds[n].summary)
	}
	b.WriteString("\nRun 'cortege COMMAND --help' for the flags of a command.\n")
	io.WriteString(w, b.String())
}

// newFlagSet returns a FlagSet that reports errors to env.Stderr instead of
// exiting the process.
func newFlagSet(env Env, name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet("cortege "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: cortege %s\n\nFlags:\n", usageLine)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, mapping a parse failure to errUsage (the FlagSet
// has already printed why).
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}
