package roll

import (
	"slices"
	"sort"
)

// vocab is the set of distinct normalised name tokens of a roll (surnames
// and first names together) with a deletion-neighbourhood index: every
// string obtained by deleting up to two letters from a token points back to
// it, so the tokens within two edits of a query token are found by looking
// up the query's own deletions and verifying the few candidates (the
// SymSpell method).
type vocab struct {
	arena []byte   // token bytes, concatenated
	off   []uint32 // token i is arena[off[i]:off[i+1]]; token 0 is empty
	// Deletion index, a hash table in compressed-row form: the tokens whose
	// deletions hash to bucket b are tok[bstart[b]:bstart[b+1]].
	bstart []uint32
	btok   []uint32
	mask   uint32
	// phon finds tokens by how they sound (built when the vocabulary is
	// built or loaded, not stored).
	phon *phonIndex
}

func (v *vocab) size() int { return len(v.off) - 1 }

// short reports whether token id has fewer than two letters: such tokens
// (the D of D'ARTAGNAN) are shown but never index an entry.
func (v *vocab) short(id uint32) bool { return v.off[id+1]-v.off[id] < 2 }

// token returns token id's bytes as a string without copying.
func (v *vocab) token(id uint32) string {
	return bytesString(v.arena[v.off[id]:v.off[id+1]])
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// deletionHashes calls f with the FNV-1a hash of s and of every string made
// by deleting one or two of its letters (but not all of them), without
// building those strings. A hash may come more than once (deleting either
// A of AAB gives AB).
func deletionHashes(s string, f func(h uint32)) {
	const offset, prime = 2166136261, 16777619
	n := len(s)
	f(fnv32(s))
	if n > 40 {
		return
	}
	for i := 0; i < n; i++ {
		if n > 1 {
			h := uint32(offset)
			for k := 0; k < n; k++ {
				if k != i {
					h = (h ^ uint32(s[k])) * prime
				}
			}
			f(h)
		}
		if n <= 2 {
			continue
		}
		for j := i + 1; j < n; j++ {
			h := uint32(offset)
			for k := 0; k < n; k++ {
				if k != i && k != j {
					h = (h ^ uint32(s[k])) * prime
				}
			}
			f(h)
		}
	}
}

// buildVocab indexes tokens (token 0 must be the empty token).
func buildVocab(tokens []string) *vocab {
	v := &vocab{off: make([]uint32, 0, len(tokens)+1)}
	size := 0
	for _, t := range tokens {
		size += len(t)
	}
	v.arena = make([]byte, 0, size)
	for _, t := range tokens {
		v.off = append(v.off, uint32(len(v.arena)))
		v.arena = append(v.arena, t...)
	}
	v.off = append(v.off, uint32(len(v.arena)))
	// Count deletions to size the table.
	type pair struct{ h, tok uint32 }
	pairs := make([]pair, 0, len(tokens)*20)
	var hs []uint32
	for id := 1; id < len(tokens); id++ {
		hs = hs[:0]
		deletionHashes(tokens[id], func(h uint32) { hs = append(hs, h) })
		slices.Sort(hs)
		for k, h := range hs {
			if k == 0 || h != hs[k-1] {
				pairs = append(pairs, pair{h, uint32(id)})
			}
		}
	}
	bits := 10
	for (1<<bits) < len(pairs) && bits < 30 {
		bits++
	}
	v.mask = uint32(1<<bits) - 1
	v.bstart = make([]uint32, (1<<bits)+1)
	for _, p := range pairs {
		v.bstart[(p.h&v.mask)+1]++
	}
	for i := 1; i < len(v.bstart); i++ {
		v.bstart[i] += v.bstart[i-1]
	}
	v.btok = make([]uint32, len(pairs))
	fill := append([]uint32(nil), v.bstart[:len(v.bstart)-1]...)
	for _, p := range pairs {
		b := p.h & v.mask
		v.btok[fill[b]] = p.tok
		fill[b]++
	}
	// Sort and deduplicate each bucket so lookups are deterministic.
	for b := 0; b+1 < len(v.bstart); b++ {
		s := v.btok[v.bstart[b]:v.bstart[b+1]]
		if len(s) > 1 {
			sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
		}
	}
	v.phon = buildPhon(v)
	return v
}

// tokCand is a vocabulary token within reach of a query token.
type tokCand struct {
	tok  uint32
	dist uint8
	// surname: within maxEdits, close enough to anchor a search as a
	// surname; the others are only within looseEdits (first names).
	surname bool
	// phon: the token sounds like the query word (same phonetic key).
	phon bool
}

// lookup returns the tokens within looseEdits of q, sorted by token id,
// marking those within maxEdits.
// exactOnly restricts it to q itself.
func (v *vocab) lookup(q string, exactOnly bool) []tokCand {
	var out []tokCand
	if q == "" {
		return nil
	}
	if exactOnly {
		h := fnv32(q) & v.mask
		for _, t := range v.btok[v.bstart[h]:v.bstart[h+1]] {
			if v.token(t) == q {
				return []tokCand{{tok: t, surname: true}}
			}
		}
		return nil
	}
	var ids []uint32
	deletionHashes(q, func(h uint32) {
		b := h & v.mask
		ids = append(ids, v.btok[v.bstart[b]:v.bstart[b+1]]...)
	})
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, t := range ids {
		tt := v.token(t)
		max := looseEdits(len(q), len(tt))
		if d := editDistance(q, tt, max); d <= max {
			out = append(out, tokCand{tok: t, dist: uint8(d), surname: d <= maxEdits(len(q), len(tt))})
		}
	}
	return v.sounds(q, out)
}
