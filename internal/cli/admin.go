package cli

import (
	"context"
	"errors"
	"fmt"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/i18n"
	"codeberg.org/cortege/cortege/internal/service"
)

// dbSettings are the settings commands that only touch the database need.
var dbSettings = []string{"data", "database-url", "base-url", "listen", "mail-from"}

// withService loads the configuration registered on fs, opens the database
// and runs fn with a service.
func withService(ctx context.Context, env Env, loader *config.Loader, fn func(*service.Service) error) error {
	cfg, err := loader.Load()
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	svc, err := newService(db, cfg, cfg.Logger(env.Stderr), nil, nil)
	if err != nil {
		return err
	}
	if !loader.Explicit("base-url") && !loader.Explicit("listen") {
		// Print links to the server as it last announced itself.
		if err := svc.UseRecordedBaseURL(ctx); err != nil {
			return err
		}
	}
	return fn(svc)
}

// cmdAdmin manages administrators: "admin create --email E [--name N]".
func cmdAdmin(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.Stderr, "Usage: cortege admin create --email E [--name N]")
			return nil
		}
		fmt.Fprintln(env.Stderr, "Usage: cortege admin create --email E [--name N]")
		return errUsage
	}
	fs := newFlagSet(env, "admin create", "admin create --email E [--name N] [--data DIR | --database-url URL] [--base-url URL]")
	email := fs.String("email", "", "address of the administrator (required)")
	name := fs.String("name", "", "display name of a new administrator's profile")
	loader := config.Register(fs, env.Getenv, dbSettings...)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" {
		fs.Usage()
		return errors.New("--email is required")
	}
	return withService(ctx, env, loader, func(svc *service.Service) error {
		link, err := svc.CreateAdmin(ctx, *email, *name)
		if err != nil {
			return userError(err)
		}
		fmt.Fprintf(env.Stdout, "Administrator %s is ready. Open this link within %d minutes to sign in (it works once):\n%s\n", *email, int(cortege.LoginTokenTTL.Minutes()), link)
		return nil
	})
}

// cmdToken manages API tokens:
// "token create --email E [--label L] [--scope read,write] [--expires 30d]".
func cmdToken(ctx context.Context, env Env, args []string) error {
	const usage = "token create --email E [--label L] [--scope read,write,admin] [--expires 30d] [--name N --handle H]"
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(env.Stderr, "Usage: cortege "+usage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	fs := newFlagSet(env, "token create", usage+" [--data DIR | --database-url URL]")
	email := fs.String("email", "", "address of the account (created if it does not exist)")
	label := fs.String("label", "cli", "what the token is for")
	scope := fs.String("scope", "", "what the token may do, among read, write and admin (default: all the account may)")
	expires := fs.String("expires", "", fmt.Sprintf("lifetime in days, e.g. 30d, at most %dd (default: never expires)", cortege.MaxTokenDays))
	name := fs.String("name", "", "public name of an account created here (default: its handle)")
	handle := fs.String("handle", "", "handle of an account created here (default: a neutral suggestion)")
	loader := config.Register(fs, env.Getenv, dbSettings...)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" {
		fs.Usage()
		return errors.New("--email is required")
	}
	in := service.TokenInput{Label: *label}
	if *scope != "" {
		sc, err := cortege.ParseScopes(*scope)
		if err != nil {
			return fmt.Errorf("--scope: %q: use read, write and admin, separated by commas", *scope)
		}
		in.Scopes = sc
	}
	days, err := cortege.ParseTokenDays(*expires)
	if err != nil {
		return fmt.Errorf("--expires: %q: give a number of days from 1 to %d, such as 30d", *expires, cortege.MaxTokenDays)
	}
	in.Days = days
	return withService(ctx, env, loader, func(svc *service.Service) error {
		tok, err := svc.CreateTokenWith(ctx, *email, in, service.IdentityInput{DisplayName: *name, Handle: *handle})
		if err != nil {
			return userError(err)
		}
		fmt.Fprintln(env.Stdout, tok)
		return nil
	})
}

// userError turns a coded error into a sentence for the terminal, in
// English (the language of the command line's other messages).
func userError(err error) error {
	if e := cortege.ErrorOf(err); e != nil {
		msg := e.Message
		if cat, cerr := i18n.Load(); cerr == nil {
			msg = cat.T("en", e.Message)
		}
		if e.Field != "" {
			return fmt.Errorf("--%s: %s", e.Field, msg)
		}
		return errors.New(msg)
	}
	return err
}
