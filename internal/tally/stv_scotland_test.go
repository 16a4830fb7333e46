package tally

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// readBLT reads a preference profile in the BLT format (testdata/scottish/
// README.md) as a ranking question and its answers.
func readBLT(t *testing.T, path string) (Question, []Answer) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return n
	}
	sc.Scan()
	head := strings.Fields(sc.Text())
	q := Question{ID: "ward", Title: path, Kind: KindRanking, Method: STV, Seats: atoi(head[1])}
	n := atoi(head[0])
	var ans []Answer
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 1 && fs[0] == "0" {
			break
		}
		var prefs []int
		for _, p := range fs[1 : len(fs)-1] {
			prefs = append(prefs, atoi(p)-1)
		}
		for range atoi(fs[0]) {
			ans = append(ans, Answer{Question: "ward", Choices: prefs})
		}
	}
	for range n {
		sc.Scan()
		q.Options = append(q.Options, strings.Trim(sc.Text(), `"`))
	}
	if err := q.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, a := range ans {
		if err := q.Check(a); err != nil {
			t.Fatal(err)
		}
	}
	return q, ans
}

// TestSTVEdinburgh2017 counts five wards of the City of Edinburgh
// Council election of 4 May 2017, held under the Scottish STV rules, from
// the council's published preference profiles (testdata/scottish), and
// demands the councillors the official count elected (the names as the
// profiles spell them). Wards 1 and 12 have 10 candidates and 10 stages.
// (All 17 wards of that election agree; five are kept, 180 kB.)
func TestSTVEdinburgh2017(t *testing.T) {
	for file, want := range map[string][]string{
		"edinburgh-2017-ward-01-almond.blt":                   {"Kevin  LANG", "Louise YOUNG", "Graham HUTCHISON", "Norrie WORK"},
		"edinburgh-2017-ward-03-drum-brae-gyle.blt":           {"Robert Christopher ALDRIDGE", "Claire BRIDGMAN", "Mark BROWN"},
		"edinburgh-2017-ward-07-sighthill-gorgie.blt":         {"Denis DIXON", "Catherine FULLERTON", "Ashley GRACZYK", "Donald WILSON"},
		"edinburgh-2017-ward-12-leith-walk.blt":               {"Marion DONALDSON", "Amy MCNEESE-MECHAN", "Susan RAE", "Lewis RITCHIE"},
		"edinburgh-2017-ward-14-craigentinny-duddingston.blt": {"Ian CAMPBELL", "Joan GRIFFITHS", "John MCLELLAN", "Alex STANIFORTH"},
	} {
		q, ans := readBLT(t, "testdata/scottish/"+file)
		r := Count(q, ans)
		var got []string
		for _, o := range r.Winners {
			got = append(got, q.Options[o])
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: elected %v, the official count elected %v", file, got, want)
		}
		if r.Tied {
			t.Errorf("%s: a tie was broken by option order", file)
		}
		quota, elected, _, _ := refSTV(q, ans)
		if quota != r.STV.Quota || !slices.Equal(elected, r.Winners) {
			t.Errorf("%s: the reference count differs", file)
		}
		t.Logf("%s: %d ballots, quota %s, %d stages, elected in order %v", file, len(ans), FormatVotes(r.STV.Quota), len(r.STV.Stages), r.Winners)
	}
}
