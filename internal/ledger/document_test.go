package ledger

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzParseDocument feeds the log parser arbitrary bytes: it must never
// panic, what it accepts must re-encode to a document it reads back the
// same, and Verify (with the document's own key) must not panic on it and
// must report counts that add up.
func FuzzParseDocument(f *testing.F) {
	f.Add([]byte(`{"format":"cortege-ledger/1","origin":"a/b","key":"","entries":[],"heads":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseDocument(b)
		if err != nil {
			return
		}
		again, err := d.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		d2, err := ParseDocument(again)
		if err != nil {
			t.Fatalf("re-encoded document refused: %v\n%s", err, again)
		}
		if again2, _ := d2.Marshal(); !bytes.Equal(again, again2) {
			t.Fatalf("encoding not stable:\n%s\n%s", again, again2)
		}
		vs, err := Verifiers(d.Key)
		if err != nil {
			return
		}
		rep, err := Verify(d, vs)
		if err != nil {
			return
		}
		if rep.Count != rep.Signs-rep.Revokes || rep.Count < 0 || rep.SignedSize > rep.Entries || int64(len(rep.Leaves)) != rep.Entries {
			t.Fatalf("inconsistent report %+v", rep)
		}
	})
}

// FuzzParseHeadText checks that a head text is accepted only in the one
// spelling Head.Text writes.
func FuzzParseHeadText(f *testing.F) {
	f.Add("cortege.test/petitions/1\n3\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\ncount 2\ntime 2026-12-03T12:00:00Z\n")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHeadText(s)
		if err != nil {
			return
		}
		if h.Text() != s {
			t.Fatalf("accepted %q, which writes as %q", s, h.Text())
		}
	})
}

// TestMarshalIsJSON checks the hand-written encoder against encoding/json.
func TestMarshalIsJSON(t *testing.T) {
	l := newTestLog(t)
	l.doc.Origin = "cortege.test/p<&>\u2028é"
	for range 9 {
		l.sign()
	}
	l.revoke(t, 3)
	l.head(t)
	got, _ := l.doc.Marshal()
	want, err := json.Marshal(l.doc)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want)+"\n" {
		t.Fatalf("Marshal\n%s\njson.Marshal\n%s", got, want)
	}
	if _, err := ParseDocument(got); err != nil {
		t.Fatal(err)
	}
	var streamed bytes.Buffer
	dw := NewDocumentWriter(&streamed)
	dw.Begin(l.doc.Format, l.doc.Origin, l.doc.Key)
	for _, e := range l.doc.Entries {
		dw.Entry(e)
	}
	if err := dw.End(l.doc.Heads); err != nil {
		t.Fatal(err)
	}
	if streamed.String() != string(got) {
		t.Fatalf("DocumentWriter\n%s\nMarshal\n%s", streamed.Bytes(), got)
	}
}
