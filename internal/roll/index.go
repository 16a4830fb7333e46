package roll

import (
	"sort"
)

// Index is a frozen, searchable roll. Its big arrays are flat slices of
// integers that can live in a memory-mapped snapshot; it is safe for
// concurrent searches.
type Index struct {
	v *vocab

	// Entry columns, sorted by (key surname token, key first-name token,
	// import order). The key surname is the first birth-name token (the
	// first usage token when there is none), the key first name the first
	// first-name token (0 when there is none).
	tokOff []uint32 // len n+1
	toks   []uint32
	shape  []uint16
	date   []uint32
	place  []uint32
	src    []uint32
	flags  []uint8

	// primStart[t]..primStart[t+1] are the entries whose key surname is t.
	primStart []uint32
	// Every other (surname token, first-name token) pair of every entry:
	// for surname t, secF/secE[secStart[t]:secStart[t+1]] sorted by
	// first-name token then entry.
	secStart []uint32
	secF     []uint32
	secE     []uint32

	// Run directories of long ranges (more than dirMin entries or pairs):
	// for surname t, the distinct first names of its range, sorted, and
	// where each run starts, so a query touches a compact array instead
	// of binary-searching the entries. Short ranges have none.
	primDirStart, primDirF, primDirPos []uint32
	secDirStart, secDirF, secDirPos    []uint32

	places   []Place
	files    []fileInfo
	emailE   []uint32 // sorted entries that carry an email
	emailStr []string

	closer func() error
}

// Len returns the number of entries.
func (ix *Index) Len() int { return len(ix.date) }

// Close releases the snapshot mapping, if any. The Index must not be used
// afterwards.
func (ix *Index) Close() error {
	if ix.closer != nil {
		return ix.closer()
	}
	return nil
}

// entryToks returns entry e's birth, usage and first-name tokens.
func (ix *Index) entryToks(e uint32) (birth, usage, first []uint32) {
	t := ix.toks[ix.tokOff[e]:ix.tokOff[e+1]]
	nb, nu, _ := unpackShape(ix.shape[e])
	return t[:nb], t[nb : nb+nu], t[nb+nu:]
}

// keyOf returns the (surname, first name) pair an entry is sorted by: its
// first birth-name token (else usage-name token) and first first-name
// token, skipping one-letter tokens (short says which those are).
func keyOf(birth, usage, first []uint32, short func(uint32) bool) (s, f uint32) {
	for _, part := range [2][]uint32{birth, usage} {
		for _, t := range part {
			if s == 0 && !short(t) {
				s = t
			}
		}
	}
	for _, t := range first {
		if !short(t) {
			return s, t
		}
	}
	return s, 0
}

// firstKey returns entry e's key first-name token.
func (ix *Index) firstKey(e uint32) uint32 {
	sh := ix.shape[e]
	nb, nu, nf := unpackShape(sh)
	if nf == 0 {
		return 0
	}
	t := ix.toks[ix.tokOff[e]+uint32(nb+nu):]
	if sh&shapeKeyLater == 0 {
		return t[0]
	}
	for i := 0; i < nf; i++ {
		if !ix.v.short(t[i]) {
			return t[i]
		}
	}
	return 0
}

// Stats describes a built index.
type Stats struct {
	Entries    int // after de-duplication
	Duplicates int // identical rows dropped
	Tokens     int // distinct name tokens
	Places     int
	Files      int
}

