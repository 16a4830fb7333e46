package roll

import (
	"math/bits"
	"sync"
)

// candSet maps candidate entries to their packed per-token match
// qualities: an open-addressing hash table, much cheaper than a Go map for
// the thousands of candidates a query can touch, and reused across queries.
type candSet struct {
	keys []uint32 // entry+1; 0 is an empty slot
	vals []uint32
	n    int
	// scratch and runs are reused between queries.
	scratch  []cand
	runs     []run
	cur      []run
	deferred []run
}

var candPool = sync.Pool{New: func() any { return newCandSet(1024) }}

func newCandSet(size int) *candSet {
	return &candSet{keys: make([]uint32, size), vals: make([]uint32, size)}
}

func (c *candSet) reset() {
	if len(c.keys) > 1<<16 && c.n < len(c.keys)/16 {
		keep := *c
		*c = *newCandSet(1024)
		c.scratch, c.runs, c.cur, c.deferred = keep.scratch, keep.runs, keep.cur, keep.deferred
		return
	}
	clear(c.keys)
	c.n = 0
}

func hash32(x uint32) uint32 {
	x ^= x >> 16
	x *= 0x7feb352d
	x ^= x >> 15
	x *= 0x846ca68b
	x ^= x >> 16
	return x
}

// slot returns where e lives or would go.
func (c *candSet) slot(e uint32) int {
	mask := uint32(len(c.keys) - 1)
	k := e + 1
	for i := hash32(e) & mask; ; i = (i + 1) & mask {
		if c.keys[i] == k || c.keys[i] == 0 {
			return int(i)
		}
	}
}

// get returns e's value, 0 when absent.
func (c *candSet) get(e uint32) uint32 {
	i := c.slot(e)
	if c.keys[i] == 0 {
		return 0
	}
	return c.vals[i]
}

// put sets e's value.
func (c *candSet) put(e, v uint32) {
	i := c.slot(e)
	if c.keys[i] == 0 {
		if 4*(c.n+1) > 3*len(c.keys) {
			c.grow()
			i = c.slot(e)
		}
		c.keys[i] = e + 1
		c.n++
	}
	c.vals[i] = v
}

func (c *candSet) grow() {
	old := *c
	*c = *newCandSet(2 * len(old.keys))
	c.scratch, c.runs, c.cur, c.deferred = old.scratch, old.runs, old.cur, old.deferred
	for i, k := range old.keys {
		if k != 0 {
			j := c.slot(k - 1)
			c.keys[j] = k
			c.vals[j] = old.vals[i]
			c.n++
		}
	}
}

// add records that candidate e matches query token i at distance di and,
// when j >= 0, token j at distance dj, keeping the best match per token.
func (s *search) add(e uint32, i int, di uint8, j int, dj uint8, key bool) {
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
	if key {
		v |= keyMatched
	}
	if need := min(len(s.toks), 3); matchedCount(v) >= need {
		if matchedCount(old) >= need {
			s.full[min(editSum(old), 6)]--
		}
		s.full[min(editSum(v), 6)]++
	}
	if old == 0 {
		// Read while the entry's neighbours are in cache.
		sh := s.ix.shape[e]
		_, _, nf := unpackShape(sh)
		v |= uint32(nf-gluedFirst(sh)) << firstsShift
	}
	if v != old {
		s.pre.put(e, v)
	}
}

// matchedCount is the number of query words matched in v.
func matchedCount(v uint32) int {
	// Fold each 2-bit slot to its low bit, then count.
	m := (v | v>>1) & 0x555
	return bits.OnesCount32(m)
}

// editSum is the sum of the edits of the query words matched in v.
func editSum(v uint32) int {
	n := 0
	for k := 0; k < maxQueryTokens; k++ {
		if q := v >> (2 * k) & 3; q != 0 {
			n += int(3 - q)
		}
	}
	return n
}

func bestQ(v uint32, i int, d uint8) uint32 {
	q := uint32(3 - d)
	sh := uint(2 * i)
	if (v>>sh)&3 < q {
		v = v&^(3<<sh) | q<<sh
	}
	return v
}

// keyMatched marks, in a candidate's packed value, that a query token
// matched the entry's first first name; the entry's number of visible first
// names is stored from bit firstsShift.
const (
	keyMatched  = 1 << 31
	firstsShift = 24
)
