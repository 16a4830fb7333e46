package cli_test

import (
	"regexp"
	"strconv"
	"testing"
)

// TestBenchVote runs a tiny bench vote: ballots with verified tokens go
// into both boxes, and sign-offs are blind-signed.
func TestBenchVote(t *testing.T) {
	code, out, errs := run(t, nil, "bench", "vote", "--clients", "4", "--ballots", "40", "--signoffs", "8")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
	row := regexp.MustCompile(`(?m)^sqlite\s+(shuffled batches|one transaction per ballot)\s+4 \|\s+(\d+)\s+[\d.]+ ms\s+[\d.]+ ms \|`)
	rows := row.FindAllStringSubmatch(out, -1)
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2:\n%s", len(rows), out)
	}
	for _, r := range rows {
		if n, _ := strconv.Atoi(r[2]); n == 0 {
			t.Errorf("%s: no ballot:\n%s", r[1], out)
		}
	}
	if !regexp.MustCompile(`blind sign-offs, 4 clients: \d+/s, p50 [\d.]+ ms, p99 [\d.]+ ms \(8 sign-offs\)`).MatchString(out) {
		t.Errorf("no sign-off figures:\n%s", out)
	}
}
