package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var voucherRE = regexp.MustCompile(`^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}\n$`)

// TestVoucherCommands: issue and verify round trip, a new key file, a
// rotation keeping the previous key, and the exit codes of verify (0
// valid, 1 refused, 2 could not check).
func TestVoucherCommands(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "keys", "voucher.key")
	if code, _, errs := run(t, nil, "voucher", "issue", "--group", "42", "--key-file", key); code == 0 || !strings.Contains(errs, "no such file") {
		t.Fatalf("issue without a key file: %d %q", code, errs)
	}
	code, out, errs := run(t, nil, "voucher", "issue", "--new-key", "--group", "42", "--month", "2026-12", "--key-file", key)
	if code != 0 || !voucherRE.MatchString(out) || !strings.Contains(errs, "new key 1") {
		t.Fatalf("issue --new-key: %d %q %q", code, out, errs)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	dec := strings.TrimSpace(out)
	code, out, errs = run(t, nil, "voucher", "verify", dec, "--key-file", key, "--at", "2026-12-31")
	if code != 0 || out != "valid: group 42, month 2026-12, key 1\n" {
		t.Fatalf("verify: %d %q %q", code, out, errs)
	}
	// Typed by hand: lower case, spaces.
	if code, _, errs := run(t, nil, "voucher", "verify", "--key-file", key, "--at", "2026-12-01", strings.ToLower(strings.ReplaceAll(dec, "-", " "))); code != 0 {
		t.Errorf("verify lower case: %d %q", code, errs)
	}
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{dec, "--at", "2027-01-01"}, 1, "expired"},
		{[]string{dec, "--at", "2026-11-30"}, 1, "not valid yet"},
		{[]string{dec[:len(dec)-1] + flip(dec[len(dec)-1]), "--at", "2026-12-10"}, 1, "not genuine"},
		{[]string{"HELLO", "--at", "2026-12-10"}, 1, "not a voucher"},
		{[]string{dec, "--at", "31/12/2026"}, 2, "--at"},
		{[]string{}, 2, "Usage"},
	} {
		code, _, errs := run(t, nil, append([]string{"voucher", "verify", "--key-file", key}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.err) {
			t.Errorf("verify %v: exit %d, %q; want %d and %q", tc.args, code, errs, tc.code, tc.err)
		}
	}
	if code, _, errs := run(t, nil, "voucher", "verify", dec, "--key-file", filepath.Join(dir, "none")); code != 2 || !strings.Contains(errs, "key file") {
		t.Errorf("verify with a missing key file: %d %q", code, errs)
	}

	// Rotation: the old code still verifies, the new one carries key 2.
	code, _, errs = run(t, nil, "voucher", "issue", "--new-key", "--key-file", key)
	if code != 0 || !strings.Contains(errs, "new current key 2; key 1 kept") {
		t.Fatalf("rotate: %d %q", code, errs)
	}
	if code, _, errs := run(t, nil, "voucher", "verify", dec, "--key-file", key, "--at", "2026-12-05"); code != 0 {
		t.Errorf("previous key's voucher after rotation: %d %q", code, errs)
	}
	code, out, _ = run(t, nil, "voucher", "issue", "--group", "42", "--month", "2026-12", "--key-file", key)
	if code != 0 || strings.TrimSpace(out) == dec {
		t.Fatalf("issue after rotation: %d %q", code, out)
	}
	if code, out, _ := run(t, nil, "voucher", "verify", strings.TrimSpace(out), "--key-file", key, "--at", "2026-12-05"); code != 0 || !strings.Contains(out, "key 2") {
		t.Errorf("new key's voucher: %d %q", code, out)
	}
	run(t, nil, "voucher", "issue", "--new-key", "--key-file", key)
	if code, _, errs := run(t, nil, "voucher", "verify", dec, "--key-file", key, "--at", "2026-12-05"); code != 1 || !strings.Contains(errs, "not genuine") {
		t.Errorf("voucher of a key two rotations old: %d %q", code, errs)
	}

	for _, bad := range [][]string{
		{"--group", "x", "--key-file", key},
		{"--group", "1099511627776", "--key-file", key},
		{"--group", "1", "--month", "2026-13", "--key-file", key},
		{"--group", "1"},
	} {
		if code, out, errs := run(t, nil, append([]string{"voucher", "issue"}, bad...)...); code == 0 || out != "" || errs == "" || strings.Contains(errs, "err.") {
			t.Errorf("issue %v: %d %q %q", bad, code, out, errs)
		}
	}
	os.Chmod(key, 0o644)
	if code, _, errs := run(t, nil, "voucher", "issue", "--group", "1", "--key-file", key); code == 0 || !strings.Contains(errs, "chmod 600") {
		t.Errorf("world-readable key: %d %q", code, errs)
	}
	if code, _, errs := run(t, nil, "voucher", "--help"); code != 0 || !strings.Contains(errs, "voucher verify") {
		t.Errorf("help: %d %q", code, errs)
	}
}

// flip returns another character of the base32 alphabet.
func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}
