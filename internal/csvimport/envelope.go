package csvimport

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// The envelope list of a vote by invitation codes (issue 14, Deliver 4):
// the names and postal addresses the organisers bring, read here, checked,
// and written back in a random order drawn apart from the codes', so that
// the n-th envelope and the n-th slip have nothing to do with each other.
// Nothing of it is stored: it goes in, it comes out shuffled.

// Limits on an envelope list: a votation by post may reach tens of
// thousands of voters.
const (
	MaxEnvelopeBytes = 16 << 20
	MaxEnvelopes     = 50000
)

// Envelope is one addressee read from the file.
type Envelope struct {
	Line       int // 1-based line in the file
	Name       string
	FirstName  string
	Address    string // street line
	Address2   string // complement: building, staircase, lieu-dit
	PostalCode string
	Commune    string
	Country    string // empty: France
}

// EnvelopeList is what a file gave: the envelopes, in the file's order,
// and the lines refused.
type EnvelopeList struct {
	Envelopes []Envelope
	Errors    []RowError // Field is the column: name, address, postal_code, commune, country
	Separator rune
	Encoding  string
}

// MissingColumnError says which required column a file's header lacks.
type MissingColumnError struct{ Column string } // name, address, postal_code or commune

func (e *MissingColumnError) Error() string { return "csvimport: no " + e.Column + " column" }

// ErrNoHeader is a file whose first line names no column of an envelope.
var ErrNoHeader = errors.New("csvimport: the first line must name the columns")

// EnvelopeColumns are the columns, in the order WriteEnvelopes writes them.
var EnvelopeColumns = []string{"name", "first_name", "address", "address2", "postal_code", "commune", "country"}

// envelopeWords maps a folded header cell to its column (see foldDigits).
var envelopeWords = map[string]string{
	"nom": "name", "name": "name", "lastname": "name", "surname": "name", "familyname": "name", "nomdefamille": "name",
	"nomcomplet": "name", "fullname": "name", "nometprenom": "name", "destinataire": "name", "recipient": "name",
	"prenom": "first_name", "firstname": "first_name", "givenname": "first_name",
	"adresse": "address", "address": "address", "adresse1": "address", "address1": "address", "addressline": "address",
	"addressline1": "address", "adresseligne1": "address", "ligne1": "address", "rue": "address", "street": "address", "voie": "address", "numeroetvoie": "address", "streetaddress": "address",
	"adresse2": "address2", "address2": "address2", "addressline2": "address2", "adresseligne2": "address2", "ligne2": "address2", "complement": "address2",
	"complementdadresse": "address2", "complementadresse": "address2", "lieudit": "address2",
	"codepostal": "postal_code", "cp": "postal_code", "postalcode": "postal_code", "postcode": "postal_code",
	"zip": "postal_code", "zipcode": "postal_code",
	"commune": "commune", "ville": "commune", "localite": "commune", "city": "commune", "town": "commune",
	"pays": "country", "country": "country",
}

// ParseEnvelopes reads an envelope list: UTF-8 (a byte-order mark
// allowed) or Windows-1252, comma, semicolon or tab separated, its first
// line naming the columns in French or English (nom, prénom, adresse,
// complément, code postal, commune, pays; name, first name, address,
// address line 2, postal code, city, country; docs/codes.md). Name,
// address, postal code and commune are required; a French postal code
// (no country, or France) has five digits. Each refused line is in
// Errors with its column; the file is refused as a whole only when it is
// too large, not text, headless or lacks a required column.
func ParseEnvelopes(data []byte) (*EnvelopeList, error) {
	if len(data) > MaxEnvelopeBytes {
		return nil, ErrTooLarge
	}
	res := &EnvelopeList{Encoding: "utf-8"}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, ErrNotText
	}
	if !utf8.Valid(data) {
		dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, ErrNotText
		}
		data, res.Encoding = dec, "windows-1252"
	}
	res.Separator = detectSeparator(data)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = res.Separator
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.TrimLeadingSpace = true

	var cols []string
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			res.Errors = append(res.Errors, RowError{Line: line, Message: "err.csv.syntax"})
			break
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) > MaxColumns {
			if cols == nil {
				return nil, ErrNoHeader
			}
			res.Errors = append(res.Errors, RowError{Line: line, Message: "err.csv.columns"})
			continue
		}
		if cols == nil {
			if cols, err = envelopeHeader(rec); err != nil {
				return nil, err
			}
			continue
		}
		if len(res.Envelopes)+len(res.Errors) >= MaxEnvelopes {
			return nil, ErrTooMany
		}
		e, rerr := readEnvelope(line, rec, cols)
		if rerr != nil {
			res.Errors = append(res.Errors, *rerr)
			continue
		}
		key := strings.ToLower(strings.Join([]string{e.Name, e.FirstName, e.Address, e.Address2, e.PostalCode, e.Commune, e.Country}, "\x00"))
		if prev, dup := seen[key]; dup {
			res.Errors = append(res.Errors, RowError{Line: line, Field: "name", Message: "err.envelope.duplicate", Value: itoa(prev)})
			continue
		}
		seen[key] = line
		res.Envelopes = append(res.Envelopes, e)
	}
	if cols == nil {
		return nil, ErrEmpty
	}
	if len(res.Envelopes) == 0 && len(res.Errors) == 0 {
		return nil, ErrEmpty
	}
	return res, nil
}

