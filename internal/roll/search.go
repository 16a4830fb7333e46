package roll

import (
	"errors"
	"sort"
	"strings"
)

// Query is one search. Name is free text: first and last names in any
// order, birth or usage name, accents, hyphens and case ignored.
type Query struct {
	Name    string
	Born    string // DD/MM/YYYY, YYYY-MM-DD, a year alone, or ""
	Dept    string // département code, or ""
	Commune string // INSEE code or commune name, or ""
	// Exact lists only entries matching every given field after
	// normalisation: each name token is one of the entry's, one of them
	// its birth or usage name; same birth date (or year); same place.
	Exact bool
	Limit int // default 20
}

// Result is one ranked entry.
type Result struct {
	Entry
	Score float64
}

// Entry is one roll entry as search returns it. Names are normalised
// (uppercase, no accents).
type Entry struct {
	ID         string // stable: a hash of the entry's normalised content
	BirthName  string
	UsageName  string
	FirstNames string
	Born       Date
	Sex        Sex
	Kind       Kind
	Place      Place
	Email      string // consular lists only
	Aberrant   bool
	File       string
	Line       int
}

// Query errors. They never quote the query: query text is not logged.
var (
	ErrEmptyQuery = errors.New("roll: the query has no name")
	ErrBadDate    = errors.New("roll: unreadable birth date: use DD/MM/YYYY, YYYY-MM-DD or a year")
)

// Search limits that bound the work of one query.
const (
	maxQueryTokens = 6
	anchorBudget   = 1500    // entries a fuzzy surname-only scan may visit
	exactBudget    = 2000000 // entries an exact surname-only scan may visit
	singleBudget   = 20000   // entries a one-token fuzzy query may visit
	// maxCandidates stops a fuzzy query from widening to more distant
	// name pairs once it holds this many candidates: a safety valve for
	// very common names, far above what a specific query gathers.
	maxCandidates = 5000
	// strictBudget bounds the entries looked at once maxCandidates is
	// reached.
	strictBudget = 4000
)

type qtok struct {
	s     string
	cands []tokCand // within looseEdits: first-name matches
	sur   []tokCand // within maxEdits: surname anchors
}

// search is the state of one query.
type search struct {
	ix    *Index
	q     Query
	toks  []qtok
	date  Date
	yearQ bool // the query gives a year only
	dept  string
	comm  string
	// The places of the query's département are ids dlo..dhi.
	dlo, dhi uint32
	// strict is set once maxCandidates is reached: new candidates must
	// then pass admit, and at most strictLeft more entries are looked at.
	strict     bool
	strictLeft int
	// pre holds, per candidate entry, the best match quality found so far
	// for each query token: 2 bits each, 0 unmatched, 3-dist otherwise.
	pre *candSet
}

// Search runs q. It is safe to call from many goroutines at once.
func (ix *Index) Search(q Query) ([]Result, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	s := &search{ix: ix, q: q, dept: normDept(q.Dept), comm: strings.TrimSpace(q.Commune)}
	if s.dept != "" {
		s.dlo, s.dhi = ix.deptRange(s.dept)
	}
	if q.Born != "" {
		d, err := ParseDate(q.Born)
		if err != nil {
			// The error does not quote the date: query text is never logged.
			return nil, ErrBadDate
		}
		s.date = d
		s.yearQ = d.Month() == 0
	}
	seen := map[string]int{}
	for _, t := range ix.splitGlued(Tokens(q.Name)) {
		// A name may appear twice (MARIE MARIE: surname and first name).
		if len(t) < 2 || seen[t] == 2 || len(s.toks) == maxQueryTokens {
			continue
		}
		seen[t]++
		qt := qtok{s: t, cands: ix.v.lookup(t, q.Exact)}
		for _, c := range qt.cands {
			if c.surname {
				qt.sur = append(qt.sur, c)
			}
		}
		s.toks = append(s.toks, qt)
	}
	if len(s.toks) == 0 {
		return nil, ErrEmptyQuery
	}
	s.pre = candPool.Get().(*candSet)
	s.pre.reset()
	s.gather()
	res := s.rank()
	candPool.Put(s.pre)
	return res, nil
}

