package ledger

import (
	"fmt"
	"testing"
)

// BenchmarkAppendSign is the cost the service pays per confirmed signature
// inside its transaction (commitment, entry, new state, state encoding).
func BenchmarkAppendSign(b *testing.B) {
	s := NewState("cortege.test/petitions/1")
	var salt Salt
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		salt[0], salt[1], salt[2] = byte(i), byte(i>>8), byte(i>>16)
		_, s = AppendSign(s, Commit(salt, "01JFZ3Q8W6ZK2S0M9V3B4C5D6E"))
		if _, err := s.MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignHead is the cost of one signed head (Ed25519).
func BenchmarkSignHead(b *testing.B) {
	l := newTestLog(b)
	for range 1000 {
		l.sign()
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HeadOf(l.state, l.t).Sign(l.key.Signer); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify parses and verifies a whole published log of n entries
// with a head every 1,000, as `cortege petition verify` does.
func BenchmarkVerify(b *testing.B) {
	for _, n := range []int{1000, 100_000} {
		l := newTestLog(b)
		for i := range n {
			l.sign()
			if i%1000 == 999 {
				l.head(b)
			}
		}
		l.head(b)
		raw, err := l.doc.Marshal()
		if err != nil {
			b.Fatal(err)
		}
		vs, _ := Verifiers(l.key.Public)
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				d, err := ParseDocument(raw)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Verify(d, vs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
		})
		b.Run(fmt.Sprintf("marshal/entries=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := l.doc.Marshal(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkProve builds an inclusion proof from the leaves of a log of
// 100,000 entries (what a receipt page or the verifier does).
func BenchmarkProve(b *testing.B) {
	l := newTestLog(b)
	for range 100_000 {
		l.sign()
	}
	leaves := make([]Hash, len(l.doc.Entries))
	for i, e := range l.doc.Entries {
		leaves[i] = e.LeafHash()
	}
	for b.Loop() {
		if _, err := Prove(leaves, 4242, int64(len(leaves))); err != nil {
			b.Fatal(err)
		}
	}
}
