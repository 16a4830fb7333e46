package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"codeberg.org/cortege/cortege/internal/roll"
)

// cmdRoll dispatches the voter-roll subcommands.
func cmdRoll(ctx context.Context, env Env, args []string) error {
	subs := map[string]func(context.Context, Env, []string) error{
		"generate": cmdRollGenerate,
		"import":   cmdRollImport,
		"search":   cmdRollSearch,
		"delete":   cmdRollDelete,
		"bench":    cmdRollBench,
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(env.Stderr, `Usage: cortege roll SUBCOMMAND [flags]

Subcommands:
  generate  write a synthetic REU-style roll: --rows N --seed S --out FILE
  import    import roll files: --roll NAME FILE…
  search    search a roll: --roll NAME "jean dupond" [--born DATE] [--dept 75] [--exact] | --batch FILE
  delete    erase an imported roll: --roll NAME
  bench     measure the engine (and PostgreSQL baselines): --rows N [--database-url URL]
`)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	sub, ok := subs[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "cortege roll: unknown subcommand %q (generate, import, search, delete, bench)\n", args[0])
		return errUsage
	}
	return sub(ctx, env, args[1:])
}

var rollNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// rollDir returns DATA/rolls/NAME after checking NAME is a plain name.
func rollDir(data, name string) (string, error) {
	if !rollNameRE.MatchString(name) {
		return "", fmt.Errorf("--roll %q: use letters, digits, '.', '_' or '-' (at most 64)", name)
	}
	return filepath.Join(rollsDir(data), name), nil
}

// openRoll loads the snapshot of roll name.
func openRoll(data, name string) (*roll.Index, error) {
	dir, err := rollDir(data, name)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, roll.SnapshotFile)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("roll %q not found in %s: import it first with cortege roll import --roll %s FILE…", name, rollsDir(data), name)
	}
	return roll.LoadSnapshot(path)
}
