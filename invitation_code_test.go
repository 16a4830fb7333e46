package cortege

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestInvitationCodeFormat(t *testing.T) {
	seen := map[InvitationCode]bool{}
	for i := 0; i < 2000; i++ {
		c := NewInvitationCode()
		if len(c) != 20 {
			t.Fatalf("code %q has %d characters", c, len(c))
		}
		for _, r := range string(c) {
			if !strings.ContainsRune(InvitationCodeAlphabet, r) {
				t.Fatalf("code %q has %q outside the alphabet", c, r)
			}
		}
		if seen[c] {
			t.Fatalf("code %q drawn twice", c)
		}
		seen[c] = true
		p, err := ParseInvitationCode(c.String())
		if err != nil || p != c {
			t.Fatalf("ParseInvitationCode(%q) = %q, %v", c.String(), p, err)
		}
	}
	s := NewInvitationCode().String()
	if len(s) != 24 || s[4] != '-' || s[9] != '-' || s[14] != '-' || s[19] != '-' {
		t.Errorf("String() = %q, want five groups of four", s)
	}
}

func TestInvitationCodeAlphabetHasNoLookalikes(t *testing.T) {
	if len(InvitationCodeAlphabet) != codeBase {
		t.Fatalf("alphabet has %d characters, want %d", len(InvitationCodeAlphabet), codeBase)
	}
	for _, r := range "01OILJBGSZUYQ" {
		if strings.ContainsRune(InvitationCodeAlphabet, r) {
			t.Errorf("alphabet holds the ambiguous %q", r)
		}
	}
	for r, m := range codeLookalikes {
		if !strings.ContainsRune(InvitationCodeAlphabet, rune(m)) {
			t.Errorf("%q maps to %q, not in the alphabet", r, m)
		}
	}
}

// TestInvitationCodeEntropy: at least 80 random bits.
func TestInvitationCodeEntropy(t *testing.T) {
	bits := 0.0
	for i := 0; i < codeRandom; i++ {
		bits += 4.523561956057013 // log2(23)
	}
	if bits < 80 {
		t.Errorf("%.1f random bits, want ≥ 80", bits)
	}
	// Each position takes every value: no bias towards part of the alphabet.
	counts := make([][codeBase]int, codeRandom)
	for i := 0; i < 3000; i++ {
		c := NewInvitationCode()
		for j := 0; j < codeRandom; j++ {
			counts[j][codeValue(c[j])]++
		}
	}
	for j := range counts {
		for v, n := range counts[j] {
			if n == 0 {
				t.Errorf("position %d never drew %q in 3000 codes", j, InvitationCodeAlphabet[v])
			}
		}
	}
}

