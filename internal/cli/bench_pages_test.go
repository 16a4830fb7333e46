package cli_test

import (
	"strings"
	"testing"
)

// TestBenchPages runs `cortege bench pages` on two tiny SQLite instances:
// every page is measured on both, with its ratio to the first, and a
// second run reuses the instances instead of generating them again.
func TestBenchPages(t *testing.T) {
	dir := t.TempDir()
	args := []string{"bench", "pages", "--sizes", "60,120", "--clients", "1,2", "--requests", "5", "--max-time", "1s", "--data", dir}
	code, out, errs := run(t, nil, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errs, out)
	}
	for _, want := range []string{"generating 60 events", "generating 120 events", "SQLite, 1 concurrent client(s)", "SQLite, 2 concurrent client(s)",
		"home", "events ?near commune", "group page signed in", "dashboard", "event page 50k", "feed ics", "api group events", "×"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "failed") {
		t.Errorf("some requests failed:\n%s", out)
	}
	code, out, errs = run(t, nil, args...)
	if code != 0 || !strings.Contains(out, "reusing the instance of 120 events") || strings.Contains(out, "generating") {
		t.Fatalf("second run: exit %d: %s\n%s", code, errs, out)
	}
	if code, _, errs := run(t, nil, "bench", "pages", "--sizes", "60,x"); code == 0 || !strings.Contains(errs, "--sizes") {
		t.Errorf("bad --sizes: exit %d, %q", code, errs)
	}
}
