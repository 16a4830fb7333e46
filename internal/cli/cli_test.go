package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/cli"
	"codeberg.org/cortege/cortege/internal/testkit"
)

func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(context.Background(), args, cli.Env{
		Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
	})
	return code, out.String(), errb.String()
}

func dbArgs(t *testing.T) []string {
	args := []string{"--data", t.TempDir()}
	if u := testkit.TestDatabaseURL(t); u != "" {
		args = append(args, "--database-url", u)
	}
	return args
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, c := range [][]string{{"serve", "--help"}, {"migrate", "--help"}, {"admin", "create", "--help"}, {"token", "create", "--help"}, {"version"}, {"--help"}} {
		code, out, errs := run(t, nil, c...)
		if code != 0 || out+errs == "" {
			t.Errorf("%v: exit %d, output %q", c, code, out+errs)
		}
	}
	if code, _, _ := run(t, nil, "nonsense"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

func TestAdminAndTokenCreate(t *testing.T) {
	args := dbArgs(t)
	code, out, errs := run(t, nil, append([]string{"admin", "create", "--email", "a@example.org", "--base-url", "https://c.example"}, args...)...)
	if code != 0 || !strings.Contains(out, "https://c.example/login/confirm?token=") {
		t.Fatalf("admin create: %d %q %q", code, out, errs)
	}
	code, out, errs = run(t, nil, append([]string{"token", "create", "--email", "a@example.org"}, args...)...)
	if code != 0 || !strings.HasPrefix(out, "ctg_") {
		t.Fatalf("token create: %d %q %q", code, out, errs)
	}
	// Scopes and a lifetime (issue 11); wrong values name their flag.
	code, out, errs = run(t, nil, append([]string{"token", "create", "--email", "b@example.org", "--label", "ci", "--scope", "read", "--expires", "30d"}, args...)...)
	if code != 0 || !strings.HasPrefix(out, "ctg_") {
		t.Fatalf("token create --scope --expires: %d %q %q", code, out, errs)
	}
	for _, bad := range [][]string{{"--scope", "read,delete"}, {"--expires", "400d"}, {"--expires", "soon"}, {"--scope", "admin"}} {
		code, _, errs = run(t, nil, append(append([]string{"token", "create", "--email", "b@example.org"}, bad...), args...)...)
		if code == 0 || !strings.Contains(errs, bad[0]) || strings.Contains(errs, "err.") {
			t.Errorf("token create %v: %d %q", bad, code, errs)
		}
	}
	code, _, errs = run(t, nil, append([]string{"admin", "create", "--email", "not an address"}, args...)...)
	if code == 0 || !strings.Contains(errs, "email") {
		t.Fatalf("bad address: %d %q", code, errs)
	}
	code, out, _ = run(t, nil, append([]string{"migrate"}, args...)...)
	if code != 0 || !strings.Contains(out, "0 migration(s) applied") {
		t.Fatalf("migrate on a migrated database: %d %q", code, out)
	}
}

func TestConfigPrecedence(t *testing.T) {
	// An environment variable is used when no flag is given; a bad value is
	// refused with the variable named.
	code, _, errs := run(t, map[string]string{"CORTEGE_LOG_FORMAT": "xml"}, append([]string{"migrate"}, dbArgs(t)...)...)
	if code != 0 {
		t.Logf("migrate does not read log format: %q", errs)
	}
	code, _, errs = run(t, map[string]string{"CORTEGE_DATABASE_URL": "mysql://x"}, "migrate", "--data", t.TempDir())
	if code == 0 || !strings.Contains(errs, "postgres://") {
		t.Fatalf("bad CORTEGE_DATABASE_URL accepted: %d %q", code, errs)
	}
}

// Without --base-url, admin create prints a link to the server as it last
// announced itself (serve records its URL), not to the default port.
func TestAdminCreateUsesServersURL(t *testing.T) {
	args := dbArgs(t)
	s := startServer(t, args...)
	code, out, errs := run(t, nil, append([]string{"admin", "create", "--email", "chef@example.org"}, args...)...)
	if code != 0 || !strings.Contains(out, s.url+"/login/confirm?token=") {
		t.Fatalf("admin create: %d %q %q (server at %s)", code, out, errs, s.url)
	}
}
