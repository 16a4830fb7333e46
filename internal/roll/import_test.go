package roll

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

var testNow = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// importFiles writes files (name → content) to a temporary directory and
// imports them in name order.
func importFiles(t *testing.T, files map[string]string, opt ImportOptions) (*Index, *Report, error) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	sortStrings(paths)
	return Import(context.Background(), paths, testNow, opt)
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// all returns every entry of ix.
func all(ix *Index) []Entry {
	out := make([]Entry, ix.Len())
	for i := range out {
		out[i] = ix.Entry(uint32(i))
	}
	return out
}

func find(entries []Entry, birth, first string) *Entry {
	for i := range entries {
		if entries[i].BirthName == birth && entries[i].FirstNames == first {
			return &entries[i]
		}
	}
	return nil
}

func hasIssue(rep *Report, file string, line int, reason string) bool {
	for _, is := range rep.Issues {
		if is.File == file && is.Line == line && strings.Contains(is.Reason, reason) {
			return true
		}
	}
	return false
}

func latin1(t *testing.T, s string) string {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportHeaderSpellingsAndDelimiters(t *testing.T) {
	tests := []struct {
		name, content string
	}{
		{"reu.csv", "Code du département;Code de la commune;Libellé de la commune;Type de liste;Nom de naissance;Nom d'usage;Prénoms;Sexe;Date de naissance\n" +
			"75;75056;Paris;LP;LEFÈVRE;MARTIN;Hélène Marie;F;02/03/1970\n"},
		{"short.csv", "NOM,PRENOM,DATE_NAISSANCE,DEPARTEMENT,COMMUNE,NOM_USAGE\n" +
			"Lefèvre,Hélène Marie,1970-03-02,75,Paris,Martin\n"},
		{"english.tsv", "Last name\tFirst names\tDate of birth\tDepartment\tMunicipality code\tMarried name\n" +
			"LEFEVRE\tHELENE MARIE\t02/03/1970\t75\t75056\tMARTIN\n"},
		{"quoted.csv", "\"nom patronymique\",\"prénom 1\",\"prénom 2\",\"né(e) le\",\"code insee\",\"nom d'épouse\"\n" +
			"\"LEFEVRE\",\"Hélène\",\"Marie\",\"02031970\",\"75056\",\"Martin\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, rep, err := importFiles(t, map[string]string{tt.name: tt.content}, ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if ix.Len() != 1 || rep.Rows != 1 {
				t.Fatalf("got %d entries from %d rows, want 1", ix.Len(), rep.Rows)
			}
			e := ix.Entry(0)
			if e.BirthName != "LEFEVRE" || e.UsageName != "MARTIN" || e.FirstNames != "HELENE MARIE" ||
				e.Born != MakeDate(1970, 3, 2) || e.Place.Dept != "75" || e.File != tt.name || e.Line != 2 {
				t.Errorf("entry = %+v", e)
			}
		})
	}
}

