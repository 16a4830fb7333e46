package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestClaimSlot: each live serve process of a data folder holds its own
// slot; a slot let go (its process died) is the next one taken, under
// the same node name, which no other data folder shares.
func TestClaimSlot(t *testing.T) {
	data := t.TempDir()
	a, err := claimSlot(data)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Exclusive {
		t.Skip("no file locks on this system")
	}
	b, err := claimSlot(data)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	if !strings.HasSuffix(a.Name, ":1") || !strings.HasSuffix(b.Name, ":2") || a.Owner != "s1" || b.Owner != "s2" {
		t.Fatalf("slots %q (%s), %q (%s)", a.Name, a.Owner, b.Name, b.Owner)
	}
	first := a.Name
	a.Release()
	c, err := claimSlot(data)
	if err != nil || c.Name != first {
		t.Fatalf("after release: %v, %v; want %q again", c, err, first)
	}
	defer c.Release()
	other, err := claimSlot(t.TempDir())
	if err != nil || other.Name == first {
		t.Fatalf("another data folder got %v (%v)", other, err)
	}
	defer other.Release()
	if st, err := os.Stat(filepath.Join(data, "node.id")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("node.id: %v %v", st, err)
	}
	os.WriteFile(filepath.Join(data, "node.id"), []byte("a/b"), 0o600)
	if _, err := claimSlot(data); err == nil {
		t.Error("a malformed node.id was accepted")
	}
}
