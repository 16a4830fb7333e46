package mail_test

import (
	"os"
	"path/filepath"
	"testing"

	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
)

var testFrom = mail.Address{Name: "Cortège Lyon", Email: "noreply@cortege.example"}

// readDir parses every .eml file in dir, in name order.
func readDir(t *testing.T, dir string) ([]string, []*mailtest.Received) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	var out []*mailtest.Received
	for _, n := range names {
		raw, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		r, err := mailtest.ParseEML(raw)
		if err != nil {
			t.Fatalf("parse %s: %v", n, err)
		}
		out = append(out, r)
	}
	return names, out
}