// Build de-duplicates the builder's entries and freezes them into an Index.
// The builder must not be used afterwards. dup, when not nil, is called with
// the global line of each dropped duplicate.
func (b *Builder) Build(dup func(file string, line int)) (*Index, Stats) {
	n := len(b.date)
	b.sortPlaces()
	// De-duplicate: sort by content hash, keep the first of each run of
	// identical entries.
	keys := make([]uint64, n)
	perm := make([]uint32, n)
	for i := range keys {
		keys[i] = b.hash[i]
		perm[i] = uint32(i)
	}
	radixSort(keys, perm)
	drop := make([]bool, n)
	dups := 0
	for i := 1; i < n; i++ {
		if keys[i] == keys[i-1] && b.sameEntry(perm[i-1], perm[i]) {
			drop[perm[i]] = true
			dups++
			if dup != nil {
				f, l := fileLine(b.files, b.src[perm[i]])
				dup(f, l)
			}
		}
	}
	b.hash = nil
	// Order the kept entries by (key surname, key first name, birth date):
	// a stable sort by date, then by the name key.
	keys = keys[:0]
	perm = perm[:0]
	for i := 0; i < n; i++ {
		if !drop[i] {
			keys = append(keys, uint64(b.date[i]))
			perm = append(perm, uint32(i))
		}
	}
	radixSort(keys, perm)
	for j, i := range perm {
		t := b.toks[b.tokOff[i]:b.tokEnd(int(i))]
		nb, nu, _ := unpackShape(b.shape[i])
		s, f := keyOf(t[:nb], t[nb:nb+nu], t[nb+nu:], func(id uint32) bool { return len(b.tokens[id]) < 2 })
		keys[j] = uint64(s)<<32 | uint64(f)
	}
	drop = nil
	radixSort(keys, perm)
	m := len(perm)
	ix := &Index{
		tokOff: make([]uint32, m+1),
		shape:  make([]uint16, m),
		date:   make([]uint32, m),
		place:  make([]uint32, m),
		src:    make([]uint32, m),
		flags:  make([]uint8, m),
		places: b.places,
		files:  b.files,
	}
	ix.toks = make([]uint32, 0, len(b.toks))
	for j, i := range perm {
		ix.tokOff[j] = uint32(len(ix.toks))
		ix.toks = append(ix.toks, b.toks[b.tokOff[i]:b.tokEnd(int(i))]...)
		ix.shape[j] = b.shape[i]
		ix.date[j] = b.date[i]
		ix.place[j] = b.place[i]
		ix.src[j] = b.src[i]
		ix.flags[j] = b.flags[i]
		if ix.flags[j]&flagEmail != 0 {
			ix.emailE = append(ix.emailE, uint32(j))
			ix.emailStr = append(ix.emailStr, b.emails[i])
		}
	}
	ix.tokOff[m] = uint32(len(ix.toks))
	b.toks, b.tokOff, b.shape, b.date, b.place, b.src, b.flags = nil, nil, nil, nil, nil, nil, nil
	nt := len(b.tokens)
	ix.primStart = make([]uint32, nt+1)
	for _, k := range keys {
		ix.primStart[(k>>32)+1]++
	}
	for i := 1; i <= nt; i++ {
		ix.primStart[i] += ix.primStart[i-1]
	}
	keys, perm = nil, nil
	ix.v = buildVocab(b.tokens)
	ix.buildSecondary(nt)
	ix.primDirStart, ix.primDirF, ix.primDirPos = buildDir(ix.primStart, ix.firstKey)
	ix.secDirStart, ix.secDirF, ix.secDirPos = buildDir(ix.secStart, func(p uint32) uint32 { return ix.secF[p] })
	st := Stats{Entries: m, Duplicates: dups, Tokens: nt - 1, Places: len(b.places), Files: len(b.files)}
	b.tokens, b.tokID = nil, nil
	return ix, st
}

func (b *Builder) tokEnd(i int) uint32 {
	if i+1 < len(b.tokOff) {
		return b.tokOff[i+1]
	}
	return uint32(len(b.toks))
}

func (b *Builder) sameEntry(i, j uint32) bool {
	if b.date[i] != b.date[j] || b.place[i] != b.place[j] || b.flags[i] != b.flags[j] || b.shape[i] != b.shape[j] {
		return false
	}
	ti := b.toks[b.tokOff[i]:b.tokEnd(int(i))]
	tj := b.toks[b.tokOff[j]:b.tokEnd(int(j))]
	if len(ti) != len(tj) {
		return false
	}
	for k := range ti {
		if ti[k] != tj[k] {
			return false
		}
	}
	return b.emails[i] == b.emails[j]
}

