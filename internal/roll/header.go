package roll

import (
	"fmt"
	"strconv"
	"strings"
)

// Field is a column the importer understands.
type Field int

// The fields of a roll row.
const (
	FieldNone Field = iota
	FieldBirthName
	FieldUsageName
	FieldFirstNames
	FieldBirth
	FieldSex
	FieldDept
	FieldCommuneCode
	FieldCommuneName
	FieldKind
	FieldEmail
	numFields
)

// fieldNames are the names --map accepts.
var fieldNames = map[string]Field{
	"birth-name": FieldBirthName, "usage-name": FieldUsageName, "first-names": FieldFirstNames,
	"birth-date": FieldBirth, "sex": FieldSex, "dept": FieldDept, "commune-code": FieldCommuneCode,
	"commune": FieldCommuneName, "kind": FieldKind, "email": FieldEmail,
}

// FieldNames lists the names accepted by ParseMap, for help texts.
func FieldNames() string {
	return "birth-name, usage-name, first-names, birth-date, sex, dept, commune-code, commune, kind, email"
}

// headerNames maps normalised header spellings (lowercase, no accents,
// punctuation as spaces) to fields, in French and English.
var headerNames = map[string]Field{}

func init() {
	add := func(f Field, names ...string) {
		for _, n := range names {
			headerNames[normHeader(n)] = f
		}
	}
	add(FieldBirthName, "nom", "nom de naissance", "nom naissance", "nom patronymique", "nom de famille",
		"patronyme", "nom_naissance", "nomnaissance", "last name", "lastname", "surname", "family name",
		"birth name", "birth surname", "name", "nom electeur", "nom de l electeur")
	add(FieldUsageName, "nom d usage", "nom usage", "nom_usage", "nomusage", "nom marital", "nom d epouse",
		"nom epouse", "nom d usage de l electeur", "usage name", "married name", "used name", "nom utilise")
	add(FieldFirstNames, "prenoms", "prenom", "prenom s", "prenom 1", "prenom1", "prenom 2", "prenom2",
		"prenom 3", "prenom3", "prenoms de l electeur", "first name", "first names", "firstname", "firstnames",
		"given name", "given names", "forename", "forenames", "other names")
	add(FieldBirth, "date de naissance", "date naissance", "date_naissance", "datenaissance", "naissance",
		"ne le", "ne e le", "nee le", "date de naiss", "dt naissance", "birth date", "birthdate", "date of birth",
		"dob", "born")
	add(FieldSex, "sexe", "sex", "genre", "gender", "civilite")
	add(FieldDept, "departement", "code departement", "code du departement", "code dept", "dept", "dep",
		"code dep", "code dpt", "dpt", "num departement", "department", "department code", "county")
	add(FieldCommuneCode, "code commune", "code de la commune", "code_commune", "codecommune", "code insee",
		"insee", "code insee commune", "code commune insee", "cog", "commune code", "municipality code",
		"code de la commune de rattachement", "code bv commune")
	add(FieldCommuneName, "libelle commune", "libelle de la commune", "libelle_commune", "commune",
		"nom commune", "nom de la commune", "ville", "localite", "municipality", "commune name", "city",
		"town", "libelle de la commune de rattachement")
	add(FieldKind, "type de liste", "type liste", "liste", "type_liste", "code type liste", "list",
		"list type", "list kind", "kind")
	add(FieldEmail, "email", "e mail", "mail", "courriel", "adresse electronique", "adresse mail",
		"adresse courriel", "email address")
}

// normHeader lowercases a header cell, drops accents and turns punctuation
// into single spaces: "Nom d'usage" and "NOM_D_USAGE" both give "nom d usage".
func normHeader(s string) string {
	return strings.ToLower(strings.Join(headerTokens(s), " "))
}

func headerTokens(s string) []string {
	var out []string
	var cur []byte
	var tmp []byte
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		if r >= '0' && r <= '9' {
			cur = append(cur, byte(r))
			continue
		}
		tmp = foldRune(r, tmp[:0])
		if len(tmp) == 0 {
			flush()
			continue
		}
		cur = append(cur, tmp...)
	}
	flush()
	return out
}

// ColumnMap says which field each column holds.
type ColumnMap []Field

// Mapping is a user's --map: field → header spelling or 1-based column.
type Mapping map[Field]string

// ParseMap reads --map values "first-names=PRENOMS USUELS,birth-date=3".
func ParseMap(specs []string) (Mapping, error) {
	m := Mapping{}
	for _, spec := range specs {
		for _, kv := range strings.Split(spec, ",") {
			kv = strings.TrimSpace(kv)
			if kv == "" {
				continue
			}
			k, v, ok := strings.Cut(kv, "=")
			f, known := fieldNames[strings.TrimSpace(strings.ToLower(k))]
			if !ok || !known || strings.TrimSpace(v) == "" {
				return nil, fmt.Errorf("--map %q: want FIELD=HEADER or FIELD=COLUMN, FIELD one of %s", kv, FieldNames())
			}
			m[f] = strings.TrimSpace(v)
		}
	}
	return m, nil
}

// mapHeader decides the field of each column of header, the user's mapping
// first. It fails when no name column is found.
func mapHeader(header []string, user Mapping) (ColumnMap, error) {
	cols := make(ColumnMap, len(header))
	taken := map[Field]bool{}
	for f, v := range user {
		if n, err := strconv.Atoi(v); err == nil {
			if n < 1 || n > len(header) {
				return nil, fmt.Errorf("--map column %d: the header has %d columns", n, len(header))
			}
			cols[n-1] = f
			taken[f] = true
			continue
		}
		found := false
		for i, h := range header {
			if normHeader(h) == normHeader(v) {
				cols[i] = f
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("--map %q: no such column in the header", v)
		}
		taken[f] = true
	}
	for i, h := range header {
		if cols[i] != FieldNone {
			continue
		}
		f := headerNames[normHeader(h)]
		if f == FieldNone || taken[f] && f != FieldFirstNames {
			continue
		}
		// "nom" alone after a birth-name column is most likely the usage name.
		cols[i] = f
		if f != FieldFirstNames {
			taken[f] = true
		}
	}
	has := map[Field]bool{}
	for _, f := range cols {
		has[f] = true
	}
	if !has[FieldBirthName] && !has[FieldUsageName] {
		return nil, fmt.Errorf("no name column recognised in the header %q; name them with --map birth-name=HEADER,first-names=HEADER", strings.Join(header, "|"))
	}
	return cols, nil
}
