// Package roll is the voter-roll engine: import of heterogeneous roll files,
// a compact index of tens of millions of entries and typo-tolerant search.
// It knows nothing of HTTP or SQL.
package roll

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Date is a birth date packed as year<<9 | month<<5 | day. A zero part is
// unknown: REU files write 00/00/1950 when only the year is known.
type Date uint32

// MakeDate packs a date without checking it.
func MakeDate(y, m, d int) Date { return Date(y<<9 | m<<5 | d) }

// Year, Month and Day return the parts of d (zero when unknown).
func (d Date) Year() int  { return int(d >> 9) }
func (d Date) Month() int { return int(d>>5) & 15 }
func (d Date) Day() int   { return int(d) & 31 }

// String formats d as YYYY-MM-DD, YYYY-MM or YYYY, or "" when unknown.
func (d Date) String() string {
	switch {
	case d == 0:
		return ""
	case d.Month() == 0:
		return fmt.Sprintf("%04d", d.Year())
	case d.Day() == 0:
		return fmt.Sprintf("%04d-%02d", d.Year(), d.Month())
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year(), d.Month(), d.Day())
}

// ParseDate reads DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, YYYY-MM-DD, YYYY/MM/DD,
// YYYYMMDD, DDMMYYYY or a year alone. Zero day or month means unknown. It
// checks the shape, not plausibility: see Aberrant.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i] // drop a time part: 1970-03-02 00:00:00
	}
	if s == "" {
		return 0, nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	num := func(p string) (int, bool) {
		if p == "" || len(p) > 4 {
			return 0, false
		}
		n, err := strconv.Atoi(p)
		return n, err == nil && n >= 0
	}
	var y, m, d int
	var ok1, ok2, ok3 bool
	switch {
	case len(parts) == 1 && len(s) == 4:
		y, ok1 = num(s)
		ok2, ok3 = true, true
	case len(parts) == 1 && len(s) == 8:
		if a, ok := num(s[:4]); ok && (a >= 1800 || s[4:6] <= "12" && s[6:8] > "31") {
			y, ok1 = a, true
			m, ok2 = num(s[4:6])
			d, ok3 = num(s[6:8])
		} else {
			d, ok1 = num(s[:2])
			m, ok2 = num(s[2:4])
			y, ok3 = num(s[4:8])
		}
	case len(parts) == 3 && len(parts[0]) == 4:
		y, ok1 = num(parts[0])
		m, ok2 = num(parts[1])
		d, ok3 = num(parts[2])
	case len(parts) == 3 && len(parts[2]) == 4:
		d, ok1 = num(parts[0])
		m, ok2 = num(parts[1])
		y, ok3 = num(parts[2])
	case len(parts) == 2 && len(parts[1]) == 4:
		m, ok1 = num(parts[0])
		y, ok2 = num(parts[1])
		ok3 = true
	default:
		return 0, fmt.Errorf("unrecognised date %q", s)
	}
	if !ok1 || !ok2 || !ok3 {
		return 0, fmt.Errorf("unrecognised date %q", s)
	}
	if m > 12 || d > 31 || y > 9999 {
		return 0, fmt.Errorf("impossible date %q", s)
	}
	if m == 0 {
		d = 0
	}
	return MakeDate(y, m, d), nil
}

// Aberrant says why a birth date is implausible for a voter at now (born in
// the future, before 1900, or on a day the calendar does not have), or "".
func (d Date) Aberrant(now time.Time) string {
	if d == 0 {
		return ""
	}
	y := d.Year()
	switch {
	case y < 1900:
		return "birth date before 1900"
	case y > now.Year() || y == now.Year() && d.Month() > int(now.Month()) ||
		y == now.Year() && d.Month() == int(now.Month()) && d.Day() > now.Day():
		return "birth date in the future"
	}
	if d.Day() > 0 && d.Month() > 0 {
		t := time.Date(y, time.Month(d.Month()), d.Day(), 0, 0, 0, 0, time.UTC)
		if t.Day() != d.Day() {
			return "birth date does not exist"
		}
	}
	return ""
}

// Kind is the list an entry belongs to.
type Kind uint8

// The lists of the répertoire électoral unique.
const (
	KindGeneral   Kind = iota // liste principale
	KindEU                    // liste complémentaire européenne
	KindMunicipal             // liste complémentaire municipale
	KindConsular              // liste électorale consulaire
)

var kindNames = [...]string{"general", "eu", "municipal", "consular"}

func (k Kind) String() string { return kindNames[k&3] }

// parseKind recognises a list type as REU exports and préfectures write it.
func parseKind(s string) Kind {
	n := strings.ToLower(Normalize(s))
	switch {
	case n == "":
		return KindGeneral
	case strings.Contains(n, "consul") || n == "lec":
		return KindConsular
	case strings.Contains(n, "europ") || n == "lce" || n == "eu":
		return KindEU
	case strings.Contains(n, "municip") || n == "lcm":
		return KindMunicipal
	}
	return KindGeneral
}

// Sex as written on the roll.
type Sex uint8

// Sexes; SexUnknown when the column is missing or unreadable.
const (
	SexUnknown Sex = iota
	SexMale
	SexFemale
)

func (s Sex) String() string {
	switch s {
	case SexMale:
		return "M"
	case SexFemale:
		return "F"
	}
	return ""
}

func parseSex(s string) Sex {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "M", "H", "1", "MASCULIN", "HOMME", "MALE", "MAN":
		return SexMale
	case "F", "2", "FEMININ", "FÉMININ", "FEMME", "FEMALE", "WOMAN":
		return SexFemale
	}
	return SexUnknown
}

// Record is one row of a roll file as the importer reads it, before
// normalisation. Only the fields search needs are kept.
type Record struct {
	BirthName   string
	UsageName   string
	FirstNames  string
	Birth       string
	Sex         string
	Dept        string
	CommuneCode string
	CommuneName string
	Kind        string
	Email       string
}

// Place is a commune of the roll.
type Place struct {
	Dept string // département code: 75, 2A, 971, 99 for abroad
	Code string // INSEE commune code
	Name string // commune name as the file writes it
}

// deptOf derives a département from an INSEE commune code.
func deptOf(code string) string {
	if len(code) != 5 {
		return ""
	}
	if strings.HasPrefix(code, "97") || strings.HasPrefix(code, "98") {
		return code[:3]
	}
	return code[:2]
}

// normDept canonicalises a département code: 1 → 01, "2a" → 2A.
func normDept(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if i := strings.IndexAny(s, " -"); i > 0 {
		s = s[:i] // "75 - Paris"
	}
	if len(s) == 1 && s[0] >= '0' && s[0] <= '9' {
		s = "0" + s
	}
	return s
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
