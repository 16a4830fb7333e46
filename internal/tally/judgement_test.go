package tally

import (
	"reflect"
	"testing"
)

// grades expands per-option grade counts (best grade first) into answers
// to question "q": answer k gives option o the grade of its k-th vote.
func gradeAnswers(counts ...[]int) []Answer {
	n := 0
	for _, c := range counts[0] {
		n += c
	}
	ans := make([]Answer, n)
	for k := range ans {
		ans[k] = Answer{Question: "q", Grades: make([]int, len(counts))}
	}
	for o, dist := range counts {
		k := 0
		for g, c := range dist {
			for range c {
				ans[k].Grades[o] = g
				k++
			}
		}
	}
	return ans
}

// TestMajorityJudgementWorkedExample is worked by hand from the
// definitions of Balinski and Laraki (PNAS 104(21), 2007: the majority
// grade is the lower middlemost grade; ties are broken by majority values,
// removing the majority grade one at a time). Ten voters grade three
// options Excellent, Good, Fair or Poor:
//
//	A: 2 E, 3 G, 3 F, 2 P → majority grade Fair (5 above, 2 below)
//	B: 1 E, 4 G, 4 F, 1 P → Fair (5 above, 1 below)
//	C: 6 G, 4 F           → Good
//
// C wins on its majority grade. A and B both have Fair; their majority
// values are F G F G F G P… for A and F G F G F G F… for B: B is ranked
// above A at the seventh grade removed.
func TestMajorityJudgementWorkedExample(t *testing.T) {
	q := Question{ID: "q", Title: "t", Kind: KindGrades, Method: MajorityJudgement, Options: []string{"A", "B", "C"}, Grades: []string{"Excellent", "Good", "Fair", "Poor"}}
	ans := gradeAnswers([]int{2, 3, 3, 2}, []int{1, 4, 4, 1}, []int{0, 6, 4, 0})
	for _, a := range ans {
		if err := q.Check(a); err != nil {
			t.Fatal(err)
		}
	}
	r := Count(q, ans)
	j := r.Judgement
	if want := []int{2, 2, 1}; !reflect.DeepEqual(j.Median, want) {
		t.Errorf("medians %v, want %v", j.Median, want)
	}
	if !reflect.DeepEqual(j.Better, []int{5, 5, 0}) || !reflect.DeepEqual(j.Worse, []int{2, 1, 4}) {
		t.Errorf("better %v worse %v", j.Better, j.Worse)
	}
	if want := []int{3, 2, 1}; !reflect.DeepEqual(r.Rank, want) {
		t.Errorf("rank %v, want %v", r.Rank, want)
	}
	if !reflect.DeepEqual(r.Winners, []int{2}) || r.Tied {
		t.Errorf("winners %v tied %v", r.Winners, r.Tied)
	}
	if got := majorityValue(j.Distribution[0]); !reflect.DeepEqual(got[:7], []byte{2, 1, 2, 1, 2, 1, 3}) {
		t.Errorf("A's majority value starts %v", got[:7])
	}
}

// TestMajorityJudgementTie: identical distributions tie.
func TestMajorityJudgementTie(t *testing.T) {
	q := Question{ID: "q", Title: "t", Kind: KindGrades, Method: MajorityJudgement, Options: []string{"A", "B"}, Grades: []string{"good", "bad"}}
	r := Count(q, gradeAnswers([]int{1, 1}, []int{1, 1}))
	if !r.Tied || len(r.Winners) != 2 {
		t.Fatalf("winners %v tied %v, want a tie", r.Winners, r.Tied)
	}
}

