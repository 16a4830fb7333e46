package roll

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// BenchQuery is a noisy query made from a known entry, for measuring
// recall: Target is where the entry came from.
type BenchQuery struct {
	Name       string
	Born       string
	Dept       string
	TargetFile string
	TargetLine int
	Edits      int    // most edits in one name part
	TotalEdits int    // edits in all name parts
	Class      string // what was done to the name
	Clean      Query  // the same query without typos
}

// MakeQueries draws n entries of ix at random (deterministically from seed)
// and turns each into a query the way people type: surname and first names
// in either order, one first name dropped or the second one used, the
// usage name instead of the birth name, lower case, and 0, 1 or 2 edits
// (substitution, insertion, deletion, transposition) in any name part;
// half carry a birth date (full or year). Every query carries the entry's
// département, as the 2018 votation's search form required (it asked for
// the département before the name) and as both PostgreSQL baselines
// filter on it; WithoutDept gives the same queries without it.
func MakeQueries(ix *Index, n int, seed uint64) []BenchQuery {
	r := rand.New(rand.NewPCG(seed, seed^0xbe4c4))
	out := make([]BenchQuery, 0, n)
	for len(out) < n {
		e := uint32(r.IntN(ix.Len()))
		if ix.flags[e]&flagAberrant != 0 {
			continue
		}
		en := ix.Entry(e)
		first := strings.Fields(en.FirstNames)
		sur := en.BirthName
		class := []string{}
		if en.UsageName != "" && r.IntN(2) == 0 {
			sur = en.UsageName
			class = append(class, "usage-name")
		}
		if sur == "" || len(first) == 0 {
			continue
		}
		fn := first[0]
		switch x := r.IntN(10); {
		case len(first) > 1 && x < 2:
			fn = first[1]
			class = append(class, "second-first-name")
		case len(first) > 1 && x < 4:
			fn = first[0] + " " + first[1]
			class = append(class, "two-first-names")
		}
		q := BenchQuery{TargetFile: en.File, TargetLine: en.Line}
		switch x := r.IntN(10); {
		case x < 4:
			if en.Born.Day() != 0 {
				q.Born = en.Born.String()
				if r.IntN(2) == 0 {
					q.Born = pad2(en.Born.Day()) + "/" + pad2(en.Born.Month()) + "/" + pad4(en.Born.Year())
				}
			}
		case x < 5:
			if en.Born != 0 {
				q.Born = pad4(en.Born.Year())
			}
		}
		q.Dept = en.Place.Dept
		clean := []string{sur, fn}
		parts := []string{sur, fn}
		edits := r.IntN(3)
		q.Edits = edits
		if edits > 0 {
			// Put the edits in one part, or in both when r says so.
			targets := []int{r.IntN(2)}
			if edits == 2 && r.IntN(3) == 0 {
				targets = []int{0, 1}
			}
			for _, t := range targets {
				parts[t] = typo(r, parts[t], edits)
			}
			q.TotalEdits = edits * len(targets)
			class = append(class, map[int]string{1: "1-edit", 2: "2-edits"}[edits])
		}
		if r.IntN(2) == 0 {
			parts[0], parts[1] = parts[1], parts[0]
			clean[0], clean[1] = clean[1], clean[0]
			class = append(class, "first-name-first")
		}
		if r.IntN(2) == 0 {
			parts[0], parts[1] = strings.ToLower(parts[0]), strings.ToLower(parts[1])
		}
		q.Name = strings.Join(parts, " ")
		q.Class = strings.Join(class, ",")
		q.Clean = Query{Name: strings.Join(clean, " "), Born: q.Born, Dept: q.Dept, Exact: true, Limit: 21}
		out = append(out, q)
	}
	return out
}

// WithoutDept returns qs with the département taken out of each query.
func WithoutDept(qs []BenchQuery) []BenchQuery {
	out := slices.Clone(qs)
	for i := range out {
		out[i].Dept, out[i].Clean.Dept = "", ""
	}
	return out
}

func pad4(y int) string {
	s := "000" + itoa(y)
	return s[len(s)-4:]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// typo applies k random edits to s (uppercase letters), never leaving it
// unchanged by accident.
func typo(r *rand.Rand, s string, k int) string {
	b := []byte(s)
	for i := 0; i < k; i++ {
		letters := 0
		for _, c := range b {
			if c >= 'A' && c <= 'Z' {
				letters++
			}
		}
		if letters < 2 {
			b = append(b, byte('A'+r.IntN(26)))
			continue
		}
		// Pick a letter position.
		var pos []int
		for j, c := range b {
			if c >= 'A' && c <= 'Z' {
				pos = append(pos, j)
			}
		}
		p := pos[r.IntN(len(pos))]
		switch r.IntN(4) {
		case 0: // substitution
			c := byte('A' + r.IntN(26))
			for c == b[p] {
				c = byte('A' + r.IntN(26))
			}
			b[p] = c
		case 1: // insertion
			b = append(b[:p], append([]byte{byte('A' + r.IntN(26))}, b[p:]...)...)
		case 2: // deletion
			b = append(b[:p], b[p+1:]...)
		case 3: // transposition with the next letter, if different
			if p+1 < len(b) && b[p+1] >= 'A' && b[p+1] <= 'Z' && b[p+1] != b[p] {
				b[p], b[p+1] = b[p+1], b[p]
			} else {
				b[p] = byte('A' + (int(b[p]-'A')+1+r.IntN(25))%26)
			}
		}
	}
	return string(b)
}