func TestImportLatin1(t *testing.T) {
	content := latin1(t, "nom;prénoms;date de naissance;département\nLEFÈVRE;Hélène Françoise;02/03/1970;75\nCŒUR;Noël;1950;01\n")
	_, err := charmap.Windows1252.NewDecoder().String(content)
	if err != nil {
		t.Fatal(err)
	}
	ix, rep, err := importFiles(t, map[string]string{"latin1.csv": content}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files[0].Encoding != "Windows-1252" {
		t.Errorf("encoding = %s, want Windows-1252", rep.Files[0].Encoding)
	}
	es := all(ix)
	if find(es, "LEFEVRE", "HELENE FRANCOISE") == nil || find(es, "COEUR", "NOEL") == nil {
		t.Errorf("accented names lost: %+v", es)
	}
	// A UTF-8 file with one Latin-1 line still reads both.
	mixed := "nom;prénoms\nLEFÈVRE;Hélène\n" + latin1(t, "GÉRARD;Noël\n")
	ix, rep, err = importFiles(t, map[string]string{"mixed.csv": mixed}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	es = all(ix)
	if !strings.HasPrefix(rep.Files[0].Encoding, "mixed") || find(es, "LEFEVRE", "HELENE") == nil || find(es, "GERARD", "NOEL") == nil {
		t.Errorf("mixed file: %s %+v", rep.Files[0].Encoding, es)
	}
}

func TestImportDirt(t *testing.T) {
	content := "\ufeffNom;Prénoms;Date de naissance;Code commune\n" +
		"DUPONT;Jean;02/03/1970;75056\n" + // line 2
		"DUPONT;Jean;02/03/1970;75056\n" + // 3: duplicate of 2
		"  dupont ; jean ;02/03/1970;75056\r\n" + // 4: duplicate after normalisation
		"FUTUR;Marc;01/01/2090;75056\n" + // 5: born in the future
		"ANCIEN;Louis;12/05/1620;75056\n" + // 6: born before 1900
		";Paul;1970;75056\n" + // 7: empty surname
		"MARTIN;;1970;75056\n" + // 8: empty first names
		"BIZARRE;Anne;31/02/1980;75056\n" + // 9: impossible day
		"\n" + // 10: blank
		"ILLISIBLE;Eve;le 3 mars;75056\n" + // 11: unreadable date
		"PARTIEL;Zoé;00/00/1950;75056\n" + // 12: year only, fine
		"\"GUILLEMET;S\";\"Anne \"\"Nan\"\"\";1980;75056\n" + // 13: quotes
		"COURT;Eve\n" + // 14: missing fields
		"LONG;" + strings.Repeat("x", maxLineBytes) + "\n" + // 15: too long
		"MULTI;\"Anne\nMarie\";1980;75056\n" + // 16-17: quoted newline
		"FIN;Luc;1980;75056;extra;columns\n" // 18
	ix, rep, err := importFiles(t, map[string]string{"dirty.csv": content}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		line   int
		reason string
	}{
		{3, "duplicate"}, {4, "duplicate"}, {5, "future"}, {6, "before 1900"}, {7, "empty surname"},
		{8, "empty first names"}, {9, "does not exist"}, {11, "unreadable birth date"}, {15, "too long"},
	}
	for _, c := range checks {
		if !hasIssue(rep, "dirty.csv", c.line, c.reason) {
			t.Errorf("report lacks dirty.csv:%d %q; issues: %+v", c.line, c.reason, rep.Issues)
		}
	}
	if rep.Duplicates != 2 || rep.Rejected != 1 {
		t.Errorf("duplicates = %d, rejected = %d, want 2 and 1", rep.Duplicates, rep.Rejected)
	}
	es := all(ix)
	for _, want := range []struct{ birth, first string }{
		{"DUPONT", "JEAN"}, {"FUTUR", "MARC"}, {"ANCIEN", "LOUIS"}, {"", "PAUL"}, {"MARTIN", ""},
		{"PARTIEL", "ZOE"}, {"GUILLEMET S", "ANNE NAN"}, {"COURT", "EVE"}, {"MULTI", "ANNE MARIE"}, {"FIN", "LUC"},
	} {
		if find(es, want.birth, want.first) == nil {
			t.Errorf("entry %s %s missing", want.birth, want.first)
		}
	}
	if e := find(es, "FUTUR", "MARC"); e == nil || !e.Aberrant {
		t.Errorf("FUTUR not flagged aberrant: %+v", e)
	}
	if e := find(es, "DUPONT", "JEAN"); e == nil || e.Aberrant || e.Line != 2 || e.Place.Dept != "75" {
		t.Errorf("DUPONT = %+v, want line 2, dept 75 from the commune code", e)
	}
	if e := find(es, "PARTIEL", "ZOE"); e == nil || e.Born != MakeDate(1950, 0, 0) || e.Aberrant {
		t.Errorf("PARTIEL = %+v, want year 1950 and not flagged", e)
	}
	if e := find(es, "FIN", "LUC"); e == nil || e.Line != 18 {
		t.Errorf("FIN = %+v, want line 18 (a quoted newline spans lines 16-17)", e)
	}
}

func TestImportFilePerCommune(t *testing.T) {
	files := map[string]string{}
	for _, c := range []string{"01001", "01002", "2A004", "97105"} {
		files["commune-"+c+".csv"] = "nom;prenoms;date de naissance;code commune;libellé commune\n" +
			"DUPONT;Jean;02/03/1970;" + c + ";Commune " + c + "\n" +
			"MARTIN;Marie;1980-01-01;" + c + ";Commune " + c + "\n"
	}
	ix, rep, err := importFiles(t, files, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != 8 || len(rep.Files) != 4 || rep.Duplicates != 0 {
		t.Fatalf("%d entries from %d files (%d duplicates), want 8 from 4", ix.Len(), len(rep.Files), rep.Duplicates)
	}
	depts := map[string]string{"01001": "01", "01002": "01", "2A004": "2A", "97105": "971"}
	for _, e := range all(ix) {
		code := strings.TrimSuffix(strings.TrimPrefix(e.File, "commune-"), ".csv")
		if e.Place.Code != code || e.Place.Dept != depts[code] || e.Place.Name != "Commune "+code {
			t.Errorf("entry %+v: place does not match its file", e)
		}
	}
	res, err := ix.Search(Query{Name: "jean dupont", Dept: "2A", Exact: true})
	if err != nil || len(res) != 1 || res[0].File != "commune-2A004.csv" || res[0].Line != 2 {
		t.Errorf("search in 2A = %+v, %v", res, err)
	}
}

func TestImportSameBaseName(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, d := range []string{"01", "02"} {
		os.MkdirAll(filepath.Join(dir, d), 0o700)
		p := filepath.Join(dir, d, "liste.csv")
		os.WriteFile(p, []byte("nom;prenoms;departement\nDUPONT;Jean;"+d+"\n"), 0o600)
		paths = append(paths, p)
	}
	ix, _, err := Import(context.Background(), paths, testNow, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all(ix) {
		if !strings.HasSuffix(e.File, e.Place.Dept+"/liste.csv") {
			t.Errorf("entry of %s names its file %q", e.Place.Dept, e.File)
		}
	}
}

func TestImportMap(t *testing.T) {
	content := "IDENT|PATRONYME ELECTEUR|PRENOMS USUELS|JOUR NAISS|X\n1|DUPONT|Jean|1970-03-02|75\n"
	_, _, err := importFiles(t, map[string]string{"odd.csv": content}, ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "--map") {
		t.Fatalf("unmapped header: err = %v, want a hint about --map", err)
	}
	m, err := ParseMap([]string{"birth-name=patronyme electeur,first-names=Prénoms usuels", "birth-date=4", "dept=5"})
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := importFiles(t, map[string]string{"odd.csv": content}, ImportOptions{Map: m})
	if err != nil {
		t.Fatal(err)
	}
	e := ix.Entry(0)
	if e.BirthName != "DUPONT" || e.FirstNames != "JEAN" || e.Born != MakeDate(1970, 3, 2) || e.Place.Dept != "75" {
		t.Errorf("entry = %+v", e)
	}
	for _, bad := range []string{"nonsense=NOM", "birth-name", "birth-name="} {
		if _, err := ParseMap([]string{bad}); err == nil {
			t.Errorf("ParseMap(%q) accepted", bad)
		}
	}
}

func TestImportInterrupted(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("nom;prenoms\n")
	for i := 0; i < 10000; i++ {
		sb.WriteString("DUPONT;Jean\n")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "big.csv")
	os.WriteFile(p, []byte(sb.String()), 0o600)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Import(ctx, []string{p}, testNow, ImportOptions{}); err == nil {
		t.Error("a cancelled import succeeded")
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		err  bool
	}{
		{"02/03/1970", MakeDate(1970, 3, 2), false},
		{"1970-03-02", MakeDate(1970, 3, 2), false},
		{"1970-03-02 00:00:00", MakeDate(1970, 3, 2), false},
		{"02-03-1970", MakeDate(1970, 3, 2), false},
		{"02.03.1970", MakeDate(1970, 3, 2), false},
		{"19700302", MakeDate(1970, 3, 2), false},
		{"02031970", MakeDate(1970, 3, 2), false},
		{"1970", MakeDate(1970, 0, 0), false},
		{"00/00/1970", MakeDate(1970, 0, 0), false},
		{"03/1970", MakeDate(1970, 3, 0), false},
		{"", 0, false},
		{"99/99/9999", 0, true},
		{"le 3 mars", 0, true},
		{"1970/13/01", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	ab := []struct {
		d    Date
		want string
	}{
		{MakeDate(1970, 3, 2), ""}, {MakeDate(1899, 12, 31), "before 1900"}, {MakeDate(2027, 1, 1), "future"},
		{MakeDate(2026, 11, 22), "future"}, {MakeDate(1981, 2, 29), "does not exist"}, {MakeDate(1980, 2, 29), ""},
		{MakeDate(1950, 0, 0), ""},
	}
	for _, tt := range ab {
		if got := tt.d.Aberrant(testNow); !strings.Contains(got, tt.want) || (tt.want == "") != (got == "") {
			t.Errorf("%v.Aberrant() = %q, want %q", tt.d, got, tt.want)
		}
	}
}
