package places

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// clip cuts s to at most maxInput bytes, on a character boundary.
func clip(s string) string {
	if len(s) <= maxInput {
		return s
	}
	n := maxInput
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Fold is the form names are compared in: lower case, without accents,
// ligatures spelled out, every run of punctuation, hyphens and apostrophes
// one space, and the abbreviations people type spelled out ("st" →
// "saint", "ste" → "sainte", "s/" → "sur"), so "ST-ETIENNE", "Saint
// Étienne" and "saint-étienne" fold alike.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFD.String(strings.ToValidUTF8(strings.ReplaceAll(s, "s/", "sur "), " ")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø' || r == 'Ø':
			b.WriteByte('o')
		case r == 'ł' || r == 'Ł':
			b.WriteByte('l')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		switch w {
		case "st":
			words[i] = "saint"
		case "ste":
			words[i] = "sainte"
		case "sts":
			words[i] = "saints"
		case "stes":
			words[i] = "saintes"
		}
	}
	return strings.Join(words, " ")
}
