package roll

import (
	"bytes"
	"context"
	"testing"
)

// FuzzImport feeds arbitrary bytes to the importer: it must never panic,
// never keep more entries than rows, and the index it builds must answer
// queries. Seeds live in testdata/fuzz/FuzzImport.
func FuzzImport(f *testing.F) {
	f.Add([]byte("nom;prénoms;date de naissance\nDUPONT;Jean;02/03/1970\n"))
	f.Add([]byte("\"nom\",\"prenom\"\n\"a\"\"b\",\"c\nd\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := NewBuilder(testNow)
		rep := &Report{}
		err := ImportReader(context.Background(), b, "fuzz.csv", bytes.NewReader(data), ImportOptions{}, rep)
		if err != nil {
			return
		}
		if rep.Rows > bytes.Count(data, []byte{'\n'})+1 {
			t.Fatalf("%d rows from %d lines", rep.Rows, bytes.Count(data, []byte{'\n'})+1)
		}
		ix, st := b.Build(nil)
		if st.Entries > rep.Rows || st.Entries+st.Duplicates != rep.Rows {
			t.Fatalf("%d entries + %d duplicates from %d rows", st.Entries, st.Duplicates, rep.Rows)
		}
		for e := 0; e < ix.Len(); e++ {
			en := ix.Entry(uint32(e))
			if en.File != "fuzz.csv" || en.Line < 2 {
				t.Fatalf("entry %+v has a bad source", en)
			}
			if en.BirthName != "" {
				if _, err := ix.Search(Query{Name: en.BirthName + " " + en.FirstNames}); err != nil && err != ErrEmptyQuery {
					t.Fatal(err)
				}
			}
		}
	})
}

// FuzzSearch feeds arbitrary query text to search, fuzzy and exact: it
// must never panic, answer deterministically within the limit, and exact
// answers must match every given field. Seeds live in
// testdata/fuzz/FuzzSearch.
func FuzzSearch(f *testing.F) {
	f.Add("jean dupont", "02/03/1970", "75", false)
	f.Add("Rousso Luc", "1990", "", false)
	f.Add("D'ARTAGNAN charles", "", "32", true)
	f.Add("jeanpierre eau", "2026-13-45", "2A", false)
	f.Add("ÉÀ ßœ ΑΛΦΑ -- ''", "0", "x", true)
	ix := mustRoll(f)
	f.Fuzz(func(t *testing.T, name, born, dept string, exact bool) {
		q := Query{Name: name, Born: born, Dept: dept, Exact: exact, Limit: 7}
		a, errA := ix.Search(q)
		b, errB := ix.Search(q)
		if (errA == nil) != (errB == nil) || len(a) != len(b) {
			t.Fatalf("%+v: answers differ between two runs", q)
		}
		if len(a) > q.Limit {
			t.Fatalf("%+v: %d results over the limit", q, len(a))
		}
		for i := range a {
			if a[i].ID != b[i].ID || a[i].Score != b[i].Score {
				t.Fatalf("%+v: answers differ between two runs", q)
			}
			if exact && !exactMatches(a[i].Entry, q) {
				t.Fatalf("exact %+v listed %+v", q, a[i].Entry)
			}
		}
	})
}
