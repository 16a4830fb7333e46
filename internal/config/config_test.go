package config

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(t *testing.T, env map[string]string, file string, args ...string) (Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	l := Register(fs, func(k string) string { return env[k] })
	if file != "" {
		p := filepath.Join(t.TempDir(), "c.toml")
		os.WriteFile(p, []byte(file), 0o600)
		args = append(args, "--config", p)
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	return l.Load()
}

func TestPrecedence(t *testing.T) {
	file := "listen = \"127.0.0.1:7000\"\nsmtp_url = \"smtp://file:25\"\nworkers = 5\nlog_format = \"json\"\n"
	env := map[string]string{"CORTEGE_SMTP_URL": "smtp://env:25", "CORTEGE_WORKERS": "3"}
	c, err := load(t, env, file, "--workers", "1")
	if err != nil {
		t.Fatal(err)
	}
	if c.Workers != 1 || c.SMTPURL != "smtp://env:25" || c.Listen != "127.0.0.1:7000" || c.LogFormat != "json" {
		t.Fatalf("flag > env > file broken: %+v", c)
	}
	if c.BaseURL != "http://127.0.0.1:7000" {
		t.Fatalf("derived base URL = %q", c.BaseURL)
	}
}

func TestDefaults(t *testing.T) {
	c, err := load(t, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:8080" || c.Data != "./cortege-data" || c.BaseURL != "http://127.0.0.1:8080" || c.Secure() {
		t.Fatalf("defaults = %+v", c)
	}
	if c.DatabaseTarget() != filepath.Join("cortege-data", "cortege.db") {
		t.Fatalf("sqlite target = %q", c.DatabaseTarget())
	}
}

func TestInvalid(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		file string
		args []string
		want string
	}{
		"listen":        {args: []string{"--listen", "8080"}, want: "--listen"},
		"database":      {args: []string{"--database-url", "mysql://x"}, want: "postgres://"},
		"base url path": {args: []string{"--base-url", "https://x.org/sub"}, want: "--base-url"},
		"smtp":          {args: []string{"--smtp-url", "http://x"}, want: "--smtp-url"},
		"log format":    {env: map[string]string{"CORTEGE_LOG_FORMAT": "xml"}, want: "--log-format"},
		"workers env":   {env: map[string]string{"CORTEGE_WORKERS": "many"}, want: "CORTEGE_WORKERS"},
		"unknown key":   {file: "lisen = \"x\"\n", want: "unknown setting"},
		"bad toml":      {file: "listen = \n", want: "config file"},
	} {
		_, err := load(t, tc.env, tc.file, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want mention of %q", name, err, tc.want)
		}
	}
}

func TestHTTPSIsSecure(t *testing.T) {
	c, err := load(t, nil, "", "--base-url", "https://mobilisation.example.org/")
	if err != nil || !c.Secure() || c.BaseURL != "https://mobilisation.example.org" {
		t.Fatalf("%+v %v", c, err)
	}
}
