package roll

import "sync"

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
