// Package csvimport reads the member lists people bring from elsewhere (a
// Meetup export, a spreadsheet) and writes CSV exports that spreadsheets
// open safely. Reading guesses the separator (comma, semicolon, tab) and the
// encoding (UTF-8, else Windows-1252/Latin-1), recognises French and
// English headers, and reports each bad row with its line number; it caps
// sizes so a hostile file costs little. It knows nothing of HTTP or SQL.
package csvimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"codeberg.org/cortege/cortege"
)

// Limits on an imported file.
const (
	MaxBytes    = 2 << 20 // 2 MiB
	MaxRows     = 2000
	MaxFieldLen = 200
	MaxColumns  = 50
)

// Errors about the whole file; row errors go to Result.Errors.
var (
	ErrTooLarge = errors.New("csvimport: file too large")
	ErrTooMany  = errors.New("csvimport: too many rows")
	ErrEmpty    = errors.New("csvimport: no rows")
	ErrNoEmail  = errors.New("csvimport: no email column")
	ErrNotText  = errors.New("csvimport: not a text file")
)

// Row is one person read from the file.
type Row struct {
	Line      int // 1-based line number in the file
	Name      string
	FirstName string
	Email     string // normalised
}

// FullName is the first name and name together.
func (r Row) FullName() string { return strings.TrimSpace(r.FirstName + " " + r.Name) }

// RowError says why one line was refused. Message is a translation key.
type RowError struct {
	Line    int
	Field   string
	Message string
	Value   string // the offending value, cut short
}

// Result is what a file gave.
type Result struct {
	Rows      []Row
	Errors    []RowError
	Separator rune
	Encoding  string // "utf-8" or "windows-1252"
	Header    bool   // whether the first line was a header
}

// column roles.
const (
	colNone = iota
	colName
	colFirst
	colEmail
)

// headerWords maps a folded header cell to its role.
var headerWords = map[string]int{
	"nom": colName, "name": colName, "lastname": colName, "surname": colName, "familyname": colName,
	"nomdefamille": colName, "fullname": colName, "nomcomplet": colName, "nometprenom": colName, "membre": colName, "member": colName,
	"prenom": colFirst, "firstname": colFirst, "givenname": colFirst,
	"email": colEmail, "mail": colEmail, "courriel": colEmail, "emailaddress": colEmail, "adresseemail": colEmail,
	"adressemail": colEmail, "adresseelectronique": colEmail, "adressecourriel": colEmail, "adressemel": colEmail, "mel": colEmail,
}

// Parse reads a member list.
func Parse(data []byte) (*Result, error) {
	if len(data) > MaxBytes {
		return nil, ErrTooLarge
	}
	res := &Result{Encoding: "utf-8"}
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
	r.ReuseRecord = false

	roles := []int(nil)
	first := true
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
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
			res.Errors = append(res.Errors, RowError{Line: line, Message: "err.csv.columns"})
			continue
		}
		if first {
			first = false
			if h := headerRoles(rec); h != nil {
				roles, res.Header = h, true
				continue
			}
			roles = guessRoles(rec)
			if roles == nil {
				return nil, ErrNoEmail
			}
		}
		if len(res.Rows)+len(res.Errors) >= MaxRows {
			return nil, ErrTooMany
		}
		row, rerr := readRow(line, rec, roles)
		if rerr != nil {
			res.Errors = append(res.Errors, *rerr)
			continue
		}
		if prev, dup := seen[strings.ToLower(row.Email)]; dup {
			res.Errors = append(res.Errors, RowError{Line: line, Field: "email", Message: "err.csv.duplicate", Value: clipValue(row.Email) + " (" + itoa(prev) + ")"})
			continue
		}
		seen[strings.ToLower(row.Email)] = line
		res.Rows = append(res.Rows, row)
	}
	if roles == nil {
		return nil, ErrEmpty
	}
	if len(res.Rows) == 0 && len(res.Errors) == 0 {
		return nil, ErrEmpty
	}
	return res, nil
}

func readRow(line int, rec []string, roles []int) (Row, *RowError) {
	row := Row{Line: line}
	for i, v := range rec {
		if i >= len(roles) {
			break
		}
		v = unneutralise(strings.TrimSpace(v))
		if utf8.RuneCountInString(v) > MaxFieldLen {
			return row, &RowError{Line: line, Field: roleName(roles[i]), Message: "err.csv.too_long", Value: clipValue(v)}
		}
		if strings.ContainsAny(v, "\r\n") {
			v = strings.Join(strings.Fields(v), " ")
		}
		switch roles[i] {
		case colName:
			row.Name = strings.TrimSpace(row.Name + " " + v)
		case colFirst:
			row.FirstName = strings.TrimSpace(row.FirstName + " " + v)
		case colEmail:
			if row.Email == "" {
				row.Email = v
			}
		}
	}
	if row.Email == "" {
		return row, &RowError{Line: line, Field: "email", Message: "err.csv.email_missing"}
	}
	e, err := cortege.NormalizeEmail(row.Email)
	if err != nil {
		return row, &RowError{Line: line, Field: "email", Message: "err.csv.email_invalid", Value: clipValue(row.Email)}
	}
	row.Email = e
	return row, nil
}

// unneutralise undoes SafeCell: a cell Cortège's own export prefixed with
// an apostrophe ("'-marie@example.org") reads as it was, so an export
// imported again invites the same people, not "'-marie@…".
func unneutralise(v string) string {
	if strings.HasPrefix(v, "'") && SafeCell(v[1:]) == v {
		return v[1:]
	}
	return v
}

func roleName(r int) string {
	switch r {
	case colName:
		return "name"
	case colFirst:
		return "first_name"
	case colEmail:
		return "email"
	}
	return ""
}

// headerRoles recognises a header line, or returns nil when rec is data.
func headerRoles(rec []string) []int {
	roles := make([]int, len(rec))
	email := false
	for i, c := range rec {
		roles[i] = headerWords[fold(c)]
		email = email || roles[i] == colEmail
	}
	if !email {
		return nil
	}
	return roles
}

// guessRoles handles a file without a header: the column holding an
// address is the email, the others together the name.
func guessRoles(rec []string) []int {
	roles := make([]int, len(rec))
	found := false
	for i, c := range rec {
		if !found && strings.Contains(c, "@") {
			roles[i], found = colEmail, true
		} else {
			roles[i] = colName
		}
	}
	if !found {
		return nil
	}
	return roles
}

// fold lower-cases a header cell and keeps only its letters, accents
// removed: "E-mail", "Prénom " and "first_name" become "email", "prenom",
// "firstname".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.IsLetter(r) && r < unicode.MaxASCII {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// detectSeparator counts commas, semicolons and tabs outside quotes on the
// first non-empty line and picks the most frequent (comma when none).
func detectSeparator(data []byte) rune {
	counts := map[rune]int{}
	quoted := false
	seenText := false
	for _, r := range string(data) {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if r == '\n' {
			if seenText {
				break
			}
			continue
		}
		if r == ',' || r == ';' || r == '\t' {
			counts[r]++
		}
		if !unicode.IsSpace(r) {
			seenText = true
		}
	}
	best, n := ',', 0
	for _, r := range []rune{',', ';', '\t'} {
		if counts[r] > n {
			best, n = r, counts[r]
		}
	}
	return best
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func clipValue(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:59]) + "…"
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}
