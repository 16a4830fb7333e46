package cli_test

import (
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestBenchRSVP runs a tiny bench rsvp: every registration it sends is
// answered as a real one (none failed), and it prints a line per event
// and number of clients, group commit beside its baseline on SQLite.
func TestBenchRSVP(t *testing.T) {
	if code, _, errs := run(t, nil, "bench"); code != 0 || !strings.Contains(errs, "rsvp") {
		t.Fatalf("cortege bench: exit %d, %q", code, errs)
	}
	args := []string{"bench", "rsvp", "--duration", "300ms", "--warmup", "50ms", "--clients", "3", "--participants", "200", "--dir", t.TempDir()}
	pg := testkit.TestDatabaseURL(t)
	if pg != "" {
		args = append(args, "--database-url", pg)
	}
	code, out, errs := run(t, nil, args...)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{"small (new event)", "200 participants", "reg/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "one transaction per request") || !strings.Contains(out, "synchronous=FULL") {
		t.Errorf("no SQLite baseline or durability settings in:\n%s", out)
	}
	if pg != "" && (!strings.Contains(out, "PostgreSQL, one transaction per request") || !strings.Contains(out, "synchronous_commit=on")) {
		t.Errorf("no PostgreSQL table or durability settings in:\n%s", out)
	}
}
