package ledger_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/ledger"
)

// TestThirdPartyVerifier checks docs/ledger.md against the engine: a
// verifier written from that page alone, with the standard library only
// (no ledger, tlog or note code), recomputes the chain, the tree hashes,
// the counts and the signatures of a log the engine wrote.
func TestThirdPartyVerifier(t *testing.T) {
	key, err := ledger.LoadOrCreateKey(t.TempDir(), "cortege.example.org")
	if err != nil {
		t.Fatal(err)
	}
	origin := "cortege.example.org/petitions/42"
	s := ledger.NewState(origin)
	doc := ledger.Document{Format: ledger.Format, Origin: origin, Key: key.Public}
	at := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for i := range 37 {
		var salt ledger.Salt
		salt[0] = byte(i)
		e, next := ledger.AppendSign(s, ledger.Commit(salt, fmt.Sprint("sig", i)))
		s, doc.Entries = next, append(doc.Entries, e)
		if i%5 == 4 {
			e, next, err := ledger.AppendRevoke(s, int64(i-2), doc.Entries[i-2].Commitment)
			if err != nil {
				t.Fatal(err)
			}
			s, doc.Entries = next, append(doc.Entries, e)
		}
		if i%11 == 10 || i == 36 {
			at = at.Add(time.Minute)
			h, _ := ledger.HeadOf(s, at).Sign(key.Signer)
			doc.Heads = append(doc.Heads, h)
		}
	}
	raw, _ := doc.Marshal()

	// From here on, only docs/ledger.md.
	var d struct {
		Format, Origin, Key string
		Entries             []struct {
			N                int64
			Kind             string
			Prev, Commitment string
			Revokes          *int64
		}
		Heads []string
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	sum := func(parts ...[]byte) []byte {
		h := sha256.New()
		for _, p := range parts {
			h.Write(p)
		}
		return h.Sum(nil)
	}
	var mth func(leaves [][]byte) []byte
	mth = func(leaves [][]byte) []byte {
		switch len(leaves) {
		case 0:
			return sum()
		case 1:
			return leaves[0]
		}
		k := 1
		for k*2 < len(leaves) {
			k *= 2
		}
		return sum([]byte{1}, mth(leaves[:k]), mth(leaves[k:]))
	}
	prev := hex.EncodeToString(sum([]byte("cortege-ledger/1 genesis\n" + d.Origin + "\n")))
	var leaves [][]byte
	counts := []int64{0}
	for i, e := range d.Entries {
		if e.N != int64(i) || e.Prev != prev {
			t.Fatalf("entry %d: position or chain", i)
		}
		text := fmt.Sprintf("%s %d %s %s", e.Kind, e.N, e.Prev, e.Commitment)
		c := counts[len(counts)-1] + 1
		if e.Kind == "revoke" {
			text += fmt.Sprintf(" %d", *e.Revokes)
			c -= 2
		}
		leaf := sum([]byte{0}, []byte(text+"\n"))
		leaves, counts = append(leaves, leaf), append(counts, c)
		prev = hex.EncodeToString(leaf)
	}
	parts := strings.SplitN(d.Key, "+", 3) // base64 may hold "+" too
	keyData, _ := base64.StdEncoding.DecodeString(parts[2])
	if keyData[0] != 1 || fmt.Sprintf("%08x", binary.BigEndian.Uint32(sum([]byte(parts[0]+"\n"), keyData))) != parts[1] {
		t.Fatalf("verifier key %q: algorithm byte or key hash", d.Key)
	}
	pub := ed25519.PublicKey(keyData[1:])
	for i, h := range d.Heads {
		text, sigLine, ok := strings.Cut(h, "\n\n")
		if !ok {
			t.Fatalf("head %d: no blank line", i)
		}
		text += "\n"
		f := strings.Fields(strings.TrimPrefix(sigLine, "— "))
		sig, _ := base64.StdEncoding.DecodeString(f[1])
		if f[0] != parts[0] || hex.EncodeToString(sig[:4]) != parts[1] || !ed25519.Verify(pub, []byte(text), sig[4:]) {
			t.Fatalf("head %d: signature", i)
		}
		var size, count int64
		var root, ts string
		if _, err := fmt.Sscanf(text, origin+"\n%d\n%s\ncount %d\ntime %s\n", &size, &root, &count, &ts); err != nil {
			t.Fatalf("head %d: %v", i, err)
		}
		want := base64.StdEncoding.EncodeToString(mth(leaves[:size]))
		if root != want || count != counts[size] {
			t.Fatalf("head %d: root %s count %d, recomputed %s %d", i, root, count, want, counts[size])
		}
	}
	if got := counts[len(counts)-1]; got != s.Count || !bytes.Contains(raw, []byte(`"revokes":`)) {
		t.Fatalf("count %d, engine %d", got, s.Count)
	}
}