func TestParseInvitationCodeTolerance(t *testing.T) {
	c := NewInvitationCode()
	s := string(c)
	// A code whose characters have look-alikes, built by hand: check it.
	for _, in := range []string{
		c.String(),
		s,
		strings.ToLower(c.String()),
		" " + s[:4] + " " + s[4:10] + "\t" + s[10:] + " ",
		s[:5] + "." + s[5:],
		s[:4] + "\u2011" + s[4:],
	} {
		got, err := ParseInvitationCode(in)
		if err != nil || got != c {
			t.Errorf("ParseInvitationCode(%q) = %q, %v; want %q", in, got, err, c)
		}
	}
	// Look-alikes read as the character they resemble.
	ref := make([]byte, 0, 20)
	for len(ref) < 20 {
		ref = append(ref, 'D', '8', '6', '5', '2', 'V')
	}
	ref = ref[:19]
	vals := make([]int, 20)
	for i, b := range ref {
		vals[i] = codeValue(b)
	}
	ref = append(ref, InvitationCodeAlphabet[codeCheck(vals)])
	want := InvitationCode(ref)
	typed := strings.NewReplacer("D", "o", "8", "B", "6", "g", "5", "S", "2", "z", "V", "u").Replace(string(ref[:19])) + string(ref[19])
	if got, err := ParseInvitationCode(typed); err != nil || got != want {
		t.Errorf("ParseInvitationCode(%q) = %q, %v; want %q", typed, got, err, want)
	}
	for _, alt := range []string{"0", "O", "Q"} {
		in := alt + string(want[1:])
		if got, err := ParseInvitationCode(in); err != nil || got != want {
			t.Errorf("ParseInvitationCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestParseInvitationCodeErrors(t *testing.T) {
	c := string(NewInvitationCode())
	for _, tc := range []struct{ in, msg string }{
		{"", "err.code.length"},
		{c[:19], "err.code.length"},
		{c + "A", "err.code.length"},
		{strings.Repeat("A", 500), "err.code.length"},
		{"1" + c[1:], "err.code.check"},
		{"I" + c[1:], "err.code.check"},
		{"é" + c[1:], "err.code.check"},
		{c[:10] + "#" + c[11:], "err.code.check"},
	} {
		_, err := ParseInvitationCode(tc.in)
		e := ErrorOf(err)
		if e == nil || e.Code != EINVALID || e.Field != "code" || e.Message != tc.msg {
			t.Errorf("ParseInvitationCode(%q) = %v, want EINVALID %s on code", tc.in, err, tc.msg)
		}
	}
}

// TestInvitationCodeCheckDetectsErrors tries, exhaustively on sample codes,
// every single substitution and every transposition of two different
// characters (adjacent and not): the parser refuses each one.
func TestInvitationCodeCheckDetectsErrors(t *testing.T) {
	for n := 0; n < 200; n++ {
		c := []byte(NewInvitationCode())
		for i := range c {
			orig := c[i]
			for k := 0; k < codeBase; k++ {
				if InvitationCodeAlphabet[k] == orig {
					continue
				}
				c[i] = InvitationCodeAlphabet[k]
				if _, err := ParseInvitationCode(string(c)); ErrorOf(err) == nil || ErrorOf(err).Message != "err.code.check" {
					t.Fatalf("substitution at %d in %q accepted (%v)", i, c, err)
				}
			}
			c[i] = orig
		}
		for i := range c {
			for j := i + 1; j < len(c); j++ {
				if c[i] == c[j] {
					continue
				}
				c[i], c[j] = c[j], c[i]
				if _, err := ParseInvitationCode(string(c)); ErrorOf(err) == nil {
					t.Fatalf("transposition of %d and %d in %q accepted", i, j, c)
				}
				c[i], c[j] = c[j], c[i]
			}
		}
	}
}

func TestInvitationCodeHash(t *testing.T) {
	c := NewInvitationCode()
	sum := sha256.Sum256([]byte(strings.ReplaceAll(c.String(), "-", "")))
	if c.Hash() != hex.EncodeToString(sum[:]) {
		t.Errorf("Hash() = %s, want the SHA-256 of the normalised code", c.Hash())
	}
	p, _ := ParseInvitationCode(strings.ToLower(c.String()))
	if p.Hash() != c.Hash() || len(c.Hash()) != 64 || strings.ToLower(c.Hash()) != c.Hash() {
		t.Errorf("hash of the typed code %s differs from %s", p.Hash(), c.Hash())
	}
}

func FuzzParseInvitationCode(f *testing.F) {
	f.Add("C7K5-3P56-5AXD-4FA2-CKF8")
	f.Add("ex77 wnm2 h7m2 9xtw rem8")
	f.Add("")
	f.Add("0O1IL-----")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseInvitationCode(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseInvitationCode(%q): %v is not EINVALID", s, err)
			}
			return
		}
		if len(c) != 20 {
			t.Fatalf("ParseInvitationCode(%q) = %q: not 20 characters", s, c)
		}
		again, err := ParseInvitationCode(c.String())
		if err != nil || again != c {
			t.Fatalf("round trip of %q: %q, %v", c, again, err)
		}
		if _, err := ParseInvitationCode(string(c)); err != nil {
			t.Fatal(err)
		}
	})
}
