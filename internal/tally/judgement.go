package tally

import "bytes"

// JudgementResult is a majority-judgement count (Balinski and Laraki,
// "A theory of measuring, electing and ranking", PNAS 104(21), 2007, and
// "Majority Judgment", MIT Press, 2011). Grades are indexes into the
// question's Grades, 0 the best.
//
// An option's majority grade (Median) is the lower middlemost of its
// grades: with the valid answers' grades sorted best first, the one at
// index ⌊n/2⌋ (for an even n, the worse of the two middle grades). Better
// and Worse count the grades strictly above and below it (the majority
// gauge's p and q, as counts).
//
// Options are ranked by their majority values, Balinski and Laraki's
// complete tie-breaking: compare the majority grades; if equal, remove one
// majority grade from each and compare the majority grades of what is
// left, and so on. Two options tie only when their grades are the same
// multiset. (The gauge, ± with p and q, orders most ties the same way and
// is shown for reading; the ranking follows the majority values.)
type JudgementResult struct {
	Grades       []string `json:"grades"`
	Distribution [][]int  `json:"distribution"` // [option][grade] answers
	Median       []int    `json:"median"`       // majority grade per option (-1 without answers)
	Better       []int    `json:"better"`       // answers grading the option above its majority grade
	Worse        []int    `json:"worse"`        // answers grading it below
}

func countJudgement(r *Result, q Question, valid []Answer) {
	n, g := len(q.Options), len(q.Grades)
	dist := make([][]int, n)
	for o := range n {
		dist[o] = make([]int, g)
	}
	for _, a := range valid {
		for o, gr := range a.Grades {
			dist[o][gr]++
		}
	}
	judge(r, q.Grades, dist)
}

// judge ranks options by their grade distributions ([option][grade],
// best grade first), setting r.Judgement, r.Rank, r.Winners and r.Tied.
func judge(r *Result, grades []string, dist [][]int) {
	n := len(dist)
	j := &JudgementResult{Grades: grades, Distribution: dist, Median: make([]int, n), Better: make([]int, n), Worse: make([]int, n)}
	values := make([][]byte, n)
	for o := range n {
		values[o] = majorityValue(dist[o])
		j.Median[o] = -1
		if len(values[o]) > 0 {
			m := int(values[o][0])
			j.Median[o] = m
			for gr, c := range dist[o] {
				switch {
				case gr < m:
					j.Better[o] += c
				case gr > m:
					j.Worse[o] += c
				}
			}
		}
	}
	r.Judgement = j
	// A smaller grade index is better: lexicographically smaller wins.
	rankBy(r, n, func(a, b int) bool { return bytes.Compare(values[a], values[b]) < 0 })
}

// majorityValue is the sequence of majority grades obtained by removing
// the majority grade one at a time from the distribution: its first
// element is the majority grade.
func majorityValue(dist []int) []byte {
	left := append([]int(nil), dist...)
	m := 0
	for _, c := range left {
		m += c
	}
	out := make([]byte, 0, m)
	for ; m > 0; m-- {
		idx := m / 2 // lower middlemost, best first
		gr := 0
		for acc := left[0]; acc <= idx; acc += left[gr] {
			gr++
		}
		left[gr]--
		out = append(out, byte(gr))
	}
	return out
}
