package roll

import (
	"slices"
	"sort"
	"strings"
)

// cand is a scored candidate entry.
type cand struct {
	e     uint32
	score float32
}

// rank keeps the best candidates by preliminary score (plus date and
// place), scores them fully, and returns the top Limit.
func (s *search) rank() []Result {
	cs := s.pre.scratch[:0]
	defer func() { s.pre.scratch = cs[:0] }()
	for i, k := range s.pre.keys {
		if k == 0 {
			continue
		}
		v := s.pre.vals[i]
		if s.capped && len(s.toks) > 2 && matchedCount(v) < len(s.toks) {
			// Gathering stopped early: a word of the query may match
			// this entry through a pairing it did not read.
			v = s.complete(k-1, v)
		}
		if s.q.Exact && (matchedCount(v) < len(s.toks) || !s.exactFields(k-1)) {
			// Exact answers are complete: the entries that cannot match
			// are dropped before the cut below, not in place of others.
			continue
		}
		cs = append(cs, cand{k - 1, s.preScore(v) + s.extraScore(k-1)})
	}
	byScore := func(a, b cand) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		case a.e < b.e:
			return -1
		case a.e > b.e:
			return 1
		}
		return 0
	}
	keep := 8 * s.q.Limit
	if keep < 200 {
		keep = 200
	}
	if len(cs) > keep {
		selectTop(cs, keep, func(a, b cand) bool { return byScore(a, b) < 0 })
		// Candidates tied with the last one kept are kept too, up to a
		// bound: the full score may tell them apart.
		last := cs[0].score
		for _, c := range cs[:keep] {
			last = min(last, c.score)
		}
		n := keep
		for k := keep; k < len(cs) && n < maxTied; k++ {
			if cs[k].score >= last {
				cs[n], cs[k] = cs[k], cs[n]
				n++
			}
		}
		cs = cs[:n]
	}
	out := cs[:0]
	for _, c := range cs {
		sc, ok := s.fullScore(c.e)
		if !ok {
			continue
		}
		out = append(out, cand{c.e, sc})
	}
	slices.SortFunc(out, byScore)
	if len(out) > s.q.Limit {
		out = out[:s.q.Limit]
	}
	res := make([]Result, len(out))
	for i, c := range out {
		res[i] = Result{Entry: s.ix.Entry(c.e), Score: float64(int(c.score*1000+0.5)) / 1000}
	}
	return res
}

// Scoring weights. An edit costs 0.25 (sim); the others are small and
// mostly break ties between entries matched with the same edits: they
// follow how people write a name (their first first name, in order, one
// surname).
const (
	keyFirstBonus  = 0.05 // the entry's first first name was given
	extraFirstCost = 0.03 // per first name of the entry not given
	inversionCost  = 0.08 // two first names given in the wrong order
	twoSurnameCost = 0.1  // birth and usage names both matched: people give one
	// otherSurnameCost: the entry has a birth and a usage name and the
	// query gave one. Of namesakes, the one known by a single surname is
	// the likelier.
	otherSurnameCost = 0.02
	// phonBonus takes back part of the cost of the edits of a word that
	// sounds like the entry's: people write names as they hear them.
	phonBonus = 0.1
	// maxTied bounds the candidates kept for full scoring when many tie.
	maxTied = 500
)

// complete fills in v the query tokens that entry e matches but gathering
// did not record.
func (s *search) complete(e, v uint32) uint32 {
	birth, usage, first := s.ix.entryToks(e)
	for qi := range s.toks {
		if (v>>uint(2*qi))&3 != 0 {
			continue
		}
		c := s.toks[qi].cands
		for pi, part := range [3][]uint32{birth, usage, first} {
			for _, t := range part {
				// A surname must be within the surname reach.
				if k := findTok(c, t); k >= 0 && (pi == 2 || c[k].surname) {
					v = bestQ(v, qi, c[k].dist)
				}
			}
		}
	}
	return v
}

// extraScore rates birth date and place agreement.
func (s *search) extraScore(e uint32) float32 {
	var sc float32
	if s.date != 0 {
		sc += dateScore(s.date, Date(s.ix.date[e]))
	}
	if s.dept != "" {
		if s.inDept(e) {
			sc += 0.5
		} else {
			sc -= 2
		}
	}
	if s.comm != "" {
		if communeMatch(&s.ix.places[s.ix.place[e]], s.comm) {
			sc += 0.5
		} else {
			sc -= 1
		}
	}
	return sc
}

func communeMatch(p *Place, c string) bool {
	return strings.EqualFold(p.Code, c) || Normalize(p.Name) == Normalize(c)
}

// dateScore rates how an entry's birth date e agrees with the query's q.
func dateScore(q, e Date) float32 {
	switch {
	case e == 0:
		return 0
	case q.Month() == 0 || e.Month() == 0:
		if q.Year() == e.Year() {
			return 1
		}
		return -1
	case q == e:
		return 2
	case q.Year() == e.Year() && q.Month() == e.Day() && q.Day() == e.Month():
		return 1 // day and month swapped
	case q.Month() == e.Month() && q.Day() == e.Day() && (q.Year()-e.Year() == 1 || e.Year()-q.Year() == 1):
		return 0.8
	case q.Year() == e.Year():
		return 0.3
	}
	return -1
}

