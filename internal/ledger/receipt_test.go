package ledger

import (
	"encoding/json"
	"testing"
)

// FuzzVerifyReceipt feeds arbitrary receipts to the receipt checker against
// a real log: it must never panic, and what it accepts must open to the
// entry at its position.
func FuzzVerifyReceipt(f *testing.F) {
	l := newTestLog(f)
	for range 12 {
		l.sign()
	}
	l.revoke(f, 3)
	l.head(f)
	vs, _ := Verifiers(l.key.Public)
	rep, err := Verify(l.doc, vs)
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range []int64{0, 3, 11} {
		rc := l.receipt(n)
		p, _ := Prove(rep.Leaves, n, rep.SignedSize)
		rc.Proof = &p
		b, _ := json.Marshal(rc)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rc, err := ParseReceipt(b)
		if err != nil {
			return
		}
		st, err := VerifyReceipt(l.doc, rep, rc)
		if err != nil {
			return
		}
		c, _ := ParseHex(rc.Commitment)
		if e := l.doc.Entries[st.N]; e.Kind != KindSign || e.Commitment != c {
			t.Fatalf("accepted a receipt for entry %d that is not its own", st.N)
		}
	})
}
