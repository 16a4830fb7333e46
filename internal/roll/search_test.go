package roll

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// testRoll builds a small synthetic roll once per test binary.
var testRoll = sync.OnceValues(func() (*Index, error) {
	var buf bytes.Buffer
	if err := Generate(&buf, GenerateOptions{Rows: 30000, Seed: 7}); err != nil {
		return nil, err
	}
	b := NewBuilder(testNow)
	rep := &Report{}
	if err := ImportReader(context.Background(), b, "synthetic.csv", &buf, ImportOptions{}, rep); err != nil {
		return nil, err
	}
	ix, _ := b.Build(nil)
	return ix, nil
})

func mustRoll(t testing.TB) *Index {
	t.Helper()
	ix, err := testRoll()
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// smallRoll imports a handful of rows given as CSV lines after a header.
func smallRoll(t *testing.T, rows ...string) *Index {
	t.Helper()
	content := "nom de naissance;nom d'usage;prénoms;date de naissance;code commune;libellé commune\n" + strings.Join(rows, "\n") + "\n"
	b := NewBuilder(testNow)
	if err := ImportReader(context.Background(), b, "small.csv", strings.NewReader(content), ImportOptions{}, &Report{}); err != nil {
		t.Fatal(err)
	}
	ix, _ := b.Build(nil)
	return ix
}

func rankOf(res []Result, line int) int {
	for i, r := range res {
		if r.Line == line {
			return i
		}
	}
	return -1
}

func TestSearchTolerance(t *testing.T) {
	ix := smallRoll(t,
		"DUPONT;;Jean Pierre;02/03/1970;75056;Paris",             // line 2
		"DUPOND;;Jeanne;1971-05-04;75056;Paris",                  // 3
		"LEFÈVRE;MARTIN;Hélène Marie;12/12/1960;13055;Marseille", // 4
		"LE GALL;;Yann;01/01/1980;29019;Brest",                   // 5
		"D'ARTAGNAN;;Charles;01/01/1950;32107;Lupiac",            // 6
		"MARTIN;;Jean;02/03/1970;69123;Lyon",                     // 7
		"MARTIN;;Jean;03/04/1980;69123;Lyon",                     // 8
		"BERTRAND-MOREAU;;Anne-Sophie;05/06/1990;33063;Bordeaux", // 9
		"NGUYEN;;Thi Hoa;07/08/1985;94028;Créteil",               // 10
	)
	tests := []struct {
		q    Query
		line int
	}{
		{Query{Name: "jean dupont"}, 2},
		{Query{Name: "DUPONT Jean"}, 2},
		{Query{Name: "pierre dupont"}, 2},      // second first name
		{Query{Name: "pierre jean dupont"}, 2}, // swapped first names
		{Query{Name: "jean dupotn"}, 2},        // transposition
		{Query{Name: "jaen dupnot"}, 2},        // one transposition per part
		{Query{Name: "jean duupontt"}, 2},      // two insertions
		{Query{Name: "jean dpnt"}, 2},          // two deletions
		{Query{Name: "jean dipomt"}, 2},        // two substitutions
		{Query{Name: "jeanne dupond"}, 3},
		{Query{Name: "helene martin"}, 4},         // usage name
		{Query{Name: "Hélène Lefèvre"}, 4},        // birth name, accents
		{Query{Name: "helene lefevre martin"}, 4}, // both names
		{Query{Name: "marie lefebvre"}, 4},        // second first name, typo
		{Query{Name: "yann le gall"}, 5},
		{Query{Name: "yann legall"}, 5}, // glued compound
		{Query{Name: "charles d'artagnan"}, 6},
		{Query{Name: "charles dartagnan"}, 6},
		{Query{Name: "charles artagnan"}, 6},
		{Query{Name: "jean martin", Born: "02/03/1970"}, 7},
		{Query{Name: "jean martin", Born: "1980"}, 8},
		{Query{Name: "jean martin", Born: "1980-04-03"}, 8},
		{Query{Name: "anne sophie bertrand moreau"}, 9},
		{Query{Name: "anne-sophie bertrand"}, 9},
		{Query{Name: "annesophie bertrand moreau"}, 9}, // glued compound first name
		{Query{Name: "jeanpierre dupont"}, 2},          // glued, though the roll has two words
		{Query{Name: "jean pierredupont"}, 2},
		{Query{Name: "hoa nguyen"}, 10},
		{Query{Name: "dupont", Born: "1970"}, 2}, // surname only
	}
	for _, tt := range tests {
		res, err := ix.Search(tt.q)
		if err != nil {
			t.Fatalf("%+v: %v", tt.q, err)
		}
		if r := rankOf(res, tt.line); r != 0 {
			t.Errorf("%+v: line %d at rank %d, want first; got %+v", tt.q, tt.line, r, res)
		}
	}
	if _, err := ix.Search(Query{Name: " - ' "}); err != ErrEmptyQuery {
		t.Errorf("empty name: err = %v", err)
	}
	if _, err := ix.Search(Query{Name: "jean", Born: "31/31/31"}); err == nil {
		t.Error("a bad birth date was accepted")
	}
}

// TestSearchRecallSynthetic checks recall on noisy queries over a small
// synthetic roll; the real figures come from cortege roll bench.
func TestSearchRecallSynthetic(t *testing.T) {
	ix := mustRoll(t)
	qs := MakeQueries(ix, 400, 3)
	n, hit := 0, 0
	for _, q := range qs {
		clean, _ := ix.Search(q.Clean)
		if len(clean) > 20 {
			continue
		}
		n++
		res, err := ix.Search(Query{Name: q.Name, Born: q.Born, Dept: q.Dept})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.File == q.TargetFile && r.Line == q.TargetLine {
				hit++
				break
			}
		}
	}
	if n < 300 || float64(hit) < 0.97*float64(n) {
		t.Errorf("recall@20 = %d/%d", hit, n)
	}
}