// fullScore aligns every query token with the entry's tokens and rates the
// whole entry; ok is false when exact mode rejects it.
func (s *search) fullScore(e uint32) (float32, bool) {
	ix := s.ix
	birth, usage, first := ix.entryToks(e)
	type et struct {
		id      uint32
		surname bool
		pos     int // position among first names, -1 for surnames
		used    bool
	}
	var buf [24]et
	ets := buf[:0]
	for _, t := range birth {
		ets = append(ets, et{id: t, surname: true, pos: -1})
	}
	for _, t := range usage {
		ets = append(ets, et{id: t, surname: true, pos: -1})
	}
	for i, t := range first {
		ets = append(ets, et{id: t, pos: i})
	}
	// Greedy alignment, closest pairs first.
	type pair struct {
		q, t int
		d    int
		phon bool
	}
	var pbuf [64]pair
	pairs := pbuf[:0]
	// The distances come from the query tokens' vocabulary candidates:
	// an entry token absent from them is too far.
	for qi := range s.toks {
		c := s.toks[qi].cands
		for ti := range ets {
			k := findTok(c, ets[ti].id)
			if k < 0 || ets[ti].surname && !c[k].surname {
				continue
			}
			pairs = append(pairs, pair{qi, ti, int(c[k].dist), c[k].phon})
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].d < pairs[j].d })
	var qdone [maxQueryTokens]bool
	var qpos [maxQueryTokens]int // first-name position each query token matched, or -1
	var sc float32
	surname, firstMatched, keyFirst := false, 0, false
	birthUsed, usageUsed := false, false
	for _, p := range pairs {
		if qdone[p.q] || ets[p.t].used {
			continue
		}
		qdone[p.q] = true
		ets[p.t].used = true
		sc += sim(uint8(p.d))
		if p.phon && p.d > 0 {
			sc += phonBonus
		}
		qpos[p.q] = ets[p.t].pos
		if ets[p.t].surname {
			surname = true
			if p.t < len(birth) {
				birthUsed = true
			} else {
				usageUsed = true
			}
		} else {
			firstMatched++
			if ets[p.t].pos == 0 {
				keyFirst = true
			}
		}
	}
	// First names given in another order than the entry's.
	for a := range s.toks {
		for b := a + 1; b < len(s.toks); b++ {
			if qdone[a] && qdone[b] && qpos[a] >= 0 && qpos[b] >= 0 && qpos[a] > qpos[b] {
				sc -= inversionCost
			}
		}
	}
	unmatched := 0
	for qi := range s.toks {
		if !qdone[qi] {
			unmatched++
		}
	}
	if s.q.Exact && (unmatched > 0 || !surname || !s.exactFields(e)) {
		return 0, false
	}
	sc -= 0.7 * float32(unmatched)
	if surname {
		sc += 0.5
	} else {
		sc -= 1
	}
	if len(first) > 0 && firstMatched == 0 && len(s.toks) > 1 {
		sc -= 0.3
	}
	if keyFirst {
		sc += keyFirstBonus
	}
	extra := len(first) - gluedFirst(ix.shape[e]) - firstMatched
	if extra > 0 {
		sc -= extraFirstCost * float32(extra)
	}
	if birthUsed && usageUsed {
		sc -= twoSurnameCost
	} else if len(usage) > 0 && len(birth) > 0 {
		sc -= otherSurnameCost
	}
	return sc + s.extraScore(e), true
}

// exactFields checks the birth date and place of an exact query.
func (s *search) exactFields(e uint32) bool {
	ix := s.ix
	if s.date != 0 {
		d := Date(ix.date[e])
		if s.yearQ {
			if d.Year() != s.date.Year() {
				return false
			}
		} else if d != s.date {
			return false
		}
	}
	p := &ix.places[ix.place[e]]
	if s.dept != "" && p.Dept != s.dept {
		return false
	}
	if s.comm != "" && !communeMatch(p, s.comm) {
		return false
	}
	return true
}

// selectTop reorders s so that its k best elements (by less) come first, in
// no particular order: quickselect, linear on average.
func selectTop[T any](s []T, k int, less func(a, b T) bool) {
	lo, hi := 0, len(s)-1
	seed := uint32(len(s))
	for lo < hi {
		seed = seed*1664525 + 1013904223
		p := lo + int(seed%uint32(hi-lo+1))
		s[p], s[hi] = s[hi], s[p]
		pivot := s[hi]
		i := lo
		for j := lo; j < hi; j++ {
			if less(s[j], pivot) {
				s[i], s[j] = s[j], s[i]
				i++
			}
		}
		s[i], s[hi] = s[hi], s[i]
		switch {
		case i == k || i == k-1:
			return
		case i < k:
			lo = i + 1
		default:
			hi = i - 1
		}
	}
}
