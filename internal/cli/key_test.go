package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestLoadKeyCreatesOnceAndKeepsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "link.key")
	a, err := loadKey(path)
	if err != nil || len(a) != 32 {
		t.Fatalf("first load: %d bytes, %v", len(a), err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", st.Mode(), err)
	}
	b, err := loadKey(path)
	if err != nil || !bytes.Equal(a, b) {
		t.Fatal("second load gave another key: links would break at each restart")
	}
	os.WriteFile(path, []byte("short"), 0o600)
	if _, err := loadKey(path); err == nil {
		t.Fatal("a truncated key was accepted")
	}
}