// envelopeHeader reads the header line into one column per cell ("" for
// a cell it does not know), checking the required ones are there.
func envelopeHeader(rec []string) ([]string, error) {
	cols := make([]string, len(rec))
	have := map[string]bool{}
	for i, c := range rec {
		cols[i] = envelopeWords[foldDigits(c)]
		have[cols[i]] = true
	}
	if len(have) == 1 && have[""] {
		return nil, ErrNoHeader
	}
	for _, c := range []string{"name", "address", "postal_code", "commune"} {
		if !have[c] {
			return nil, &MissingColumnError{Column: c}
		}
	}
	return cols, nil
}

func readEnvelope(line int, rec []string, cols []string) (Envelope, *RowError) {
	e := Envelope{Line: line}
	for i, v := range rec {
		if i >= len(cols) || cols[i] == "" {
			continue
		}
		v = unneutralise(strings.Join(strings.Fields(v), " "))
		if utf8.RuneCountInString(v) > MaxFieldLen {
			return e, &RowError{Line: line, Field: cols[i], Message: "err.csv.too_long", Value: clipValue(v)}
		}
		if strings.IndexFunc(v, unicode.IsControl) >= 0 {
			return e, &RowError{Line: line, Field: cols[i], Message: "err.envelope.control", Value: clipValue(v)}
		}
		p := map[string]*string{"name": &e.Name, "first_name": &e.FirstName, "address": &e.Address, "address2": &e.Address2,
			"postal_code": &e.PostalCode, "commune": &e.Commune, "country": &e.Country}[cols[i]]
		*p = strings.TrimSpace(*p + " " + v)
	}
	for _, req := range []struct{ col, v string }{{"name", e.Name}, {"address", e.Address}, {"postal_code", e.PostalCode}, {"commune", e.Commune}} {
		if req.v == "" {
			return e, &RowError{Line: line, Field: req.col, Message: "err.envelope." + req.col + ".required"}
		}
	}
	if French(e.Country) {
		pc := strings.ReplaceAll(e.PostalCode, " ", "")
		if len(pc) != 5 || strings.Trim(pc, "0123456789") != "" {
			return e, &RowError{Line: line, Field: "postal_code", Message: "err.envelope.postal_code", Value: clipValue(e.PostalCode)}
		}
		e.PostalCode = pc
	} else if n := len(e.PostalCode); n > 12 || strings.Trim(strings.ToUpper(e.PostalCode), "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ -") != "" {
		return e, &RowError{Line: line, Field: "postal_code", Message: "err.envelope.postal_code_foreign", Value: clipValue(e.PostalCode)}
	}
	return e, nil
}

// foldDigits is fold keeping digits: "Adresse ligne 2" is "adresseligne2".
func foldDigits(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && r < unicode.MaxASCII {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// French reports whether a country cell means France (or is empty).
func French(c string) bool {
	switch fold(c) {
	case "", "france", "fr", "fra", "republiquefrancaise":
		return true
	}
	return false
}

// ShuffleEnvelopes puts envelopes in a uniformly random order drawn from
// crypto/rand (Fisher–Yates), independent of any other order: the file's,
// the codes', the slips'.
func ShuffleEnvelopes(envs []Envelope) {
	for i := len(envs) - 1; i > 0; i-- {
		j := randIndex(i + 1)
		envs[i], envs[j] = envs[j], envs[i]
	}
}

// randIndex is uniform in [0, n) from crypto/rand, by rejection.
func randIndex(n int) int {
	limit := ^uint64(0) - ^uint64(0)%uint64(n)
	var b [8]byte
	for {
		rand.Read(b[:])
		if v := binary.BigEndian.Uint64(b[:]); v < limit {
			return int(v % uint64(n))
		}
	}
}

// WriteEnvelopes writes envelopes as CSV for spreadsheets and mail-merge
// (see Writer: every cell safe from formula injection) under a header of
// one label per EnvelopeColumns entry, in the caller's language. The
// line numbers of the file read are not written: they would undo the
// shuffle.
func WriteEnvelopes(out io.Writer, envs []Envelope, header []string) error {
	w := NewWriter(out)
	if err := w.Write(header...); err != nil {
		return err
	}
	for _, e := range envs {
		if err := w.Write(e.Name, e.FirstName, e.Address, e.Address2, e.PostalCode, e.Commune, e.Country); err != nil {
			return err
		}
	}
	return w.Flush()
}
