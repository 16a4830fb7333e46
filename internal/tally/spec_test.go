package tally

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"testing"
)

// TestBoardSpec checks docs/tally.md against the engine: what that page
// defines byte by byte is recomputed here from the published board with
// the standard library only (no circl: token signatures are checked as
// the RSASSA-PSS signatures RFC 9474 says they are), and must agree with
// the board the engine wrote.
func TestBoardSpec(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(40, 40))
	b := newBox(t, rng, 5, 5)
	b.meta.Revote = true
	for i, tok := range b.tokens {
		if tok != nil {
			b.ballots[i].Slot = SlotOf(tok)
		}
	}
	raw := b.board(t, 3).Marshal()

	var doc struct {
		Format    string            `json:"format"`
		Origin    string            `json:"origin"`
		Title     string            `json:"title"`
		Questions []json.RawMessage `json:"questions"`
		TokenKey  string            `json:"token_key"`
		Revote    bool              `json:"revote"`
		SignOffs  int64             `json:"signoffs"`
		Opening   struct{ Commitment string }
		Codes     []string `json:"codes"`
		Ballots   []struct {
			Entry  struct{ Commitment string }
			Ballot json.RawMessage `json:"ballot"`
		} `json:"ballots"`
		Closing struct{ Commitment string }
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	sum := func(parts ...string) string {
		h := sha256.Sum256([]byte(strings.Join(parts, "")))
		return hex.EncodeToString(h[:])
	}
	// The opening: the compact JSON of origin, title, questions, token key
	// and re-voting rule.
	str := func(s string) string { q, _ := json.Marshal(s); return string(q) }
	j := `{"origin":` + str(doc.Origin) + `,"title":` + str(doc.Title) + `,"questions":[` +
		string(bytes.Join(rawList(doc.Questions), []byte(","))) + `],"token_key":` + str(doc.TokenKey) +
		`,"revote":` + fmt.Sprint(doc.Revote) + `}`
	if got := sum("cortege-board/1 opening\n", j, "\n"); got != doc.Opening.Commitment {
		t.Fatalf("opening: %s, the board has %s", got, doc.Opening.Commitment)
	}
	// The closing.
	codes := ""
	for _, c := range doc.Codes {
		codes += c + "\n"
	}
	closing := fmt.Sprintf("cortege-board/1 closing\nballots %d\nsignoffs %d\ncodes %s\n", len(doc.Ballots), doc.SignOffs, sum(codes))
	if got := sum(closing); got != doc.Closing.Commitment {
		t.Fatalf("closing: %s, the board has %s", got, doc.Closing.Commitment)
	}
	der, err := base64.StdEncoding.DecodeString(doc.TokenKey)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range doc.Ballots {
		// Each ballot's hash: its canonical bytes, as published, and a line feed.
		if got := sum("cortege-ballot/1\n", string(x.Ballot), "\n"); got != x.Entry.Commitment {
			t.Fatalf("ballot %d: hash %s, entry %s", i, got, x.Entry.Commitment)
		}
		var bl struct {
			Slot  string `json:"slot"`
			Proof struct{ Token, Signature, Code string }
		}
		json.Unmarshal(x.Ballot, &bl)
		if bl.Proof.Token == "" {
			continue
		}
		tok, _ := base64.RawURLEncoding.DecodeString(bl.Proof.Token)
		sig, _ := base64.RawURLEncoding.DecodeString(bl.Proof.Signature)
		digest := sha512.New384()
		digest.Write(tok)
		if err := rsa.VerifyPSS(pub.(*rsa.PublicKey), crypto.SHA384, digest.Sum(nil), sig, &rsa.PSSOptions{SaltLength: 48, Hash: crypto.SHA384}); err != nil {
			t.Fatalf("ballot %d: the token's signature is not RSASSA-PSS SHA-384 with a 48-byte salt: %v", i, err)
		}
		if want := sum("cortege-slot/1\n", string(tok)); bl.Slot != want {
			t.Fatalf("ballot %d: slot %s, want %s", i, bl.Slot, want)
		}
	}
	// And the engine accepts it.
	if err := verifyBytes(raw, testFixture(t)); err != nil {
		t.Fatal(err)
	}
}

func rawList(xs []json.RawMessage) [][]byte {
	out := make([][]byte, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
