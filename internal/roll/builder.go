package roll

import (
	"encoding/binary"
	"hash/fnv"
	"strings"
	"time"
)

// Builder accumulates normalised entries in compact columns, then freezes
// them into an Index. It is what the importer feeds; it is not safe for
// concurrent use.
type Builder struct {
	now time.Time

	tokID  map[string]uint32
	tokens []string // token 0 is ""

	toks   []uint32 // per entry: birth tokens, usage tokens, first-name tokens
	tokOff []uint32 // entry i's tokens start at tokOff[i]
	shape  []uint16
	date   []uint32
	place  []uint32
	src    []uint32
	flags  []uint8
	hash   []uint64
	emails map[uint32]string

	placeID map[Place]uint32
	places  []Place
	files   []fileInfo
	line    uint32 // global line counter: file bases + line numbers
}

// fileInfo is one imported file: its name and the global line number its
// line 0 maps to.
type fileInfo struct {
	Name string
	Base uint32
}

// Entry flag bits.
const (
	flagAberrant    = 1 << 0 // implausible data, kept but reported
	flagJoinedBirth = 1 << 1 // last birth token is the glued compound
	flagJoinedUsage = 1 << 2 // last usage token is the glued compound
	flagEmail       = 1 << 3
	flagKindShift   = 4 // two bits of Kind
	flagSexShift    = 6 // two bits of Sex
)

// Shape packs the token counts of an entry: birth, usage and first names
// (4 bits each), how many of the first-name tokens are glued compounds
// placed last (3 bits: JEANPIERRE for Jean-Pierre), and shapeKeyLater when
// its first first-name token is a one-letter one (so the key first name is
// further on).
func packShape(nb, nu, nf, ng int) uint16 { return uint16(nb | nu<<4 | nf<<8 | ng<<12) }

const shapeKeyLater = 1 << 15

// gluedFirst returns how many of an entry's first-name tokens are glued
// compounds (searchable, not shown).
func gluedFirst(s uint16) int { return int(s>>12) & 7 }

func unpackShape(s uint16) (nb, nu, nf int) {
	return int(s & 15), int(s>>4) & 15, int(s>>8) & 15
}

// maxPartTokens caps the tokens kept per name part.
const maxPartTokens = 8

// NewBuilder returns an empty Builder; now decides which birth dates lie in
// the future.
func NewBuilder(now time.Time) *Builder {
	return &Builder{
		now:     now,
		tokID:   map[string]uint32{"": 0},
		tokens:  []string{""},
		placeID: map[Place]uint32{},
		emails:  map[uint32]string{},
	}
}

// Len returns how many entries were added.
func (b *Builder) Len() int { return len(b.date) }

// StartFile declares that the following entries come from file name.
func (b *Builder) StartFile(name string) {
	b.files = append(b.files, fileInfo{Name: name, Base: b.line})
}

func (b *Builder) tok(s string) uint32 {
	if id, ok := b.tokID[s]; ok {
		return id
	}
	id := uint32(len(b.tokens))
	b.tokens = append(b.tokens, s)
	b.tokID[s] = id
	return id
}

// Add appends rec, read at line of the current file, and returns why it is
// aberrant ("" when plausible). Aberrant entries are kept.
func (b *Builder) Add(rec *Record, line int) (aberrant string) {
	bt, bj := nameTokens(rec.BirthName)
	ut, uj := nameTokens(rec.UsageName)
	ft, glued := firstNameTokens(rec.FirstNames)
	if Normalize(rec.UsageName) == Normalize(rec.BirthName) {
		ut, uj = nil, false
	}
	bt, bj = capPart(bt, bj)
	ut, uj = capPart(ut, uj)
	ft, _ = capPart(ft, false)
	if len(glued) > 7-1 {
		glued = glued[:6]
	}

	var date Date
	var flags uint8
	if d, err := ParseDate(rec.Birth); err != nil {
		aberrant = "unreadable birth date"
	} else {
		date = d
		aberrant = d.Aberrant(b.now)
	}
	if len(bt) == 0 && len(ut) == 0 {
		aberrant = joinReason(aberrant, "empty surname")
	}
	if len(ft) == 0 {
		aberrant = joinReason(aberrant, "empty first names")
	}
	if aberrant != "" {
		flags |= flagAberrant
	}
	if bj {
		flags |= flagJoinedBirth
	}
	if uj {
		flags |= flagJoinedUsage
	}
	kind := parseKind(rec.Kind)
	flags |= uint8(kind) << flagKindShift
	flags |= uint8(parseSex(rec.Sex)) << flagSexShift

	p := Place{Dept: normDept(rec.Dept), Code: strings.TrimSpace(rec.CommuneCode), Name: strings.TrimSpace(rec.CommuneName)}
	if p.Dept == "" {
		p.Dept = deptOf(p.Code)
	}
	pid, ok := b.placeID[p]
	if !ok {
		pid = uint32(len(b.places))
		b.places = append(b.places, p)
		b.placeID[p] = pid
	}

	idx := uint32(len(b.date))
	b.tokOff = append(b.tokOff, uint32(len(b.toks)))
	h := fnv.New64a()
	var buf [4]byte
	for _, part := range [][]string{bt, ut, ft, glued} {
		for _, t := range part {
			id := b.tok(t)
			b.toks = append(b.toks, id)
			binary.LittleEndian.PutUint32(buf[:], id)
			h.Write(buf[:])
		}
		h.Write([]byte{0xff})
	}
	email := strings.TrimSpace(rec.Email)
	if email != "" && kind == KindConsular {
		flags |= flagEmail
		b.emails[idx] = email
		h.Write([]byte(email))
	}
	binary.LittleEndian.PutUint32(buf[:], uint32(date))
	h.Write(buf[:])
	binary.LittleEndian.PutUint32(buf[:], pid)
	h.Write(buf[:])
	h.Write([]byte{flags})

	sh := packShape(len(bt), len(ut), len(ft)+len(glued), len(glued))
	if len(ft) > 0 && len(ft[0]) < 2 {
		sh |= shapeKeyLater
	}
	b.shape = append(b.shape, sh)
	b.date = append(b.date, uint32(date))
	b.place = append(b.place, pid)
	b.src = append(b.src, b.files[len(b.files)-1].Base+uint32(line))
	b.flags = append(b.flags, flags)
	b.hash = append(b.hash, h.Sum64())
	return aberrant
}

// EndFile closes the current file, which had lines lines.
func (b *Builder) EndFile(lines int) { b.line += uint32(lines) + 1 }

func capPart(t []string, joined bool) ([]string, bool) {
	if len(t) > maxPartTokens {
		return t[:maxPartTokens], false
	}
	return t, joined
}

func joinReason(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// firstNameTokens returns the tokens of the first names and, apart, the
// glued form of each compound one (Jean-Pierre also answers to
// JEANPIERRE).
func firstNameTokens(s string) (toks, glued []string) {
	for _, word := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		t := Tokens(word)
		toks = append(toks, t...)
		if len(t) > 1 {
			j := strings.Join(t, "")
			if len(j) <= maxJoined {
				glued = append(glued, j)
			}
		}
	}
	return toks, glued
}
