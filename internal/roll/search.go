package roll

import (
	"cmp"
	"errors"
	"math"
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
	maxCandidates = 2000
	// strictBudget bounds the entries looked at once maxCandidates is
	// reached.
	strictBudget = 2000
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
	// for each query token (2 bits each, 0 unmatched, 3-dist otherwise),
	// the keyMatched bit, and the entry's number of first names above
	// firstsShift.
	pre *candSet
	// capped is set when gathering stopped before reading every pairing.
	capped bool
	// full counts the candidates matching every query word (three at
	// most, the closest ones) by the sum of their edits; visits is what
	// is left of the deferred runs' budget.
	full   [7]int
	visits int
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
	for _, qt := range ix.queryTokens(Tokens(q.Name), q.Exact) {
		// A name may appear twice (MARIE MARIE: surname and first name).
		if len(qt.s) < 2 || seen[qt.s] == 2 || len(s.toks) == maxQueryTokens {
			continue
		}
		seen[qt.s]++
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

// queryTokens looks the query's words up in the vocabulary. A word that
// is nothing like any roll word (not within two edits of one) but is two
// roll words glued together (JEANPIERRE for the roll's JEAN PIERRE, when
// the roll writes them as two first names) is split, at the most balanced
// cut.
func (ix *Index) queryTokens(words []string, exact bool) []qtok {
	var out []qtok
	for _, t := range words {
		var fuzzy []tokCand
		if len(t) >= 6 || !exact {
			fuzzy = ix.v.lookup(t, false)
		}
		if len(t) < 6 || len(fuzzy) > 0 {
			if exact {
				out = append(out, qtok{s: t, cands: ix.v.lookup(t, true)})
			} else {
				out = append(out, qtok{s: t, cands: fuzzy})
			}
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
			out = append(out, qtok{s: t})
			continue
		}
		for _, part := range []string{t[:best], t[best:]} {
			out = append(out, qtok{s: part, cands: ix.v.lookup(part, exact)})
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
	// Every (surname token, first-name token) pairing of two query tokens
	// names runs of entries. Read them closest pairs first and, at equal
	// distance, smallest runs first, so that the rare names of a query are
	// always read and the safety cap on candidates, if it trips, drops the
	// weakest and most common pairings. A surname's runs are found once,
	// at the level of its own distance, and wait for theirs.
	pending, cur, deferred := s.pre.runs[:0], s.pre.cur[:0], s.pre.deferred[:0]
	var deferredWords uint8 // the query words of deferred runs
	s.visits = deferBudget
	filtered := s.dept != "" || s.date != 0 || len(s.toks) >= 3
	// Exact answers must be complete: no cap, no budget. They read only
	// the runs of the query's own words (distance 0).
	capped := !s.q.Exact
	if s.q.Exact {
		s.visits = math.MaxInt
	}
	for level := uint8(0); level <= 4; level++ {
		for i := range s.toks {
			for _, sc := range s.toks[i].sur {
				if sc.dist != level {
					continue
				}
				for j := range s.toks {
					if j != i {
						pending = s.findRuns(pending, sc.tok, i, sc.dist, j, s.toks[j].cands)
					}
				}
			}
		}
		cur = cur[:0]
		keep := pending[:0]
		for _, r := range pending {
			if r.ds+r.df == level {
				cur = append(cur, r)
			} else {
				keep = append(keep, r)
			}
		}
		pending = keep
		slices.SortFunc(cur, func(a, b run) int {
			if c := cmp.Compare(a.hi-a.lo, b.hi-b.lo); c != 0 {
				return c
			}
			if a.sec != b.sec {
				if !a.sec {
					return -1
				}
				return 1
			}
			return cmp.Compare(a.lo, b.lo)
		})
		for _, r := range cur {
			if capped && filtered && !s.strict && s.pre.n >= maxCandidates {
				// Enough candidates: the rest of this level too must
				// agree with the date, the département or a third word.
				s.strict, s.strictLeft = true, s.strictAllowance()
			}
			if s.strict && s.strictLeft <= 0 {
				break
			}
			if len(s.toks) >= 3 && s.runLen(r) > bigRun {
				deferred = append(deferred, r)
				deferredWords |= 1<<r.i | 1<<r.j
				continue
			}
			s.addRun(r, false)
		}
		s.readDeferred(deferred, deferredWords)
		deferred = deferred[:0]
		if capped && s.pre.n >= maxCandidates {
			// Enough candidates: widen further only to entries that
			// agree with the date, the département or a third word, and
			// stop if the query has none of those to filter with.
			if !filtered || s.pre.n >= 4*maxCandidates {
				break
			}
			if !s.strict {
				s.strict, s.strictLeft = true, s.strictAllowance()
			}
		}
		if s.strict && s.strictLeft <= 0 {
			break
		}
		// Enough entries match every word of the query with this many
		// edits or fewer: those found further would rank below them.
		if s.date == 0 && s.dept == "" && s.comm == "" && len(s.toks) <= 3 && s.fullWithin(level) >= s.q.Limit {
			break
		}
	}
	// When every pairing was read, each entry was found through every pair
	// of query words it matches, so its per-word matches are complete;
	// otherwise rank completes them.
	s.capped = s.strict || s.pre.n >= maxCandidates || deferredWords != 0
	s.pre.runs, s.pre.cur, s.pre.deferred = pending[:0], cur[:0], deferred[:0]
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
			s.add(e, i, sc.dist, -1, 0, false)
		}
		for p := ix.secStart[sc.tok]; p < ix.secStart[sc.tok+1]; p++ {
			e := ix.secE[p]
			if !s.plausible(e) {
				continue
			}
			if budget--; budget < 0 {
				return
			}
			s.add(e, i, sc.dist, -1, 0, false)
		}
	}
}

// plausible reports whether e agrees with the query's birth year and
// département, when given (an unknown birth date agrees).
func (s *search) plausible(e uint32) bool {
	if s.dept != "" && !s.inDept(e) {
		return false
	}
	if s.date != 0 {
		if d := Date(s.ix.date[e]); d != 0 && d.Year() != s.date.Year() {
			return false
		}
	}
	return true
}

// inDept reports whether entry e lives in the query's département.
func (s *search) inDept(e uint32) bool {
	p := s.ix.place[e]
	return p >= s.dlo && p < s.dhi
}

// strictAllowance is the number of entries looked at once maxCandidates is
// reached. A département or a full birth date lets few of them in, and
// checking one costs a single memory access: those queries look further.
func (s *search) strictAllowance() int {
	if s.dept != "" || (s.date != 0 && !s.yearQ) {
		return 3 * strictBudget
	}
	return strictBudget
}

// admit decides, once the candidate cap is reached, whether a new entry
// may still join: it must agree with the birth year and département, and
// for queries of three words or more match three of them.
func (s *search) admit(e uint32) bool {
	return s.plausible(e) && (len(s.toks) < 3 || s.matchesWords(e, 0, 3))
}

// matchesWords reports whether entry e matches at least need query words
// outside the skip mask.
func (s *search) matchesWords(e uint32, skip uint8, need int) bool {
	t := s.ix.toks[s.ix.tokOff[e]:s.ix.tokOff[e+1]]
	for qi := range s.toks {
		if skip&(1<<qi) != 0 {
			continue
		}
		c := s.toks[qi].cands
		for _, id := range t {
			if findTok(c, id) >= 0 {
				if need--; need == 0 {
					return true
				}
				break
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

// preScore rates the packed per-token matches of candidate e the way
// fullScore will, as far as they tell: one matched token is its surname,
// the others its first names.
func (s *search) preScore(v uint32) float32 {
	var sc float32
	matched := 0
	for i := range s.toks {
		if q := (v >> uint(2*i)) & 3; q == 0 {
			sc -= 0.7
		} else {
			sc += sim(uint8(3 - q))
			matched++
		}
	}
	if v&keyMatched != 0 {
		sc += keyFirstBonus
	}
	if extra := int(v>>firstsShift&15) - (matched - 1); extra > 0 {
		sc -= extraFirstCost * float32(extra)
	}
	return sc
}
