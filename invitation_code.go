package cortege

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Invitation codes are the anonymous one-time codes printed on slips and
// handed out apart from any list of names (issue 14, Deliver 4).
//
// Layout: 19 random characters and one check character, shown as five
// groups of four (e.g. "C7K5-3P56-5AXD-4FA2-CKF8"). The 19
// random characters carry 19·log2(23) ≈ 85.9 bits from crypto/rand.
//
// Alphabet: 23 characters, "23456789ACDEFHKMNPRTVWX": upper-case letters and
// digits with every look-alike class reduced to one member. 0, O, 1, I, L
// and J never appear; B, G, S, Z, U, Y and Q are left out because a reader
// may take them for 8, 6, 5, 2, V, V and D. When a code is typed in, those
// look-alikes are read as the character they resemble (O, 0 and Q as D,
// B as 8, G as 6, S as 5, Z as 2, U and Y as V), so a misreading of the
// slip costs nothing.
//
// Check character: 23 is prime. With v_j the value of the j-th character
// (0 to 22, position 0 first) and weight w_j = 20 − j, a code is valid
// when Σ w_j·v_j ≡ 0 (mod 23); the last character (weight 1) is chosen to
// make it so. A single substitution changes the sum by w_j·(a−b) and a
// transposition of the characters at j and j+d by d·(a−b); with every
// weight and every d between 1 and 19, and a ≠ b, both factors are non-zero
// modulo the prime 23, so every single substitution and every transposition
// (adjacent or not) is detected.

// InvitationCode is a well-formed invitation code in its normalised form:
// 20 characters of the alphabet, upper case, no separator.
type InvitationCode string

// InvitationCodeAlphabet is the set of characters a code is written with.
const InvitationCodeAlphabet = "23456789ACDEFHKMNPRTVWX"

const (
	codeBase      = 23 // len(InvitationCodeAlphabet), a prime
	codeRandom    = 19 // random characters
	codeLength    = codeRandom + 1
	codeGroupSize = 4
)

// codeLookalikes maps the characters that never appear in a code to the
// one they are most likely a misreading of.
var codeLookalikes = map[rune]byte{
	'O': 'D', '0': 'D', 'Q': 'D',
	'B': '8', 'G': '6', 'S': '5', 'Z': '2',
	'U': 'V', 'Y': 'V',
}

// codeValue returns the value of an alphabet character, or -1.
func codeValue(c byte) int { return strings.IndexByte(InvitationCodeAlphabet, c) }

// codeCheck returns the check value of the first codeRandom values.
func codeCheck(vals []int) int {
	sum := 0
	for j, v := range vals[:codeRandom] {
		sum += (codeLength - j) * v
	}
	return (codeBase - sum%codeBase) % codeBase
}

// NewInvitationCode draws a new code from crypto/rand.
func NewInvitationCode() InvitationCode {
	vals := make([]int, codeLength)
	var buf [32]byte
	n := 0
	for n < codeRandom {
		rand.Read(buf[:])
		for _, b := range buf {
			// 230 = 10·23: rejecting 230–255 keeps every value equally likely.
			if b < 230 && n < codeRandom {
				vals[n] = int(b) % codeBase
				n++
			}
		}
	}
	vals[codeRandom] = codeCheck(vals)
	out := make([]byte, codeLength)
	for i, v := range vals {
		out[i] = InvitationCodeAlphabet[v]
	}
	return InvitationCode(out)
}

// ParseInvitationCode reads a code as a voter typed it: any case, with or
// without spaces and dashes, look-alikes read as the character they
// resemble. A code of the wrong length, with a character outside the
// alphabet or whose check character does not match is an EINVALID error
// on the field "code" (message "err.code.check": check the code, a
// character is wrong; "err.code.length" when characters are missing or in
// excess).
func ParseInvitationCode(s string) (InvitationCode, error) {
	if len(s) > 200 {
		return "", Invalid("code", "err.code.length")
	}
	out := make([]byte, 0, codeLength)
	bad := false
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '\t' || r == '.' || r == '\u00a0' || r == '\u2010' || r == '\u2011' || r == '\u2013' || r == '\u2212':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		if m, ok := codeLookalikes[r]; ok {
			out = append(out, m)
			continue
		}
		if r < 128 && codeValue(byte(r)) >= 0 {
			out = append(out, byte(r))
			continue
		}
		bad = true
		out = append(out, '?')
	}
	if len(out) != codeLength {
		return "", Invalid("code", "err.code.length")
	}
	if bad {
		return "", Invalid("code", "err.code.check")
	}
	vals := make([]int, codeLength)
	for i, c := range out {
		vals[i] = codeValue(c)
	}
	if codeCheck(vals) != vals[codeRandom] {
		return "", Invalid("code", "err.code.check")
	}
	return InvitationCode(out), nil
}

// String is the code as printed: five groups of four separated by dashes.
func (c InvitationCode) String() string {
	var b strings.Builder
	for i := 0; i < len(c); i++ {
		if i > 0 && i%codeGroupSize == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(c[i])
	}
	return b.String()
}

// Hash is the lower-case hex SHA-256 of the normalised code (its 20
// characters, upper case, no dash). It is what the ballot box stores and
// the public board lists (tally.Proof.Code); the code itself is stored
// nowhere.
func (c InvitationCode) Hash() string {
	sum := sha256.Sum256([]byte(c))
	return hex.EncodeToString(sum[:])
}
