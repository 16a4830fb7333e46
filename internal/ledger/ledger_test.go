package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// testLog is a log built through the public API, as the service would.
type testLog struct {
	key   Key
	state State
	doc   Document
	salts map[int64]Salt
	ids   map[int64]string
	t     time.Time
}

func newTestLog(t testing.TB) *testLog {
	t.Helper()
	k, err := LoadOrCreateKey(t.TempDir(), "cortege.test")
	if err != nil {
		t.Fatal(err)
	}
	origin := "cortege.test/petitions/1"
	return &testLog{key: k, state: NewState(origin), doc: Document{Format: Format, Origin: origin, Key: k.Public},
		salts: map[int64]Salt{}, ids: map[int64]string{}, t: time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)}
}

// sign appends a signature with a deterministic salt and returns its position.
func (l *testLog) sign() int64 {
	var salt Salt
	binary.BigEndian.PutUint64(salt[:], uint64(len(l.salts))+1)
	id := "sig-" + string(rune('a'+len(l.ids)%26)) + strings.Repeat("x", len(l.ids)%7)
	id += string(binary.BigEndian.AppendUint32(nil, uint32(len(l.ids))))
	e, s := AppendSign(l.state, Commit(salt, id))
	l.state = s
	l.doc.Entries = append(l.doc.Entries, e)
	l.salts[e.N] = salt
	l.ids[e.N] = id
	return e.N
}

func (l *testLog) revoke(t testing.TB, n int64) {
	t.Helper()
	e, s, err := AppendRevoke(l.state, n, l.doc.Entries[n].Commitment)
	if err != nil {
		t.Fatal(err)
	}
	l.state = s
	l.doc.Entries = append(l.doc.Entries, e)
}

func (l *testLog) head(t testing.TB) {
	t.Helper()
	l.t = l.t.Add(time.Minute)
	msg, err := HeadOf(l.state, l.t).Sign(l.key.Signer)
	if err != nil {
		t.Fatal(err)
	}
	l.doc.Heads = append(l.doc.Heads, msg)
}

func (l *testLog) receipt(n int64) Receipt {
	return NewReceipt(l.doc.Origin, l.doc.Entries[n], l.salts[n], l.ids[n])
}

func TestRootMatchesTlog(t *testing.T) {
	var stored []Hash
	r := tlog.HashReaderFunc(func(idx []int64) ([]Hash, error) {
		out := make([]Hash, len(idx))
		for i, x := range idx {
			out[i] = stored[x]
		}
		return out, nil
	})
	s := NewState("x/y")
	for n := int64(0); n < 70; n++ {
		want, err := tlog.TreeHash(n, r)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			want = sha256.Sum256(nil) // RFC 6962's empty tree
		}
		if got := s.Root(); got != want {
			t.Fatalf("size %d: frontier root %v, tlog %v", n, got, want)
		}
		var c Hash
		c[0] = byte(n)
		e, next := AppendSign(s, c)
		hs, err := tlog.StoredHashes(n, e.Text(), r)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, hs...)
		s = next
	}
}

