package roll

import (
	"slices"
	"strings"
)

// phoneticKey reduces a normalised token (uppercase ASCII) to how it
// sounds in French, so that spellings people confuse when they write a
// name they heard (ROUSSO for ROUSSEAU, FILIPE for PHILIPPE, KATERINE for
// CATHERINE, CHAUVAU for CHAUVEAU) share a key even when they are more
// than two edits apart. It is deliberately coarse: a key match only adds
// candidates, which the name, date and place agreement then rank.
func phoneticKey(s string) string {
	b := make([]byte, 0, len(s))
	at := func(i int) byte {
		if i >= 0 && i < len(s) {
			return s[i]
		}
		return 0
	}
	vowel := func(c byte) bool { return strings.IndexByte("AEIOUY", c) >= 0 }
	for i := 0; i < len(s); {
		c := s[i]
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "EAU"):
			b, i = append(b, 'O'), i+3
		case strings.HasPrefix(rest, "AU"):
			b, i = append(b, 'O'), i+2
		case strings.HasPrefix(rest, "PH"):
			b, i = append(b, 'F'), i+2
		case strings.HasPrefix(rest, "QU"), strings.HasPrefix(rest, "CK"), strings.HasPrefix(rest, "KH"):
			b, i = append(b, 'K'), i+2
		case strings.HasPrefix(rest, "SCH"):
			b, i = append(b, 'X'), i+3
		case strings.HasPrefix(rest, "CH"), strings.HasPrefix(rest, "SH"):
			b, i = append(b, 'X'), i+2
		case strings.HasPrefix(rest, "TH"):
			b, i = append(b, 'T'), i+2
		case strings.HasPrefix(rest, "AI"), strings.HasPrefix(rest, "EI"):
			if n := at(i + 2); n == 'N' || n == 'M' {
				// AIN, EIN sound like IN.
				b, i = append(b, 'I'), i+2
			} else {
				b, i = append(b, 'E'), i+2
			}
		case strings.HasPrefix(rest, "GE") && vowel(at(i+2)) && at(i+2) != 'E' && at(i+2) != 'I':
			// GEA, GEO: the E only softens the G.
			b, i = append(b, 'J'), i+2
		case c == 'G' && (at(i+1) == 'E' || at(i+1) == 'I' || at(i+1) == 'Y'):
			b, i = append(b, 'J'), i+1
		case c == 'C' && (at(i+1) == 'E' || at(i+1) == 'I' || at(i+1) == 'Y'):
			b, i = append(b, 'S'), i+1
		case c == 'C' || c == 'Q':
			b, i = append(b, 'K'), i+1
		case c == 'Z':
			b, i = append(b, 'S'), i+1
		case c == 'Y':
			b, i = append(b, 'I'), i+1
		case c == 'W':
			b, i = append(b, 'V'), i+1
		case c == 'H':
			i++ // silent
		case (c == 'E' || c == 'A') && (at(i+1) == 'N' || at(i+1) == 'M') && !vowel(at(i+2)) && at(i+2) != at(i+1):
			// Nasal AN, EN, AM, EM.
			b, i = append(b, 'A', 'N'), i+2
		default:
			b, i = append(b, c), i+1
		}
	}
	// Word endings: ER, EZ, ET sound like E; silent final consonants and
	// E go; doubled letters are single.
	for {
		n := len(b)
		switch {
		case n > 3 && (b[n-1] == 'R' || b[n-1] == 'S' || b[n-1] == 'T') && b[n-2] == 'E':
			b = b[:n-1]
			continue
		case n > 3 && strings.IndexByte("TDSXP", b[n-1]) >= 0:
			b = b[:n-1]
			continue
		case n > 3 && b[n-1] == 'E':
			b = b[:n-1]
			continue
		}
		break
	}
	b = slices.Compact(b)
	return string(b)
}

// phonIndex maps the phonetic keys of a vocabulary's tokens to the tokens:
// key hashes sorted, with their token ids.
type phonIndex struct {
	hash []uint32
	tok  []uint32
}

// buildPhon indexes the phonetic keys of v's tokens of three letters or
// more (shorter ones have too many neighbours to gain from it).
func buildPhon(v *vocab) *phonIndex {
	type pair struct{ h, t uint32 }
	pairs := make([]pair, 0, v.size())
	for id := 1; id < v.size(); id++ {
		t := v.token(uint32(id))
		if len(t) >= 3 {
			pairs = append(pairs, pair{fnv32(phoneticKey(t)), uint32(id)})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if a.h != b.h {
			if a.h < b.h {
				return -1
			}
			return 1
		}
		return int(a.t) - int(b.t)
	})
	p := &phonIndex{hash: make([]uint32, len(pairs)), tok: make([]uint32, len(pairs))}
	for i, x := range pairs {
		p.hash[i], p.tok[i] = x.h, x.t
	}
	return p
}

// phonMax bounds the tokens one phonetic key may add to a query word, and
// phonScan the index entries looked at for it.
const (
	phonMax  = 16
	phonScan = 64
)

// sounds marks the candidates of q that sound like it, appends the tokens
// that sound like q but are more than two edits away, at distance 2, and
// returns them sorted by token id.
func (v *vocab) sounds(q string, cands []tokCand) []tokCand {
	if v.phon == nil || len(q) < 3 {
		return cands
	}
	key := phoneticKey(q)
	h := fnv32(key)
	p := v.phon
	i, _ := slices.BinarySearch(p.hash, h)
	added := 0
	n := len(cands)
	for end := min(i+phonScan, len(p.hash)); i < end && p.hash[i] == h; i++ {
		t := p.tok[i]
		if phoneticKey(v.token(t)) != key {
			continue // another key with the same hash
		}
		if k := findTok(cands[:n], t); k >= 0 {
			cands[k].phon = true
			continue
		}
		if added < phonMax {
			cands = append(cands, tokCand{tok: t, dist: 2, surname: true, phon: true})
			added++
		}
	}
	if added > 0 {
		slices.SortFunc(cands, func(a, b tokCand) int { return int(a.tok) - int(b.tok) })
	}
	return cands
}
