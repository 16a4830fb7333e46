package roll

import (
	"bufio"
	"io"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// GenerateOptions describe a synthetic roll.
type GenerateOptions struct {
	Rows int
	Seed uint64
}

// picker draws from weighted names.
type picker struct {
	names, plain []string // plain: accents dropped, as many files have it
	cum          []int
}

func newPicker(list []struct {
	name   string
	weight int
}) *picker {
	p := &picker{}
	sum := 0
	for _, n := range list {
		sum += n.weight
		p.names = append(p.names, n.name)
		p.plain = append(p.plain, stripAccents(n.name))
		p.cum = append(p.cum, sum)
	}
	return p
}

func (p *picker) pick(r *rand.Rand) int {
	x := r.IntN(p.cum[len(p.cum)-1])
	return sort.SearchInts(p.cum, x+1)
}

// stripAccents removes diacritics but keeps punctuation and case.
func stripAccents(s string) string {
	var b strings.Builder
	var tmp []byte
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		tmp = foldRune(r, tmp[:0])
		lower := r != []rune(strings.ToUpper(string(r)))[0]
		for _, c := range tmp {
			if lower && c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// rareSurname builds the i-th surname of the long tail from syllables.
func rareSurname(i uint64, seed uint64) string {
	h := mix64(i*0x9e3779b97f4a7c15 + seed)
	s := sylStart[h%uint64(len(sylStart))] + sylMid[(h>>8)%uint64(len(sylMid))]
	if (h>>16)&1 == 0 {
		s += sylMid[(h>>20)%uint64(len(sylMid))]
	}
	s += sylEnd[(h>>28)%uint64(len(sylEnd))]
	switch (h >> 40) % 100 {
	case 0, 1:
		s = "LE " + s
	case 2:
		s = "DE " + s
	case 3:
		s += "-" + rareSurname(i+1, seed+1)
	case 4, 5:
		s += string("AEIOUY"[(h>>48)%6])
	case 6, 7:
		s = s[:len(s)-1] + string("LNRST"[(h>>48)%5]) + s[len(s)-1:]
	}
	return s
}

type generator struct {
	r              *rand.Rand
	seed           uint64
	tail           int
	sur, male, fem *picker
	deptCum        []int
	communes       []int // communes per département
}

// Generate writes a deterministic synthetic roll of opt.Rows rows as a
// REU-style semicolon-separated UTF-8 file: frequent and rare surnames,
// compound and usage names, first names by sex, communes weighted by
// population, and the dirt real files carry (missing accents, case, stray
// spaces, partial and aberrant dates, duplicate rows).
func Generate(w io.Writer, opt GenerateOptions) error {
	g := &generator{
		r:    rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5eed)),
		seed: opt.Seed,
		tail: opt.Rows/30 + 1000,
		sur:  newPicker(commonSurnames),
		male: newPicker(maleFirstNames),
		fem:  newPicker(femaleFirstNames),
	}
	sum := 0
	for _, d := range departements {
		sum += d.pop
		g.deptCum = append(g.deptCum, sum)
		g.communes = append(g.communes, 20+d.pop/3)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("Code du département;Code de la commune;Libellé de la commune;Type de liste;Nom de naissance;Nom d'usage;Prénoms;Sexe;Date de naissance;Adresse électronique\n")
	var line []byte
	for i := 0; i < opt.Rows; {
		line = g.row(line[:0])
		bw.Write(line)
		i++
		if g.r.IntN(500) == 0 && i < opt.Rows { // a duplicate row
			bw.Write(line)
			i++
		}
	}
	return bw.Flush()
}

func (g *generator) surname(plain bool) string {
	r := g.r
	if r.IntN(100) < 30 {
		k := g.sur.pick(r)
		if plain {
			return g.sur.plain[k]
		}
		return g.sur.names[k]
	}
	u := r.Float64()
	return rareSurname(uint64(float64(g.tail)*u*u), g.seed)
}

func (g *generator) row(b []byte) []byte {
	r := g.r
	plain := r.IntN(100) < 35
	d := sort.SearchInts(g.deptCum, r.IntN(g.deptCum[len(g.deptCum)-1])+1)
	dept := departements[d].code
	u := r.Float64()
	c := int(float64(g.communes[d]) * u * u * u)
	code := dept
	if len(dept) == 3 {
		code += strconv.Itoa(100 + c%100)[1:]
	} else {
		code += strconv.Itoa(1000 + c%1000)[1:]
	}
	commune := communeName(dept, c)
	kind := "LP"
	switch {
	case dept == "99":
		kind = "LEC"
	case r.IntN(1000) < 15:
		kind = "LCE"
	case r.IntN(1000) < 10:
		kind = "LCM"
	}
	female := r.IntN(2) == 0
	birth := g.surname(plain)
	nFirst := 1 + r.IntN(2)
	if r.IntN(5) == 0 {
		nFirst = 3
	}
	fp := g.male
	sex := "M"
	if female {
		fp, sex = g.fem, "F"
	}
	var first []string
	for len(first) < nFirst {
		k := fp.pick(r)
		n := fp.names[k]
		if plain {
			n = fp.plain[k]
		}
		if len(first) > 0 && first[len(first)-1] == n {
			continue
		}
		first = append(first, n)
	}
	year := 1925 + int(83*(0.5+0.5*(r.Float64()-r.Float64())))
	month := 1 + r.IntN(12)
	day := 1 + r.IntN(daysIn(month, year))
	usage := ""
	if female && 2026-year >= 25 && r.IntN(100) < 50 || !female && r.IntN(100) < 2 {
		usage = g.surname(plain)
	}
	// Dirt.
	date := pad2(day) + "/" + pad2(month) + "/" + strconv.Itoa(year)
	switch x := r.IntN(10000); {
	case x < 50:
		date = "00/00/" + strconv.Itoa(year)
	case x < 53:
		date = pad2(day) + "/" + pad2(month) + "/18" + strconv.Itoa(10+r.IntN(90))
	case x < 55:
		date = pad2(day) + "/" + pad2(month) + "/2" + strconv.Itoa(100+r.IntN(900))
	case x < 56:
		date = "99/99/9999"
	case x < 57:
		first = nil
	}
	if r.IntN(100) < 3 {
		birth = strings.ToLower(birth)
	}
	if r.IntN(200) == 0 {
		birth = " " + birth + " "
	}
	email := ""
	if kind == "LEC" && r.IntN(2) == 0 {
		email = strings.ToLower(Normalize(first0(first)) + "." + strings.ReplaceAll(Normalize(birth), " ", "") + "@example.org")
	}
	for i, f := range [...]string{dept, code, commune, kind, birth, usage, strings.Join(first, " "), sex, date, email} {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, f...)
	}
	return append(b, '\n')
}

func first0(s []string) string {
	if len(s) == 0 {
		return "x"
	}
	return s[0]
}

func communeName(dept string, c int) string {
	h := mix64(uint64(c)<<16 ^ uint64(len(dept))<<8 ^ uint64(dept[0])<<24 ^ uint64(dept[1])<<32)
	n := sylStart[h%uint64(len(sylStart))] + sylEnd[(h>>8)%uint64(len(sylEnd))]
	switch (h >> 20) % 6 {
	case 0:
		n = "SAINT-" + n
	case 1:
		n += "-SUR-" + sylStart[(h>>30)%uint64(len(sylStart))] + "E"
	}
	return n
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
