package roll

import (
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
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

// ErrEmptyQuery is returned for a query without any name.
var ErrEmptyQuery = errors.New("roll: the query has no name")

// Search limits that bound the work of one query.
const (
	maxQueryTokens = 6
	anchorBudget   = 1500    // entries a fuzzy surname-only scan may visit
	exactBudget    = 2000000 // entries an exact surname-only scan may visit
	singleBudget   = 20000   // entries a one-token fuzzy query may visit
	// maxCandidates stops a fuzzy query from widening to more distant
	// name pairs once it holds this many candidates: a safety valve for
	// very common names, far above what a specific query gathers.
	maxCandidates = 10000
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
			return nil, fmt.Errorf("roll: birth date: %w", err)
		}
		s.date = d
		s.yearQ = d.Month() == 0
	}
	seen := map[string]bool{}
	for _, t := range Tokens(q.Name) {
		if len(t) < 2 || seen[t] || len(s.toks) == maxQueryTokens {
			continue
		}
		seen[t] = true
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
		budget = exactBudget
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
func (s *search) scanSurnames(i int, budget int) {
	ix := s.ix
	for _, sc := range s.toks[i].sur {
		for e := ix.primStart[sc.tok]; e < ix.primStart[sc.tok+1]; e++ {
			if budget--; budget < 0 {
				return
			}
			s.add(e, i, sc.dist, -1, 0)
		}
		for p := ix.secStart[sc.tok]; p < ix.secStart[sc.tok+1]; p++ {
			if budget--; budget < 0 {
				return
			}
			s.add(ix.secE[p], i, sc.dist, -1, 0)
		}
	}
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
	k := 0
	for _, fc := range F {
		k += sort.Search(len(dirF)-k, func(x int) bool { return dirF[k+x] >= fc.tok })
		if k == len(dirF) {
			return
		}
		if dirF[k] != fc.tok {
			continue
		}
		hi := end
		if k+1 < len(dirPos) {
			hi = dirPos[k+1]
		}
		s.addRun(dirPos[k], hi, ent, i, ds, j, fc.dist)
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
	old := s.pre.get(e)
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
		if k != 0 {
			cs = append(cs, cand{k - 1, s.preScore(s.pre.vals[i]) + s.extraScore(k-1)})
		}
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
		cs = cs[:keep]
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

// extraScore rates birth date and place agreement.
func (s *search) extraScore(e uint32) float32 {
	var sc float32
	if s.date != 0 {
		sc += dateScore(s.date, Date(s.ix.date[e]))
	}
	if s.dept != "" {
		if p := s.ix.place[e]; p >= s.dlo && p < s.dhi {
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
			pairs = append(pairs, pair{qi, ti, int(c[k].dist)})
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].d < pairs[j].d })
	var qdone [maxQueryTokens]bool
	var sc float32
	surname, firstMatched, keyFirst := false, 0, false
	for _, p := range pairs {
		if qdone[p.q] || ets[p.t].used {
			continue
		}
		qdone[p.q] = true
		ets[p.t].used = true
		sc += sim(uint8(p.d))
		if ets[p.t].surname {
			surname = true
		} else {
			firstMatched++
			if ets[p.t].pos == 0 {
				keyFirst = true
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
		sc += 0.05
	}
	if extra := len(first) - gluedFirst(ix.shape[e]) - firstMatched; extra > 0 {
		sc -= 0.03 * float32(extra)
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

// Entry returns entry e (an internal position) for display.
func (ix *Index) Entry(e uint32) Entry {
	birth, usage, first := ix.entryToks(e)
	fl := ix.flags[e]
	join := func(t []uint32, joined bool) string {
		if joined && len(t) > 0 {
			t = t[:len(t)-1]
		}
		parts := make([]string, len(t))
		for i, id := range t {
			parts[i] = ix.v.token(id)
		}
		return strings.Join(parts, " ")
	}
	en := Entry{
		BirthName:  join(birth, fl&flagJoinedBirth != 0),
		UsageName:  join(usage, fl&flagJoinedUsage != 0),
		FirstNames: join(first[:len(first)-gluedFirst(ix.shape[e])], false),
		Born:       Date(ix.date[e]),
		Sex:        Sex(fl >> flagSexShift & 3),
		Kind:       Kind(fl >> flagKindShift & 3),
		Place:      ix.places[ix.place[e]],
		Aberrant:   fl&flagAberrant != 0,
	}
	if fl&flagEmail != 0 {
		if i, ok := slices.BinarySearch(ix.emailE, e); ok {
			en.Email = ix.emailStr[i]
		}
	}
	en.File, en.Line = fileLine(ix.files, ix.src[e])
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s|%s|%s|%s|%s|%s|%d|%d|%s", en.BirthName, en.UsageName, en.FirstNames, en.Born,
		en.Place.Dept, en.Place.Code, Normalize(en.Place.Name), en.Kind, en.Sex, en.Email)
	en.ID = fmt.Sprintf("%016x", h.Sum64())
	return en
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