// buildSecondary lists every (surname, first name) pair of every entry but
// its key pair.
func (ix *Index) buildSecondary(nt int) {
	var keys []uint64
	var vals []uint32
	var pairs []uint64
	var fsBuf []uint32
	for e := uint32(0); e < uint32(len(ix.date)); e++ {
		birth, usage, first := ix.entryToks(e)
		s1, f1 := keyOf(birth, usage, first, ix.v.short)
		pairs = pairs[:0]
		fs := fsBuf[:0]
		for _, f := range first {
			if !ix.v.short(f) {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			fs = append(fs, 0)
		}
		for _, part := range [2][]uint32{birth, usage} {
			for _, s := range part {
				if ix.v.short(s) {
					continue
				}
				for _, f := range fs {
					if s == s1 && f == f1 {
						continue
					}
					k := uint64(s)<<32 | uint64(f)
					dup := false
					for _, p := range pairs {
						if p == k {
							dup = true
							break
						}
					}
					if !dup {
						pairs = append(pairs, k)
						keys = append(keys, k)
						vals = append(vals, e)
					}
				}
			}
		}
	}
	// Within a (surname, first name) pair, order by birth date too.
	dk := make([]uint64, len(keys))
	idx := make([]uint32, len(keys))
	for i, e := range vals {
		dk[i] = uint64(ix.date[e])
		idx[i] = uint32(i)
	}
	radixSort(dk, idx)
	dk = nil
	k2 := make([]uint64, len(keys))
	v2 := make([]uint32, len(keys))
	for j, i := range idx {
		k2[j], v2[j] = keys[i], vals[i]
	}
	keys, vals, idx = k2, v2, nil
	radixSort(keys, vals)
	ix.secStart = make([]uint32, nt+1)
	ix.secF = make([]uint32, len(keys))
	for i, k := range keys {
		ix.secStart[(k>>32)+1]++
		ix.secF[i] = uint32(k)
	}
	for i := 1; i <= nt; i++ {
		ix.secStart[i] += ix.secStart[i-1]
	}
	ix.secE = vals
}

// fileLine maps a global line number to its file and line.
func fileLine(files []fileInfo, g uint32) (string, int) {
	i := sort.Search(len(files), func(i int) bool { return files[i].Base > g }) - 1
	if i < 0 {
		return "", int(g)
	}
	return files[i].Name, int(g - files[i].Base)
}

// dirMin is the range length from which a surname gets a run directory.
const dirMin = 256

// buildDir builds the run directories of the long ranges start[t] ..
// start[t+1], whose elements have first name key(p), sorted.
func buildDir(start []uint32, key func(uint32) uint32) (dirStart, dirF, dirPos []uint32) {
	nt := len(start) - 1
	dirStart = make([]uint32, nt+1)
	for t := 0; t < nt; t++ {
		dirStart[t] = uint32(len(dirF))
		a, b := start[t], start[t+1]
		if b-a <= dirMin {
			continue
		}
		for p := a; p < b; p++ {
			f := key(p)
			if p == a || f != dirF[len(dirF)-1] {
				dirF = append(dirF, f)
				dirPos = append(dirPos, p)
			}
		}
	}
	dirStart[nt] = uint32(len(dirF))
	return dirStart, dirF, dirPos
}

// sortPlaces orders places by département, code and name, so that the
// places of a département are a range of ids.
func (b *Builder) sortPlaces() {
	order := make([]int, len(b.places))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool {
		p, q := b.places[order[i]], b.places[order[j]]
		if p.Dept != q.Dept {
			return p.Dept < q.Dept
		}
		if p.Code != q.Code {
			return p.Code < q.Code
		}
		return p.Name < q.Name
	})
	remap := make([]uint32, len(order))
	sorted := make([]Place, len(order))
	for newID, old := range order {
		remap[old] = uint32(newID)
		sorted[newID] = b.places[old]
	}
	for i, p := range b.place {
		b.place[i] = remap[p]
	}
	b.places = sorted
	b.placeID = nil
}

// deptRange returns the ids of the places of département d.
func (ix *Index) deptRange(d string) (lo, hi uint32) {
	l := sort.Search(len(ix.places), func(i int) bool { return ix.places[i].Dept >= d })
	h := sort.Search(len(ix.places), func(i int) bool { return ix.places[i].Dept > d })
	return uint32(l), uint32(h)
}
