package cli_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestBenchStorm runs a tiny bench storm end to end: the cached node and
// the baseline side by side, quiet and with comments; while nothing
// changes the cached node runs no statement at all and serves every
// answer from the cache, the baseline runs some for every answer, and
// every comment shows on the next anonymous answer of both nodes.
func TestBenchStorm(t *testing.T) {
	if code, _, errs := run(t, nil, "bench"); code != 0 || !strings.Contains(errs, "storm") {
		t.Fatalf("cortege bench: exit %d, %q", code, errs)
	}
	args := []string{"bench", "storm", "--events", "40", "--clients", "2,4", "--duration", "1200ms", "--warmup", "100ms", "--write-every", "250ms", "--data", t.TempDir()}
	code, out, errs := run(t, nil, args...)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
	for _, want := range []string{"generating 40 events", "page cache 64 MB: req/s", "no page cache: req/s", "req/s ratio", "share the machine", "target (≥ 5000 req/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "failed") || strings.Contains(out, "STALE") {
		t.Errorf("a request failed or a page was stale:\n%s", out)
	}
	// writes clients | req/s p50 p99 statements/req hits | req/s p50 p99 statements/req hits | ratio
	row := regexp.MustCompile(`(?m)^(none|comment/250ms)\s+(\d+) \|\s+(\d+)\s+[\d.]+ ms\s+[\d.]+ ms\s+([\d.]+)\s+([\d.]+)% \|\s+(\d+)\s+[\d.]+ ms\s+[\d.]+ ms\s+([\d.]+)\s+- \| [\d.]+×$`)
	rows := row.FindAllStringSubmatch(out, -1)
	if len(rows) != 4 {
		t.Fatalf("%d rows of figures, want 4 (2 numbers of clients, quiet and with writes):\n%s", len(rows), out)
	}
	num := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, r := range rows {
		cached, hits, baseline := num(r[4]), num(r[5]), num(r[7])
		if num(r[3]) == 0 || num(r[6]) == 0 {
			t.Errorf("%s, %s clients: no answer measured: %q", r[1], r[2], r[0])
		}
		if baseline < 1 {
			t.Errorf("%s, %s clients: the baseline without cache ran %.3f statements per request", r[1], r[2], baseline)
		}
		if r[1] == "none" && (cached != 0 || hits != 100) {
			t.Errorf("%s clients, nothing written: the cached node ran %.3f statements per request, hit ratio %.2f%%", r[2], cached, hits)
		}
		if r[1] != "none" && (cached == 0 || cached >= baseline) {
			t.Errorf("%s clients, with writes: the cached node ran %.3f statements per request (baseline %.3f): writes cost none, or the cache saved none", r[2], cached, baseline)
		}
	}
	fresh := regexp.MustCompile(`(\d+) comments written, the next anonymous answer showed (\d+) of them`).FindAllStringSubmatch(out, -1)
	if len(fresh) != 4 {
		t.Fatalf("%d lines about comments, want 4:\n%s", len(fresh), out)
	}
	for _, f := range fresh {
		if f[1] == "0" || f[1] != f[2] {
			t.Errorf("comments: %s", f[0])
		}
	}
	code, out, errs = run(t, nil, "bench", "storm", "--events", "40", "--clients", "1", "--duration", "100ms", "--warmup", "10ms", "--write-every", "0", "--baseline=false", "--data", args[len(args)-1])
	if code != 0 || !strings.Contains(out, "reusing the instance of 40 events") {
		t.Fatalf("second run: exit %d, %s\n%s", code, errs, out)
	}
	if code, _, errs := run(t, nil, "bench", "storm", "--clients", "0"); code == 0 || !strings.Contains(errs, "--clients") {
		t.Errorf("bad --clients: exit %d, %q", code, errs)
	}
}