func sim(d uint8) float32 { return 1 - 0.25*float32(d) }

// splitGlued splits a query word that is nothing like any roll word (not
// within two edits of one) but is two roll words glued together
// (JEANPIERRE for the roll's JEAN PIERRE, when the roll writes them as two
// first names), choosing the most balanced cut.
func (ix *Index) splitGlued(toks []string) []string {
	var out []string
	for _, t := range toks {
		if len(t) < 6 || len(ix.v.lookup(t, false)) > 0 {
			out = append(out, t)
			continue
		}
		best := 0
		for cut := 3; cut <= len(t)-3; cut++ {
			if len(ix.v.lookup(t[:cut], true)) == 0 || len(ix.v.lookup(t[cut:], true)) == 0 {
				continue
			}
			if best == 0 || abs(len(t)-2*cut) < abs(len(t)-2*best) {
				best = cut
			}
		}
		if best == 0 {
			out = append(out, t)
		} else {
			out = append(out, t[:best], t[best:])
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// gather finds candidate entries and gives each a cheap preliminary score.
func (s *search) gather() {
	ix := s.ix
	if len(s.toks) == 1 {
		budget := singleBudget
		if s.q.Exact {
			budget = exactBudget
		}
		// Closest surnames first, so the budget cuts the farthest.
		sur := s.toks[0].sur
		sort.SliceStable(sur, func(a, b int) bool { return sur[a].dist < sur[b].dist })
		s.scanSurnames(0, budget)
		return
	}
	// Every (surname token, first-name token) pairing of two query tokens,
	// closest pairs first, so that the safety cap on candidates, if it
	// ever trips, drops the weakest.
	byDist := make([][3][]tokCand, len(s.toks))
	for j := range s.toks {
		for _, c := range s.toks[j].cands {
			byDist[j][c.dist] = append(byDist[j][c.dist], c)
		}
	}
	for level := uint8(0); level <= 4; level++ {
		for i := range s.toks {
			for j := range s.toks {
				if i == j {
					continue
				}
				for _, sc := range s.toks[i].sur {
					if sc.dist > level || level-sc.dist > 2 {
						continue
					}
					F := byDist[j][level-sc.dist]
					if len(F) == 0 {
						continue
					}
					a, b := ix.primStart[sc.tok], ix.primStart[sc.tok+1]
					if a < b {
						s.matchPrimary(sc.tok, a, b, i, sc.dist, j, F)
					}
					a, b = ix.secStart[sc.tok], ix.secStart[sc.tok+1]
					if a < b {
						s.matchSecondary(sc.tok, a, b, i, sc.dist, j, F)
					}
				}
			}
		}
		if s.pre.n >= maxCandidates {
			// Enough candidates: widen further only to entries that
			// agree with the date, the département or a third word, and
			// stop if the query has none of those to filter with.
			if s.dept == "" && s.date == 0 && len(s.toks) < 3 || s.pre.n >= 4*maxCandidates {
				break
			}
			if !s.strict {
				s.strict, s.strictLeft = true, strictBudget
			}
		}
		if s.strict && s.strictLeft <= 0 {
			break
		}
	}
	// Queries made of surnames only (birth and usage name), or entries
	// without first names: scan the surname with the fewest entries.
	best, bestRows := -1, 0
	for i, t := range s.toks {
		rows := s.surnameRows(t.sur)
		if best < 0 || rows < bestRows {
			best, bestRows = i, rows
		}
	}
	budget := anchorBudget
	if s.q.Exact {
		// Exact answers must be complete: the cap does not apply.
		budget, s.strict = exactBudget, false
	}
	if best >= 0 && bestRows <= budget {
		s.scanSurnames(best, budget)
	}
}

func (s *search) surnameRows(c []tokCand) int {
	n := 0
	for _, sc := range c {
		n += int(s.ix.primStart[sc.tok+1]-s.ix.primStart[sc.tok]) + int(s.ix.secStart[sc.tok+1]-s.ix.secStart[sc.tok])
	}
	return n
}

// scanSurnames adds every entry carrying one of query token i's surname
// candidates, up to budget entries.
// Entries born another year or living in another département than the
// query says are skipped (not counted in the budget).
func (s *search) scanSurnames(i int, budget int) {
	ix := s.ix
	for _, sc := range s.toks[i].sur {
		for e := ix.primStart[sc.tok]; e < ix.primStart[sc.tok+1]; e++ {
			if !s.plausible(e) {
				continue
			}
			if budget--; budget < 0 {
				return
			}
			s.add(e, i, sc.dist, -1, 0)
		}
		for p := ix.secStart[sc.tok]; p < ix.secStart[sc.tok+1]; p++ {
			e := ix.secE[p]
			if !s.plausible(e) {
				continue
			}
			if budget--; budget < 0 {
				return
			}
			s.add(e, i, sc.dist, -1, 0)
		}
	}
}

// plausible reports whether e agrees with the query's birth year and
// département, when given (an unknown birth date agrees).
func (s *search) plausible(e uint32) bool {
	if s.dept != "" {
		if p := s.ix.place[e]; p < s.dlo || p >= s.dhi {
			return false
		}
	}
	if s.date != 0 {
		if d := Date(s.ix.date[e]); d != 0 && d.Year() != s.date.Year() {
			return false
		}
	}
	return true
}

// admit decides, once the candidate cap is reached, whether a new entry
// may still join: it must agree with the birth year and département, and
// for queries of three words or more match three of them.
func (s *search) admit(e uint32) bool {
	if !s.plausible(e) {
		return false
	}
	if len(s.toks) < 3 {
		return true
	}
	birth, usage, first := s.ix.entryToks(e)
	matched := 0
	for qi := range s.toks {
		c := s.toks[qi].cands
		found := false
		for _, part := range [3][]uint32{birth, usage, first} {
			for _, t := range part {
				if findTok(c, t) >= 0 {
					found = true
					break
				}
			}
			if found {
				break
			}
		}
		if found {
			if matched++; matched >= 3 {
				return true
			}
		}
	}
	return false
}

// findTok returns the index of token t in the sorted candidates F, or -1.
func findTok(F []tokCand, t uint32) int {
	lo, hi := 0, len(F)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if F[m].tok < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(F) && F[lo].tok == t {
		return lo
	}
	return -1
}

// matchPrimary adds the entries in [a,b) (all with key surname t, sorted by
// key first name) whose key first name is in F.
func (s *search) matchPrimary(t uint32, a, b uint32, i int, ds uint8, j int, F []tokCand) {
	ix := s.ix
	d0, d1 := ix.primDirStart[t], ix.primDirStart[t+1]
	if d0 == d1 {
		// A short range: check each entry.
		for e := a; e < b; e++ {
			if k := findTok(F, ix.firstKey(e)); k >= 0 {
				s.add(e, i, ds, j, F[k].dist)
			}
		}
		return
	}
	s.matchDir(ix.primDirF[d0:d1], ix.primDirPos[d0:d1], b, func(p uint32) uint32 { return p }, i, ds, j, F)
}

// matchDir intersects a run directory (the distinct first names of a long
// range, sorted, and where each run starts; the last ends at end) with F.
func (s *search) matchDir(dirF, dirPos []uint32, end uint32, ent func(uint32) uint32, i int, ds uint8, j int, F []tokCand) {
	run := func(k int, df uint8) {
		hi := end
		if k+1 < len(dirPos) {
			hi = dirPos[k+1]
		}
		s.addRun(dirPos[k], hi, ent, i, ds, j, df)
	}
	if len(dirF) < len(F) {
		// Fewer first names in the directory than candidates: look each up.
		for k, f := range dirF {
			if x := findTok(F, f); x >= 0 {
				run(k, F[x].dist)
			}
		}
		return
	}
	k := 0
	for _, fc := range F {
		k += sort.Search(len(dirF)-k, func(x int) bool { return dirF[k+x] >= fc.tok })
		if k == len(dirF) {
			return
		}
		if dirF[k] == fc.tok {
			run(k, fc.dist)
		}
	}
}

// longRun is the length from which a run of entries sharing a surname and
// first name is narrowed to the query's birth year.
const longRun = 48

// addRun adds the entries ent(p) for p in [lo,hi), a run sharing one
// (surname, first name) pair and sorted by birth date. When the query
// gives a birth date and the run is long, only entries born that year or
// with no known date are taken: the others would rank below them anyway.
func (s *search) addRun(lo, hi uint32, ent func(uint32) uint32, i int, ds uint8, j int, df uint8) {
	if hi-lo > longRun && s.date != 0 {
		date := s.ix.date
		n := int(hi - lo)
		known := lo + uint32(sort.Search(n, func(k int) bool { return date[ent(lo+uint32(k))] != 0 }))
		for p := lo; p < known; p++ {
			s.add(ent(p), i, ds, j, df)
		}
		y := uint32(s.date.Year())
		from := lo + uint32(sort.Search(n, func(k int) bool { return date[ent(lo+uint32(k))] >= y<<9 }))
		to := lo + uint32(sort.Search(n, func(k int) bool { return date[ent(lo+uint32(k))] >= (y+1)<<9 }))
		for p := from; p < to; p++ {
			s.add(ent(p), i, ds, j, df)
		}
		return
	}
	for p := lo; p < hi; p++ {
		s.add(ent(p), i, ds, j, df)
	}
}

// matchSecondary is matchPrimary over the secondary pairs [a,b) of
// surname t.
func (s *search) matchSecondary(t uint32, a, b uint32, i int, ds uint8, j int, F []tokCand) {
	ix := s.ix
	d0, d1 := ix.secDirStart[t], ix.secDirStart[t+1]
	if d0 == d1 {
		for p := a; p < b; p++ {
			if k := findTok(F, ix.secF[p]); k >= 0 {
				s.add(ix.secE[p], i, ds, j, F[k].dist)
			}
		}
		return
	}
	s.matchDir(ix.secDirF[d0:d1], ix.secDirPos[d0:d1], b, func(p uint32) uint32 { return ix.secE[p] }, i, ds, j, F)
}

// add records that candidate e matches query token i at distance di and,
// when j >= 0, token j at distance dj, keeping the best match per token.
func (s *search) add(e uint32, i int, di uint8, j int, dj uint8) {
	if s.strict {
		if s.strictLeft <= 0 {
			return
		}
		s.strictLeft--
	}
	old := s.pre.get(e)
	if old == 0 && s.strict && !s.admit(e) {
		return
	}
	v := bestQ(old, i, di)
	if j >= 0 {
		v = bestQ(v, j, dj)
	}
	if v != old {
		s.pre.put(e, v)
	}
}

func bestQ(v uint32, i int, d uint8) uint32 {
	q := uint32(3 - d)
	sh := uint(2 * i)
	if (v>>sh)&3 < q {
		v = v&^(3<<sh) | q<<sh
	}
	return v
}

// preScore rates the packed per-token matches of a candidate.
func (s *search) preScore(v uint32) float32 {
	var sc float32
	for i := range s.toks {
		if q := (v >> uint(2*i)) & 3; q == 0 {
			sc -= 0.7
		} else {
			sc += sim(uint8(3 - q))
		}
	}
	return sc
}