// wikiFR are the examples of the French Wikipedia article « Jugement
// majoritaire » (its illustrative profiles A, B, C; E and F, twice; and the
// majority-judgement polls for the presidential elections of 2012, taken
// in 2011, and of 2022, taken in 2021), as counts per grade from the worst
// to the best, seven grades, with the majority grades (counted from the
// worst, 0), majority values and winners given there, as transcribed in the
// tests of an independent implementation (an OCaml majority-judgement
// library). The polls' options have different totals: they are ranked from
// their distributions directly.
var wikiFR = []struct {
	name    string
	options []string
	dist    [][]int // worst grade first
	rating  []int   // majority grade, worst = 0
	winner  string
	seq     [][]int // majority values, worst = 0, where the article gives them
}{
	{"A, B, C", []string{"A", "B", "C"}, [][]int{
		{1484, 1763, 912, 1971, 2128, 1742, 0},
		{2427, 1158, 1342, 1295, 2073, 1705, 0},
		{2500, 2500, 1500, 1500, 1000, 1000, 0},
	}, []int{3, 3, 1}, "A", nil},
	{"E, F", []string{"E", "F"}, [][]int{{0, 1, 2, 2, 0, 0, 0}, {0, 0, 3, 2, 0, 0, 0}}, []int{2, 2}, "F",
		[][]int{{2, 2, 3, 1, 3}, {2, 2, 3, 2, 3}}},
	{"E, F (second)", []string{"E", "F"}, [][]int{{1, 0, 2, 2, 1, 0, 0}, {0, 1, 2, 3, 0, 0, 0}}, []int{2, 2}, "F",
		[][]int{{2, 3, 2, 3, 0, 4}, {2, 3, 2, 3, 1, 3}}},
	{"2011 poll", []string{"Aubry", "Borloo", "Villepin", "Bayrou", "Joly", "Sarkozy", "Chevènement", "Mélenchon", "Besancenot", "Dupont-Aignan", "Arthaud", "Le Pen"}, [][]int{
		{184, 114, 196, 126, 170, 129, 82}, {185, 159, 196, 223, 153, 62, 22}, {219, 174, 207, 204, 119, 58, 20},
		{193, 166, 261, 192, 128, 47, 12}, {309, 190, 203, 145, 74, 47, 32}, {413, 118, 135, 95, 111, 87, 41},
		{322, 247, 228, 129, 58, 11, 5}, {418, 214, 165, 112, 50, 27, 13}, {442, 204, 161, 99, 69, 17, 8},
		{467, 277, 139, 70, 27, 14, 5}, {480, 261, 137, 77, 34, 9, 1}, {556, 93, 78, 72, 70, 65, 68},
	}, []int{3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 0}, "Aubry", nil},
	{"2021 poll", []string{"Pécresse", "Macron", "Montebourg", "Jadot", "Hidalgo", "Roussel", "Dupont-Aignan", "Le Pen", "Taubira", "Arthaud", "Poutou", "Mélenchon", "Zemmour"}, [][]int{
		{24, 13, 17, 17, 15, 10, 4}, {32, 11, 14, 10, 14, 12, 7}, {33, 26, 20, 11, 7, 2, 1}, {36, 24, 17, 11, 7, 4, 1},
		{43, 20, 17, 9, 7, 3, 1}, {43, 28, 16, 7, 3, 2, 1}, {45, 20, 15, 9, 6, 3, 2}, {47, 9, 10, 8, 9, 9, 8},
		{48, 17, 12, 10, 7, 3, 3}, {49, 24, 16, 7, 3, 1, 0}, {52, 23, 12, 6, 4, 2, 1}, {53, 14, 12, 7, 7, 3, 4},
		{61, 7, 7, 6, 6, 7, 6},
	}, []int{2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, "Pécresse", nil},
}

// TestMajorityJudgementWikipediaFR counts wikiFR: the majority grades,
// the majority values and the winners (in 2021 Pécresse over Macron, who
// share a majority grade, by the tie-breaking) must be those given.
func TestMajorityJudgementWikipediaFR(t *testing.T) {
	const top = 6 // seven grades: worst-first index i is best-first 6 − i
	for _, c := range wikiFR {
		dist := make([][]int, len(c.dist))
		for o, d := range c.dist {
			dist[o] = make([]int, len(d))
			for i, x := range d {
				dist[o][top-i] = x
			}
		}
		r := Result{Valid: 1}
		judge(&r, make([]string, top+1), dist)
		for o, want := range c.rating {
			if got := top - r.Judgement.Median[o]; got != want {
				t.Errorf("%s: %s's majority grade %d, the article's %d", c.name, c.options[o], got, want)
			}
		}
		if len(r.Winners) != 1 || c.options[r.Winners[0]] != c.winner {
			t.Errorf("%s: winners %v, the article's %s", c.name, r.Winners, c.winner)
		}
		for o, want := range c.seq {
			got := majorityValue(dist[o])
			for i := range got {
				got[i] = byte(top) - got[i]
			}
			if w := bytesOf(want); !reflect.DeepEqual(got, w) {
				t.Errorf("%s: %s's majority value %v, the article's %v", c.name, c.options[o], got, w)
			}
		}
	}
}

func bytesOf(xs []int) []byte {
	out := make([]byte, len(xs))
	for i, x := range xs {
		out[i] = byte(x)
	}
	return out
}
