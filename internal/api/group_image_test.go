package api

import (
	"bytes"
	"testing"
)

// TestSpool: a picture's body comes back whole whatever its size, from
// memory under a MiB and through a temporary file above.
func TestSpool(t *testing.T) {
	for _, n := range []int{0, 1, 1 << 20, 1<<20 + 1, 3<<20 + 7} {
		in := make([]byte, n)
		for i := range in {
			in[i] = byte(i * 31)
		}
		out, err := spool(bytes.NewReader(in), func() error { return nil })
		if err != nil || !bytes.Equal(in, out) || cap(out) != n {
			t.Errorf("%d bytes: got %d (cap %d), %v", n, len(out), cap(out), err)
		}
	}
}
