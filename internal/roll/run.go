package roll

import (
	"cmp"
	"slices"
	"sort"
)

// A run is a stretch of entries sharing one (surname, first name) pair
// that matches query token i as a surname at distance ds and token j as a
// first name at distance df: entries [lo,hi) of the primary order, or
// pairs [lo,hi) of the secondary table. Both are sorted by birth date.
type run struct {
	lo, hi uint32
	i, j   uint8
	ds, df uint8
	sec    bool
}

// findRuns appends the runs of surname t whose first name is in F.
func (s *search) findRuns(runs []run, t uint32, i int, ds uint8, j int, F []tokCand) []run {
	ix := s.ix
	base := run{i: uint8(i), j: uint8(j), ds: ds}
	if a, b := ix.primStart[t], ix.primStart[t+1]; a < b {
		if d0, d1 := ix.primDirStart[t], ix.primDirStart[t+1]; d0 < d1 {
			runs = dirRuns(runs, base, ix.primDirF[d0:d1], ix.primDirPos[d0:d1], b, F)
		} else {
			// A short range: check each entry; equal first names are
			// adjacent.
			runs = scanRuns(runs, base, a, b, ix.firstKey, F)
		}
	}
	base.sec = true
	if a, b := ix.secStart[t], ix.secStart[t+1]; a < b {
		if d0, d1 := ix.secDirStart[t], ix.secDirStart[t+1]; d0 < d1 {
			runs = dirRuns(runs, base, ix.secDirF[d0:d1], ix.secDirPos[d0:d1], b, F)
		} else {
			runs = scanRuns(runs, base, a, b, func(p uint32) uint32 { return ix.secF[p] }, F)
		}
	}
	return runs
}

// scanRuns finds the runs of [a,b), whose first names key(p) are sorted,
// with a first name in F.
func scanRuns(runs []run, base run, a, b uint32, key func(uint32) uint32, F []tokCand) []run {
	for p := a; p < b; {
		f := key(p)
		q := p + 1
		for q < b && key(q) == f {
			q++
		}
		if x := findTok(F, f); x >= 0 {
			r := base
			r.lo, r.hi, r.df = p, q, F[x].dist
			runs = append(runs, r)
		}
		p = q
	}
	return runs
}

// dirRuns intersects a run directory (the distinct first names of a long
// range, sorted, and where each run starts; the last ends at end) with F.
func dirRuns(runs []run, base run, dirF, dirPos []uint32, end uint32, F []tokCand) []run {
	emit := func(k int, df uint8) {
		r := base
		r.lo, r.hi, r.df = dirPos[k], end, df
		if k+1 < len(dirPos) {
			r.hi = dirPos[k+1]
		}
		runs = append(runs, r)
	}
	if len(dirF) < len(F) {
		// Fewer first names in the directory than candidates: look each up.
		for k, f := range dirF {
			if x := findTok(F, f); x >= 0 {
				emit(k, F[x].dist)
			}
		}
		return runs
	}
	k := 0
	for _, fc := range F {
		k += sort.Search(len(dirF)-k, func(x int) bool { return dirF[k+x] >= fc.tok })
		if k == len(dirF) {
			break
		}
		if dirF[k] == fc.tok {
			emit(k, fc.dist)
		}
	}
	return runs
}

// longRun is the length from which a run of entries sharing a surname and
// first name is narrowed to the query's birth year.
const longRun = 48

// bigRun is the number of entries from which a run read for a query of
// three words or more is deferred: its entries match a common surname and
// first name and, unless they match a third word, rank below those that do.
// deferBudget bounds the entries read from deferred runs.
const (
	bigRun      = 512
	deferBudget = 8000
)

// spans returns the entries of r to read, [a,b) and [c,d): all of them, or
// when the query gives a birth date and the run is long, those born that
// year or with no known date (the others would rank below them anyway).
func (s *search) spans(r run) (a, b, c, d uint32) {
	a, b, c, d = r.lo, r.hi, r.hi, r.hi
	if r.hi-r.lo > longRun && s.date != 0 {
		ix := s.ix
		date := ix.date
		n := int(r.hi - r.lo)
		lo := r.lo
		at := func(k int) uint32 {
			if r.sec {
				return date[ix.secE[lo+uint32(k)]]
			}
			return date[lo+uint32(k)]
		}
		b = lo + uint32(sort.Search(n, func(k int) bool { return at(k) != 0 }))
		y := uint32(s.date.Year())
		c = lo + uint32(sort.Search(n, func(k int) bool { return at(k) >= y<<9 }))
		d = lo + uint32(sort.Search(n, func(k int) bool { return at(k) >= (y+1)<<9 }))
	}
	return a, b, c, d
}

// runLen is the number of entries of r to read.
func (s *search) runLen(r run) uint32 {
	a, b, c, d := s.spans(r)
	return b - a + d - c
}

// addRun adds the entries of r; with third, only those matching a third
// query word, counting them against the visits budget.
func (s *search) addRun(r run, third bool) {
	ix := s.ix
	a, b, c, d := s.spans(r)
	i, j := int(r.i), int(r.j)
	// In a long run, entries living outside the query's département are
	// passed over: they would rank below the run's entries living there
	// (−2 against +0.5), and would fill the candidate table before the
	// département's own namesakes of other runs are read.
	local := s.dept != "" && b-a+d-c > longRun
	for _, span := range [2][2]uint32{{a, b}, {c, d}} {
		for p := span[0]; p < span[1]; p++ {
			e := p
			if r.sec {
				e = ix.secE[p]
			}
			if local && !s.inDept(e) {
				continue
			}
			if third {
				if s.visits--; s.visits < 0 {
					return
				}
				if !s.matchesWords(e, 1<<i|1<<j, 1) {
					continue
				}
			}
			// The primary order's first name is the entry's first one (a
			// secondary pair's may be too, but checking costs a memory
			// access per entry).
			s.add(e, i, r.ds, j, r.df, !r.sec)
		}
	}
}

// readDeferred reads the big runs deferred at this level that may hold
// entries not found otherwise. The entries of a run pairing words i and j
// that also match a third word k were found through a run pairing k with i
// or j, unless such runs were deferred too: a run is read only when a
// third word has deferred runs (words), keeping only the entries that
// match a third word, and up to the visits budget. An entry matching three
// words at this level or below is in a run of this level (its farthest
// pair) or was found earlier.
func (s *search) readDeferred(deferred []run, words uint8) {
	if len(deferred) == 0 || s.visits <= 0 {
		return
	}
	slices.SortFunc(deferred, func(a, b run) int { return cmp.Compare(a.hi-a.lo, b.hi-b.lo) })
	// Deferred entries pass the third-word test instead of the strict
	// admission, and count against their own budget.
	strict := s.strict
	s.strict = false
	for _, r := range deferred {
		if s.visits <= 0 {
			break
		}
		// Enough entries matching every word at least as closely were
		// found already.
		if words&^(1<<r.i|1<<r.j) == 0 || s.fullWithin(r.ds+r.df) >= s.q.Limit {
			continue
		}
		s.addRun(r, true)
	}
	s.strict = strict
}

// fullWithin counts the candidates matching every query word (three at
// most) with at most level edits in all.
func (s *search) fullWithin(level uint8) int {
	n := 0
	for d := 0; d <= int(level) && d < len(s.full); d++ {
		n += s.full[d]
	}
	return n
}
