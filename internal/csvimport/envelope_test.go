package csvimport_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"codeberg.org/cortege/cortege/internal/csvimport"
)

var envelopeHeader = []string{"Nom", "Prénom", "Adresse", "Complément", "Code postal", "Commune", "Pays"}

func TestParseEnvelopesFrench(t *testing.T) {
	in := "Nom;Prénom;Adresse;Complément d'adresse;Code postal;Commune\n" +
		"Martin;Léa;12 rue Garibaldi;Bât. B;69007;Lyon\n" +
		"\n" +
		"  Nguyen ; Thi ; 3 place du Marché ; ; 38 000 ; Grenoble\n" +
		"Durand;;5 chemin des Vignes;Lieu-dit Les Combes;1234;Saint-Jean\n" +
		";Paul;8 rue Neuve;;75011;Paris\n" +
		"Petit;Anne;;;75011;Paris\n" +
		"Roux;Jean;1 rue A;;75011;\n" +
		"Martin;Léa;12 rue Garibaldi;Bât. B;69007;Lyon\n"
	res, err := csvimport.ParseEnvelopes([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if res.Separator != ';' || res.Encoding != "utf-8" {
		t.Errorf("separator %q, encoding %s", res.Separator, res.Encoding)
	}
	want := []csvimport.Envelope{
		{Line: 2, Name: "Martin", FirstName: "Léa", Address: "12 rue Garibaldi", Address2: "Bât. B", PostalCode: "69007", Commune: "Lyon"},
		{Line: 4, Name: "Nguyen", FirstName: "Thi", Address: "3 place du Marché", PostalCode: "38000", Commune: "Grenoble"},
	}
	if fmt.Sprint(res.Envelopes) != fmt.Sprint(want) {
		t.Errorf("envelopes\n%+v\nwant\n%+v", res.Envelopes, want)
	}
	wantErr := []csvimport.RowError{
		{Line: 5, Field: "postal_code", Message: "err.envelope.postal_code", Value: "1234"},
		{Line: 6, Field: "name", Message: "err.envelope.name.required"},
		{Line: 7, Field: "address", Message: "err.envelope.address.required"},
		{Line: 8, Field: "commune", Message: "err.envelope.commune.required"},
		{Line: 9, Field: "name", Message: "err.envelope.duplicate", Value: "2"},
	}
	if fmt.Sprint(res.Errors) != fmt.Sprint(wantErr) {
		t.Errorf("errors\n%+v\nwant\n%+v", res.Errors, wantErr)
	}
}

func TestParseEnvelopesEnglishAndForeign(t *testing.T) {
	in := "First name,Last name,Address line 1,Address line 2,Postcode,City,Country\r\n" +
		"Ada,Lovelace,12 St James's Square,,SW1Y 4JH,London,United Kingdom\r\n" +
		"Marie,Curie,\"11, rue Pierre et Marie Curie\",,75005,Paris,France\r\n" +
		"Bad,Code,1 Main St,,12345678901234,Springfield,USA\r\n"
	res, err := csvimport.ParseEnvelopes([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Envelopes) != 2 || res.Envelopes[0].PostalCode != "SW1Y 4JH" || res.Envelopes[0].Country != "United Kingdom" ||
		res.Envelopes[1].Address != "11, rue Pierre et Marie Curie" || res.Envelopes[1].Name != "Curie" || res.Envelopes[1].FirstName != "Marie" {
		t.Errorf("envelopes %+v", res.Envelopes)
	}
	if len(res.Errors) != 1 || res.Errors[0].Field != "postal_code" || res.Errors[0].Message != "err.envelope.postal_code_foreign" || res.Errors[0].Line != 4 {
		t.Errorf("errors %+v", res.Errors)
	}
	// Windows-1252 from an old spreadsheet, tab separated.
	latin, _ := charmap.Windows1252.NewEncoder().String("nom\tprénom\tadresse\tcp\tville\nLefèvre\tZoé\t2 allée des Érables\t13001\tMarseille\n")
	res, err = csvimport.ParseEnvelopes([]byte(latin))
	if err != nil || res.Encoding != "windows-1252" || len(res.Envelopes) != 1 || res.Envelopes[0].Address != "2 allée des Érables" {
		t.Errorf("windows-1252: %+v, %v", res, err)
	}
}

func TestParseEnvelopesRefusedFiles(t *testing.T) {
	var missing *csvimport.MissingColumnError
	for _, tc := range []struct {
		in     string
		want   error
		column string
	}{
		{"", csvimport.ErrEmpty, ""},
		{"nom;adresse;code postal;commune\n", csvimport.ErrEmpty, ""},
		{"Martin;12 rue Garibaldi;69007;Lyon\n", csvimport.ErrNoHeader, ""},
		{"nom;adresse;commune\nMartin;1 rue;Lyon\n", missing, "postal_code"},
		{"prénom;adresse;code postal;commune\n", missing, "name"},
		{"nom;code postal;commune\n", missing, "address"},
		{"nom;adresse;code postal\n", missing, "commune"},
		{"nom\x00;adresse\n", csvimport.ErrNotText, ""},
	} {
		_, err := csvimport.ParseEnvelopes([]byte(tc.in))
		if tc.column != "" {
			if !errors.As(err, &missing) || missing.Column != tc.column {
				t.Errorf("%q: %v, want the missing column %s", tc.in, err, tc.column)
			}
			continue
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%q: %v, want %v", tc.in, err, tc.want)
		}
	}
	big := bytes.Repeat([]byte("x"), csvimport.MaxEnvelopeBytes+1)
	if _, err := csvimport.ParseEnvelopes(big); !errors.Is(err, csvimport.ErrTooLarge) {
		t.Errorf("large file: %v", err)
	}
	var b strings.Builder
	b.WriteString("nom,adresse,code postal,commune\n")
	for i := 0; i <= csvimport.MaxEnvelopes; i++ {
		fmt.Fprintf(&b, "N%d,%d rue,69007,Lyon\n", i, i)
	}
	if _, err := csvimport.ParseEnvelopes([]byte(b.String())); !errors.Is(err, csvimport.ErrTooMany) {
		t.Errorf("too many rows: %v", err)
	}
}

// TestWriteEnvelopesSafe: the output is CSV a spreadsheet opens without
// running formulas, and it reads back to the same envelopes.
func TestWriteEnvelopesSafe(t *testing.T) {
	envs := []csvimport.Envelope{
		{Name: "=HYPERLINK(\"http://evil.example\")", FirstName: "+33", Address: "@SUM(A1)", Address2: "-2", PostalCode: "69007", Commune: " =1+1"},
		{Name: "Martin", FirstName: "Léa", Address: "12 rue Garibaldi", PostalCode: "69007", Commune: "Lyon", Country: "France"},
	}
	var out bytes.Buffer
	if err := csvimport.WriteEnvelopes(&out, envs, envelopeHeader); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("\ufeff")) {
		t.Error("no byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("%v, %d records", err, len(recs))
	}
	for _, rec := range recs[1:] {
		for _, c := range rec {
			if c != "" && strings.ContainsRune("=+-@", rune(strings.TrimLeft(c, " ")[0])) {
				t.Errorf("cell %q could run as a formula", c)
			}
		}
	}
	back, err := csvimport.ParseEnvelopes(out.Bytes())
	if err != nil || len(back.Envelopes) != 2 || back.Envelopes[0].Name != envs[0].Name || back.Envelopes[0].Address != "@SUM(A1)" || back.Envelopes[1].Country != "France" {
		t.Errorf("read back: %+v, %v", back, err)
	}
}

// TestShuffleEnvelopes: a permutation, and every envelope reaches every
// place (a fixed or file-bound order would not).
func TestShuffleEnvelopes(t *testing.T) {
	const n = 6
	counts := [n][n]int{}
	for round := 0; round < 3000; round++ {
		envs := make([]csvimport.Envelope, n)
		for i := range envs {
			envs[i].Line = i
		}
		csvimport.ShuffleEnvelopes(envs)
		seen := map[int]bool{}
		for pos, e := range envs {
			seen[e.Line] = true
			counts[e.Line][pos]++
		}
		if len(seen) != n {
			t.Fatalf("not a permutation: %+v", envs)
		}
	}
	for from := range counts {
		for to, c := range counts[from] {
			// 3000/6 = 500 expected; 350 is more than 7 standard deviations away.
			if c < 350 || c > 650 {
				t.Errorf("line %d went to place %d %d times in 3000", from, to, c)
			}
		}
	}
	csvimport.ShuffleEnvelopes(nil)
}

func FuzzParseEnvelopes(f *testing.F) {
	f.Add([]byte("Nom;Prénom;Adresse;Code postal;Commune\nMartin;Léa;12 rue Garibaldi;69007;Lyon\n"))
	f.Add([]byte("First name,Last name,Address line 1,Address line 2,Postcode,City,Country\nAda,Lovelace,12 Square,,SW1Y 4JH,London,UK\n"))
	f.Add([]byte("nom\tadresse\tcp\tville\n\"a\"\"b\"\t'=1\t75011\tParis\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := csvimport.ParseEnvelopes(data)
		if err != nil {
			return
		}
		for _, e := range res.Envelopes {
			if e.Name == "" || e.Address == "" || e.PostalCode == "" || e.Commune == "" || e.Line < 2 {
				t.Fatalf("envelope missing a required field: %+v", e)
			}
		}
		for _, re := range res.Errors {
			if re.Message == "" {
				t.Fatalf("row error without a message: %+v", re)
			}
		}
		// What was accepted writes out and reads back the same.
		var out bytes.Buffer
		if err := csvimport.WriteEnvelopes(&out, res.Envelopes, envelopeHeader); err != nil {
			t.Fatal(err)
		}
		if len(res.Envelopes) == 0 {
			return
		}
		back, err := csvimport.ParseEnvelopes(out.Bytes())
		if err != nil || len(back.Envelopes) != len(res.Envelopes) {
			t.Fatalf("read back: %v, %d of %d envelopes\n%s", err, len(back.Envelopes), len(res.Envelopes), out.Bytes())
		}
		for i, e := range back.Envelopes {
			want := res.Envelopes[i]
			want.Line = e.Line
			if e != want {
				t.Fatalf("read back %+v, want %+v", e, want)
			}
		}
	})
}
