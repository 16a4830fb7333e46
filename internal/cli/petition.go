package cli

import (
	"context"
	"fmt"
)

// cmdPetition dispatches the petition subcommands.
func cmdPetition(ctx context.Context, env Env, args []string) error {
	subs := map[string]func(context.Context, Env, []string) error{
		"verify": cmdPetitionVerify,
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(env.Stderr, `Usage: cortege petition SUBCOMMAND [flags]

Subcommands:
  verify  check a petition's published signature log: URL|FILE [--receipt R] [--key VKEY] [--head F] [--save-head F]
`)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	sub, ok := subs[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "cortege petition: unknown subcommand %q (verify)\n", args[0])
		return errUsage
	}
	return sub(ctx, env, args[1:])
}
