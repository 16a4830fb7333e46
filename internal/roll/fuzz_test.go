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
