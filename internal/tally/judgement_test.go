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
