package cli_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestBenchSign runs a tiny bench sign end to end: signatures are
// submitted and confirmed from the mailed links through the API, and the
// public counter follows them.
func TestBenchSign(t *testing.T) {
	code, out, errs := run(t, nil, "bench", "sign", "--clients", "8", "--workers", "2", "--duration", "800ms", "--warmup", "200ms", "--baseline=false")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
	// node clients | submitted/s p50 p99 | confirmed/s p50 p99 | mails/s | tx/commit | lag
	row := regexp.MustCompile(`(?m)^group commit\s+8 \|\s+(\d+)\s+[\d.]+ ms\s+[\d.]+ ms \|\s+(\d+)\s+[\d.]+ ms\s+[\d.]+ ms \|\s+(\d+) \|\s+[\d.]+ \| ([\d.]+) s, ([\d.]+) s`)
	m := row.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no row of figures:\n%s", out)
	}
	submitted, _ := strconv.Atoi(m[1])
	confirmed, _ := strconv.Atoi(m[2])
	if submitted == 0 || confirmed == 0 {
		t.Errorf("nothing submitted (%d/s) or confirmed (%d/s):\n%s", submitted, confirmed, out)
	}
	if lag, _ := strconv.ParseFloat(m[5], 64); lag > 2 {
		t.Errorf("the counter was %.2f s behind:\n%s", lag, out)
	}
}

// TestBenchPage runs a tiny bench page: the cached node serves the
// petition's page and widget with (almost) no statements while
// signatures come in; the node without cache runs some for every view.
func TestBenchPage(t *testing.T) {
	code, out, errs := run(t, nil, "bench", "page", "--clients", "8", "--signers", "2", "--duration", "800ms", "--warmup", "200ms")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
	row := regexp.MustCompile(`(?m)^(page cache 64 MB|no page cache)\s+(page|widget)\s+8 \|\s+(\d+)\s+[\d.]+ ms\s+[\d.]+ ms \|\s+([\d.]+)\s+([\d.]+)% \|`)
	rows := row.FindAllStringSubmatch(out, -1)
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4:\n%s", len(rows), out)
	}
	for _, r := range rows {
		stmts, _ := strconv.ParseFloat(r[4], 64)
		cached := strings.HasPrefix(r[1], "page cache")
		if cached && stmts > 0.5 || !cached && stmts < 1 {
			t.Errorf("%s %s: %.4f statements a view:\n%s", r[1], r[2], stmts, out)
		}
	}
}
