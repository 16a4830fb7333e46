package csvimport_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/csvimport"
)

func TestParse(t *testing.T) {
	latin1, _ := charmap.ISO8859_1.NewEncoder().String("Prénom;Nom;Courriel\nHélène;Dupré;helene@example.org\n")
	for _, tc := range []struct {
		name, in string
		sep      rune
		enc      string
		rows     []csvimport.Row
		errs     []csvimport.RowError
		header   bool
	}{
		{
			name: "comma with English header", in: "Name,First name,Email\nDoe,Jane,jane@example.org\n", sep: ',', enc: "utf-8", header: true,
			rows: []csvimport.Row{{Line: 2, Name: "Doe", FirstName: "Jane", Email: "jane@example.org"}},
		},
		{
			name: "semicolon, French header, BOM, CRLF", in: "\ufeffnom;prénom;e-mail\r\nMartin;Léa;lea@EXAMPLE.org\r\n", sep: ';', enc: "utf-8", header: true,
			rows: []csvimport.Row{{Line: 2, Name: "Martin", FirstName: "Léa", Email: "lea@example.org"}},
		},
		{
			name: "tab", in: "email\tname\na@example.org\tAnne\n", sep: '\t', enc: "utf-8", header: true,
			rows: []csvimport.Row{{Line: 2, Name: "Anne", Email: "a@example.org"}},
		},
		{
			name: "latin-1", in: latin1, sep: ';', enc: "windows-1252", header: true,
			rows: []csvimport.Row{{Line: 2, Name: "Dupré", FirstName: "Hélène", Email: "helene@example.org"}},
		},
		{
			name: "no header", in: "Paul Durand,paul@example.org\n", sep: ',', enc: "utf-8",
			rows: []csvimport.Row{{Line: 1, Name: "Paul Durand", Email: "paul@example.org"}},
		},
		{
			name: "errors with line numbers", sep: ',', enc: "utf-8", header: true,
			in:   "Nom,Courriel\nA,a@example.org\n\nB,not-an-address\nC,\nD,A@example.org\n\"E\nmultiline\",e@example.org\nF,f@example.org\n",
			rows: []csvimport.Row{{Line: 2, Name: "A", Email: "a@example.org"}, {Line: 7, Name: "E multiline", Email: "e@example.org"}, {Line: 9, Name: "F", Email: "f@example.org"}},
			errs: []csvimport.RowError{
				{Line: 4, Field: "email", Message: "err.csv.email_invalid", Value: "not-an-address"},
				{Line: 5, Field: "email", Message: "err.csv.email_missing"},
				{Line: 6, Field: "email", Message: "err.csv.duplicate", Value: "A@example.org (2)"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := csvimport.Parse([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if res.Separator != tc.sep || res.Encoding != tc.enc || res.Header != tc.header {
				t.Errorf("separator %q encoding %s header %v", res.Separator, res.Encoding, res.Header)
			}
			if len(res.Rows) != len(tc.rows) {
				t.Fatalf("rows = %+v", res.Rows)
			}
			for i := range tc.rows {
				if res.Rows[i] != tc.rows[i] {
					t.Errorf("row %d = %+v, want %+v", i, res.Rows[i], tc.rows[i])
				}
			}
			if len(res.Errors) != len(tc.errs) {
				t.Fatalf("errors = %+v", res.Errors)
			}
			for i := range tc.errs {
				if res.Errors[i] != tc.errs[i] {
					t.Errorf("error %d = %+v, want %+v", i, res.Errors[i], tc.errs[i])
				}
			}
		})
	}
}

func TestParseRefusals(t *testing.T) {
	for name, tc := range map[string]struct {
		in   []byte
		want error
	}{
		"empty":     {[]byte(""), csvimport.ErrEmpty},
		"only head": {[]byte("nom,email\n"), csvimport.ErrEmpty},
		"no email":  {[]byte("a,b\nc,d\n"), csvimport.ErrNoEmail},
		"binary":    {[]byte("a\x00b"), csvimport.ErrNotText},
		"too large": {bytes.Repeat([]byte("a"), csvimport.MaxBytes+1), csvimport.ErrTooLarge},
		"too many":  {[]byte("email\n" + strings.Repeat("x@example.org\n", csvimport.MaxRows+1)), csvimport.ErrTooMany},
	} {
		if _, err := csvimport.Parse(tc.in); err != tc.want {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}

func TestExportNeutralisesFormulas(t *testing.T) {
	var b bytes.Buffer
	w := csvimport.NewWriter(&b)
	w.Write("name", "email")
	w.Write("=HYPERLINK(\"https://evil.example\")", "+33 1 23")
	w.Write("-2+3", "@SUM(A1)")
	w.Write("\tx", "\rcmd")
	w.Write("  =1+1", "plain")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeff") || !strings.Contains(out, "\r\n") {
		t.Fatalf("no BOM or CRLF: %q", out)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		for _, c := range rec {
			if c != "plain" && !strings.HasPrefix(c, "'") {
				t.Errorf("cell %q not neutralised", c)
			}
		}
	}
	if csvimport.SafeCell("Jeanne") != "Jeanne" || csvimport.SafeCell("") != "" {
		t.Error("harmless cells changed")
	}
}

// FuzzParse: any file is refused whole with one of the declared errors,
// or read into rows and line-numbered errors within the limits; each row
// has an address NormalizeEmail keeps as it is, unique in the file, and
// names on one line of valid UTF-8. What Cortège writes of the rows with
// its own Writer (BOM, CRLF, quoting) reads back as the same rows.
func FuzzParse(f *testing.F) {
	f.Add([]byte("Nom;Prénom;Courriel\nDupont;Jean;jean@example.org\n"))
	f.Add([]byte("email\n\"a@example.org\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := csvimport.Parse(data)
		if err != nil {
			for _, known := range []error{csvimport.ErrTooLarge, csvimport.ErrTooMany, csvimport.ErrEmpty, csvimport.ErrNoEmail, csvimport.ErrNotText} {
				if errors.Is(err, known) {
					return
				}
			}
			t.Fatalf("%q: undeclared error %v", data, err)
		}
		seen := map[string]bool{}
		line := 0
		for _, r := range res.Rows {
			if r.Line < 1 || r.Line < line || seen[strings.ToLower(r.Email)] {
				t.Fatalf("bad row %+v", r)
			}
			line, seen[strings.ToLower(r.Email)] = r.Line, true
			if e, err := cortege.NormalizeEmail(r.Email); err != nil || e != r.Email {
				t.Fatalf("row %+v: address normalises to %q (%v)", r, e, err)
			}
			for _, n := range []string{r.Name, r.FirstName} {
				if !utf8.ValidString(n) || strings.ContainsAny(n, "\r\n") || n != strings.TrimSpace(n) {
					t.Fatalf("row %+v: name %q", r, n)
				}
			}
		}
		for _, e := range res.Errors {
			if e.Message == "" || e.Line < 0 {
				t.Fatalf("error without message %+v", e)
			}
		}
		if len(res.Rows)+len(res.Errors) > csvimport.MaxRows+1 {
			t.Fatal("limit not applied")
		}
		if len(res.Rows) == 0 {
			return
		}
		var b bytes.Buffer
		w := csvimport.NewWriter(&b)
		w.Write("Nom", "Prénom", "Courriel")
		for _, r := range res.Rows {
			w.Write(r.Name, r.FirstName, r.Email)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		back, err := csvimport.Parse(b.Bytes())
		if err != nil || len(back.Errors) > 0 || len(back.Rows) != len(res.Rows) {
			t.Fatalf("%q written as %q read back as %+v (%v)", data, b.Bytes(), back, err)
		}
		for i, r := range back.Rows {
			if o := res.Rows[i]; r.Name != o.Name || r.FirstName != o.FirstName || r.Email != o.Email {
				t.Fatalf("row %+v read back as %+v", o, r)
			}
		}
	})
}

// FuzzSafeCell: no cell Cortège writes starts a formula, even behind
// spaces, and neutralising only ever adds one apostrophe.
func FuzzSafeCell(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		out := csvimport.SafeCell(s)
		if out != s && out != "'"+s {
			t.Fatalf("%q → %q", s, out)
		}
		if out != "" && out[0] != '\'' {
			if strings.ContainsRune("=+-@\t\r", rune(out[0])) {
				t.Fatalf("%q → %q starts a formula", s, out)
			}
			if tr := strings.TrimLeft(out, " "); tr != "" && strings.ContainsRune("=+-@", rune(tr[0])) {
				t.Fatalf("%q → %q starts a formula behind spaces", s, out)
			}
		}
	})
}

// Cortège's own export imports back as the same people: the apostrophe
// that keeps "-marie@…" or "=Dupont" from being a formula is taken off
// again, instead of inviting "'-marie@…".
func TestImportReadsItsOwnExport(t *testing.T) {
	var b bytes.Buffer
	w := csvimport.NewWriter(&b)
	w.Write("Nom", "Prénom", "Courriel")
	w.Write("=Dupont", "+Jean", "-marie@example.org")
	w.Write("@Curie", "Marie", "+curie@example.org")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	res, err := csvimport.Parse(b.Bytes())
	if err != nil || len(res.Rows) != 2 {
		t.Fatalf("%+v, %v", res, err)
	}
	if r := res.Rows[0]; r.Name != "=Dupont" || r.FirstName != "+Jean" || r.Email != "-marie@example.org" {
		t.Errorf("read back as %+v", r)
	}
	if r := res.Rows[1]; r.Name != "@Curie" || r.Email != "+curie@example.org" {
		t.Errorf("read back as %+v", r)
	}
}