// exactMatches is an independent statement of exact mode: every query
// token is one of the entry's tokens, one of them a surname token, and the
// given fields agree.
func exactMatches(e Entry, q Query) bool {
	surnames := map[string]bool{}
	for _, n := range []string{e.BirthName, e.UsageName} {
		for _, t := range Tokens(n) {
			surnames[t] = true
		}
		surnames[strings.Join(Tokens(n), "")] = true
	}
	firsts := map[string]bool{}
	for _, t := range Tokens(e.FirstNames) {
		firsts[t] = true
	}
	anySurname := false
	for _, t := range Tokens(q.Name) {
		if len(t) < 2 {
			continue
		}
		switch {
		case surnames[t]:
			anySurname = true
		case firsts[t]:
		default:
			return false
		}
	}
	if !anySurname {
		return false
	}
	// A blank birth date or département is not given.
	if strings.TrimSpace(q.Born) != "" {
		d, _ := ParseDate(q.Born)
		if d.Month() == 0 && e.Born.Year() != d.Year() || d.Month() != 0 && e.Born != d {
			return false
		}
	}
	if d := normDept(q.Dept); d != "" && e.Place.Dept != d {
		return false
	}
	return true
}

func TestExactModeNeverListsNonMatching(t *testing.T) {
	ix := mustRoll(t)
	r := rand.New(rand.NewPCG(11, 12))
	checked := 0
	for i := 0; i < 600; i++ {
		e := ix.Entry(uint32(r.IntN(ix.Len())))
		q := Query{Exact: true, Limit: 50}
		toks := append(Tokens(e.FirstNames), Tokens(e.BirthName)...)
		// Exact queries from the entry, some altered so that they should
		// match fewer or no entries.
		switch r.IntN(4) {
		case 0:
			q.Name = strings.Join(toks, " ")
		case 1:
			q.Name = e.BirthName + " " + first0(Tokens(e.FirstNames))
		case 2:
			q.Name = typo(r, e.BirthName, 1) + " " + first0(Tokens(e.FirstNames))
		case 3:
			q.Name = e.UsageName + " " + e.FirstNames
		}
		if r.IntN(2) == 0 {
			q.Born = e.Born.String()
		} else if r.IntN(2) == 0 && e.Born != 0 {
			q.Born = fmt.Sprint(e.Born.Year() + r.IntN(2))
		}
		if r.IntN(3) == 0 {
			q.Dept = e.Place.Dept
		}
		res, err := ix.Search(q)
		if err != nil {
			continue
		}
		for _, got := range res {
			checked++
			if !exactMatches(got.Entry, q) {
				t.Fatalf("exact query %+v listed %+v, which does not match", q, got.Entry)
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d exact results checked", checked)
	}
	// And exact mode finds the entry itself from its own fields.
	for i := 0; i < 200; i++ {
		e := ix.Entry(uint32(r.IntN(ix.Len())))
		if e.BirthName == "" || e.FirstNames == "" || e.Born == 0 {
			continue
		}
		res, _ := ix.Search(Query{Name: e.FirstNames + " " + e.BirthName, Born: e.Born.String(), Exact: true, Limit: 100})
		found := false
		for _, got := range res {
			found = found || got.ID == e.ID
		}
		if !found {
			t.Errorf("exact search for %+v did not list it", e)
		}
	}
}

// An exact answer is complete: a smaller limit lists fewer of the same
// matches, never fewer than the limit while more exist.
func TestExactModeCompleteWhateverTheLimit(t *testing.T) {
	ix := mustRoll(t)
	r := rand.New(rand.NewPCG(21, 22))
	big := 0
	for i := 0; i < 300; i++ {
		e := ix.Entry(uint32(r.IntN(ix.Len())))
		if e.BirthName == "" || e.FirstNames == "" {
			continue
		}
		q := Query{Name: first0(Tokens(e.FirstNames)) + " " + e.BirthName, Exact: true, Limit: 100000}
		all, err := ix.Search(q)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) > 21 {
			big++
		}
		for _, limit := range []int{1, 5, 21} {
			q.Limit = limit
			got, _ := ix.Search(q)
			if want := min(limit, len(all)); len(got) != want {
				t.Fatalf("exact %q: %d results with limit %d, want %d (%d in all)", q.Name, len(got), limit, want, len(all))
			}
		}
	}
	if big == 0 {
		t.Error("no query had more than 21 exact matches: the test checks nothing")
	}
	// Many entries close to the query but not matching it must not crowd
	// out those that do.
	var rows []string
	for i := 0; i < 600; i++ {
		rows = append(rows, fmt.Sprintf("FRANCOIS;;Jean;%02d/%02d/%d;75056;Paris", 1+i%28, 1+i%12, 1930+i%70))
	}
	for i := 0; i < 30; i++ {
		rows = append(rows, fmt.Sprintf("FRANCOIS;;Jean-François;%02d/%02d/%d;75056;Paris", 1+i%28, 1+i%12, 1940+i))
	}
	small := smallRoll(t, rows...)
	for _, limit := range []int{5, 21, 30, 100} {
		got, _ := small.Search(Query{Name: "Jean-Francois FRANCOIS", Exact: true, Limit: limit})
		if want := min(limit, 30); len(got) != want {
			t.Errorf("exact Jean-Francois FRANCOIS: %d results with limit %d, want %d", len(got), limit, want)
		}
	}
}

func TestSearchDeterministicAndConcurrent(t *testing.T) {
	ix := mustRoll(t)
	qs := MakeQueries(ix, 100, 5)
	want := make([][]Result, len(qs))
	for i, q := range qs {
		want[i], _ = ix.Search(Query{Name: q.Name, Born: q.Born, Dept: q.Dept})
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, q := range qs {
				got, _ := ix.Search(Query{Name: q.Name, Born: q.Born, Dept: q.Dept})
				if fmt.Sprint(got) != fmt.Sprint(want[i]) {
					errs <- fmt.Sprintf("query %d: results differ between runs", i)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	for i := range want {
		for k := 1; k < len(want[i]); k++ {
			if want[i][k].Score > want[i][k-1].Score {
				t.Fatalf("query %d: results not sorted by score", i)
			}
		}
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	ix := mustRoll(t)
	path := filepath.Join(t.TempDir(), SnapshotFile)
	if err := ix.WriteSnapshot(path); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("snapshot mode = %v, want 0600", st.Mode().Perm())
	}
	loaded, err := LoadSnapshot(path)
	if err != nil {
		t.Fatal(err)
	}
	defer loaded.Close()
	if loaded.Len() != ix.Len() {
		t.Fatalf("loaded %d entries, want %d", loaded.Len(), ix.Len())
	}
	for _, q := range MakeQueries(ix, 50, 9) {
		a, _ := ix.Search(Query{Name: q.Name, Born: q.Born, Dept: q.Dept})
		b, _ := loaded.Search(Query{Name: q.Name, Born: q.Born, Dept: q.Dept})
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("query %q: snapshot answers differ", q.Name)
		}
	}
	// A damaged snapshot is refused, not trusted.
	data, _ := os.ReadFile(path)
	for _, cut := range []int{0, 7, 100, len(data) / 2, len(data) - 16, len(data) - 1} {
		bad := filepath.Join(t.TempDir(), "bad")
		os.WriteFile(bad, data[:cut], 0o600)
		if ix, err := LoadSnapshot(bad); err == nil {
			ix.Close()
			t.Errorf("snapshot cut at %d loaded", cut)
		}
	}
	extra := filepath.Join(t.TempDir(), "extra")
	os.WriteFile(extra, append(data, 0, 0, 0, 0, 0, 0, 0, 0), 0o600)
	if ix, err := LoadSnapshot(extra); err == nil {
		ix.Close()
		t.Error("a snapshot with trailing bytes loaded")
	}
}

func BenchmarkSearch(b *testing.B) {
	ix := mustRoll(b)
	qs := MakeQueries(ix, 500, 13)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := qs[i%len(qs)]
		ix.Search(Query{Name: q.Name, Born: q.Born, Dept: q.Dept})
	}
}

func BenchmarkImport(b *testing.B) {
	var buf bytes.Buffer
	Generate(&buf, GenerateOptions{Rows: 20000, Seed: 1})
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bl := NewBuilder(testNow)
		ImportReader(context.Background(), bl, "b.csv", bytes.NewReader(data), ImportOptions{}, &Report{})
		bl.Build(nil)
	}
}

// TestSearchDeptLooksPastCommonNamesElsewhere: a name common elsewhere in
// France fills no candidate slots for a query that gives the département,
// so the person living there is found behind thousands of namesakes.
func TestSearchDeptLooksPastCommonNamesElsewhere(t *testing.T) {
	day := func(i int) string {
		d := testNow.AddDate(-90, 0, i)
		return d.Format("02/01/2006")
	}
	var rows []string
	for i := 0; i < 2500; i++ {
		rows = append(rows, "DURAND;;Jean;"+day(i)+";13055;Marseille")
	}
	for i := 0; i < 7000; i++ {
		rows = append(rows, "DURANT;;Jean;"+day(i)+";13055;Marseille")
	}
	rows = append(rows, "DURANT;;Jean;"+day(9000)+";19272;Tulle")
	ix := smallRoll(t, rows...)
	res, err := ix.Search(Query{Name: "jean durnd", Dept: "19"})
	if err != nil {
		t.Fatal(err)
	}
	if rankOf(res, len(rows)+1) != 0 {
		t.Errorf("the Jean Durant of Tulle is at rank %d, want 0", rankOf(res, len(rows)+1))
	}
}

// TestSearchNamesakeKnownByOneSurnameFirst: of two namesakes, the one
// with no usage name is the likelier (the other may be known by either
// surname).
func TestSearchNamesakeKnownByOneSurnameFirst(t *testing.T) {
	ix := smallRoll(t,
		"DUPONT;LEROY;Marie;12/05/1950;75056;Paris",
		"DUPONT;;Marie;12/05/1980;75056;Paris",
	)
	res, err := ix.Search(Query{Name: "marie dupont"})
	if err != nil || len(res) != 2 {
		t.Fatalf("%v, %d results", err, len(res))
	}
	if res[0].UsageName != "" || res[0].Score <= res[1].Score {
		t.Errorf("got %s/%s %.3f then %s/%s %.3f, want the Marie Dupont with no usage name strictly first",
			res[0].BirthName, res[0].UsageName, res[0].Score, res[1].BirthName, res[1].UsageName, res[1].Score)
	}
}