func TestStateRoundTrip(t *testing.T) {
	l := newTestLog(t)
	for range 13 {
		l.sign()
	}
	l.revoke(t, 4)
	b, _ := l.state.MarshalBinary()
	got, err := UnmarshalState(l.state.Origin, b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Root() != l.state.Root() || got.Size != 14 || got.Count != 12 || got.Last != l.state.Last {
		t.Fatalf("round trip: %+v", got)
	}
	if _, err := UnmarshalState("o", b[:len(b)-32]); err == nil {
		t.Fatal("a state missing a subtree was accepted")
	}
}

func TestAppendRevokeRefuses(t *testing.T) {
	s := NewState("o/p")
	if _, _, err := AppendRevoke(s, 0, Hash{}); !errors.Is(err, ErrBadRevocation) {
		t.Fatalf("revoking in an empty log: %v", err)
	}
	_, s = AppendSign(s, Hash{1})
	_, s, _ = AppendRevoke(s, 0, Hash{1})
	if _, _, err := AppendRevoke(s, 0, Hash{1}); !errors.Is(err, ErrNoCount) {
		t.Fatalf("count below zero: %v", err)
	}
}

func TestVerify(t *testing.T) {
	l := newTestLog(t)
	l.head(t) // a head of the empty log
	for i := range 40 {
		l.sign()
		if i%9 == 8 {
			l.revoke(t, int64(i-3))
			l.head(t)
		}
	}
	l.head(t)
	for range 3 {
		l.sign() // a tail not yet signed
	}
	raw, err := l.doc.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ParseDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	vs, _ := Verifiers(l.key.Public)
	rep, err := Verify(doc, vs)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Signs != 43 || rep.Revokes != 4 || rep.Count != 39 || rep.SignedCount != 36 || rep.SignedSize != 44 || rep.Count != l.state.Count {
		t.Fatalf("report %+v", rep)
	}
	if len(rep.Heads) != 6 {
		t.Fatalf("%d heads", len(rep.Heads))
	}

	t.Run("receipt", func(t *testing.T) {
		st, err := VerifyReceipt(doc, rep, l.receipt(2))
		if err != nil || st.RevokedAt != -1 || st.Head.Size != 44 {
			t.Fatalf("%+v %v", st, err)
		}
		st, err = VerifyReceipt(doc, rep, l.receipt(5))
		if err != nil || st.RevokedAt != 9 {
			t.Fatalf("revoked receipt: %+v %v", st, err)
		}
		rc := l.receipt(20)
		p, err := Prove(rep.Leaves, 20, 30) // against an older head (of 30 entries)
		if err != nil {
			t.Fatal(err)
		}
		rc.Proof = &p
		if _, err := VerifyReceipt(doc, rep, rc); err != nil {
			t.Fatal(err)
		}
		rc.Proof.Hashes[1] = rc.Proof.Hashes[0]
		if _, err := VerifyReceipt(doc, rep, rc); err == nil {
			t.Fatal("a bad proof was accepted")
		}
		rc = l.receipt(3)
		rc.Salt = strings.Repeat("0", 64)
		if _, err := VerifyReceipt(doc, rep, rc); err == nil || !strings.Contains(err.Error(), "open") {
			t.Fatalf("wrong salt: %v", err)
		}
		rc = l.receipt(3)
		rc.N = 4
		if _, err := VerifyReceipt(doc, rep, rc); err == nil {
			t.Fatal("a receipt pointing at another entry was accepted")
		}
		if _, err := VerifyReceipt(doc, rep, l.receipt(45)); !errors.Is(err, ErrNotYetSigned) {
			t.Fatalf("tail receipt: %v", err)
		}
	})
}

func TestVerifyRefuses(t *testing.T) {
	build := func() *testLog {
		l := newTestLog(t)
		for range 6 {
			l.sign()
		}
		return l
	}
	other, _ := LoadOrCreateKey(t.TempDir(), "cortege.test")
	cases := []struct {
		name, want string
		edit       func(l *testLog)
	}{
		{"revoke of a revoke", "not an earlier signature", func(l *testLog) {
			l.revoke(t, 1)
			e, s, _ := AppendRevoke(l.state, 6, l.doc.Entries[1].Commitment)
			l.state, l.doc.Entries = s, append(l.doc.Entries, e)
		}},
		{"double revoke", "already revoked", func(l *testLog) { l.revoke(t, 1); l.revoke(t, 1) }},
		{"revoke with another commitment", "commitment is not that", func(l *testLog) {
			e, s, _ := AppendRevoke(l.state, 2, Hash{7})
			l.state, l.doc.Entries = s, append(l.doc.Entries, e)
		}},
		{"duplicate commitment", "already signed at position 0", func(l *testLog) {
			e, s := AppendSign(l.state, l.doc.Entries[0].Commitment)
			l.state, l.doc.Entries = s, append(l.doc.Entries, e)
		}},
		{"head by another key", "not signed by a trusted key", func(l *testLog) {
			msg, _ := HeadOf(l.state, l.t).Sign(other.Signer)
			l.doc.Heads = append(l.doc.Heads, msg)
		}},
		{"head claiming more", "entries are missing", func(l *testLog) {
			l.head(t)
			l.doc.Entries = l.doc.Entries[:5]
		}},
		{"head of another log", "is for log", func(l *testLog) {
			s := l.state
			s.Origin = "cortege.test/petitions/2"
			msg, _ := HeadOf(s, l.t).Sign(l.key.Signer)
			l.doc.Heads = append(l.doc.Heads, msg)
		}},
		{"heads out of order", "out of order", func(l *testLog) {
			l.head(t)
			l.t = l.t.Add(-time.Hour)
			l.head(t)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := build()
			c.edit(l)
			vs, _ := Verifiers(l.key.Public)
			_, err := Verify(l.doc, vs)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestParseDocumentStrict(t *testing.T) {
	l := newTestLog(t)
	l.sign()
	l.sign()
	l.head(t)
	raw, _ := l.doc.Marshal()
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseDocument(pretty.Bytes()); err != nil {
		t.Fatalf("whitespace between tokens refused: %v", err)
	}
	for _, c := range []struct{ name, from, to string }{
		{"upper-case hex", `"prev":"`, `"prev":"` + "A"},
		{"field name in another case", `"entries"`, `"Entries"`},
		{"unknown field", `"format"`, `"extra":1,"format"`},
		{"duplicate field", `"format":"cortege-ledger/1"`, `"format":"x","format":"cortege-ledger/1"`},
		{"number spelled otherwise", `"n":1`, `"n":1.0`},
		{"escaped character", `cortege.test/petitions/1"`, `cortege.test\/petitions/1"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := bytes.Replace(raw, []byte(c.from), []byte(c.to), 1)
			if bytes.Equal(b, raw) {
				t.Fatal("edit did nothing")
			}
			if _, err := ParseDocument(b); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	k1, err := LoadOrCreateKey(dir, "cortege.example.org")
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", fi.Mode().Perm(), err)
	}
	k2, err := LoadOrCreateKey(dir, "another.name")
	if err != nil || k2.Public != k1.Public || !strings.HasPrefix(k1.Public, "cortege.example.org+") {
		t.Fatalf("reloaded key %q, first %q, %v", k2.Public, k1.Public, err)
	}
	msg, _ := HeadOf(NewState("a/b"), time.Now()).Sign(k2.Signer)
	vs, _ := Verifiers(k1.Public)
	if _, err := OpenHead(msg, vs); err != nil {
		t.Fatalf("a head signed by the reloaded key: %v", err)
	}
	os.Chmod(filepath.Join(dir, KeyFile), 0o644)
	if _, err := LoadOrCreateKey(dir, "x"); err == nil {
		t.Fatal("a key readable by others was accepted")
	}
}
