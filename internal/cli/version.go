package cli

import (
	"context"
	"io"
	"runtime/debug"
)

// Version is set at build time with -ldflags "-X …/internal/cli.Version=v1.2.3".
var Version = ""

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}

// cmdVersion prints the version.
func cmdVersion(ctx context.Context, env Env, args []string) error {
	_, err := io.WriteString(env.Stdout, "cortege "+version()+"\n")
	return err
}
