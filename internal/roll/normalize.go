package roll

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldRune maps one rune to its uppercase ASCII letters, or to "" for a
// separator. Accents are removed, ligatures expanded.
func foldRune(r rune, buf []byte) []byte {
	switch {
	case r >= 'a' && r <= 'z':
		return append(buf, byte(r-'a'+'A'))
	case r >= 'A' && r <= 'Z':
		return append(buf, byte(r))
	case r < utf8.RuneSelf:
		return buf
	}
	switch r {
	case 'œ', 'Œ':
		return append(buf, 'O', 'E')
	case 'æ', 'Æ':
		return append(buf, 'A', 'E')
	case 'ß':
		return append(buf, 'S', 'S')
	case 'ø', 'Ø':
		return append(buf, 'O')
	case 'đ', 'Đ':
		return append(buf, 'D')
	case 'ł', 'Ł':
		return append(buf, 'L')
	}
	var tmp [16]byte
	n := utf8.EncodeRune(tmp[:], r)
	for _, d := range norm.NFD.Bytes(tmp[:n]) {
		if d >= 'a' && d <= 'z' {
			buf = append(buf, d-'a'+'A')
		} else if d >= 'A' && d <= 'Z' {
			buf = append(buf, d)
		}
	}
	if len(buf) == 0 && unicode.IsLetter(r) {
		// A letter with no Latin decomposition (Greek, Cyrillic…): keep it
		// so that such names remain searchable exactly.
		return utf8.AppendRune(buf, unicode.ToUpper(r))
	}
	return buf
}

// Tokens splits a name into normalised tokens: uppercase ASCII letters
// without accents, split on spaces, hyphens, apostrophes and any other
// non-letter. "Jean-Éric d'Estaing" gives JEAN ERIC D ESTAING.
func Tokens(s string) []string {
	var out []string
	var cur []byte
	var tmp []byte
	for _, r := range s {
		tmp = foldRune(r, tmp[:0])
		if len(tmp) == 0 {
			if len(cur) > 0 {
				out = append(out, string(cur))
				cur = cur[:0]
			}
			continue
		}
		cur = append(cur, tmp...)
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

// Normalize returns the tokens of s joined by single spaces.
func Normalize(s string) string { return strings.Join(Tokens(s), " ") }

// nameTokens returns the tokens of a name field plus, for a compound name,
// the tokens glued together (LE GALL also answers to LEGALL, D'ARTAGNAN to
// DARTAGNAN). joined reports whether the last token is such a glued form.
// One-letter tokens are kept for display but never index an entry.
func nameTokens(s string) (toks []string, joined bool) {
	all := Tokens(s)
	toks = make([]string, 0, len(all)+1)
	toks = append(toks, all...)
	if len(all) > 1 {
		j := strings.Join(all, "")
		if len(j) <= maxJoined {
			toks = append(toks, j)
			joined = true
		}
	}
	return toks, joined
}

// maxJoined bounds the length of a glued compound name.
const maxJoined = 24
