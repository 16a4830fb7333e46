package tally

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// No independent implementation of these methods is reachable from the
// registries this project's machines and CI use (Debian's packages and
// npm have none; the PyPI ones, py-vote-core, pyrankvote, majorityjudgement,
// cannot be installed here), so each method is checked against a
// brute-force reference written apart from it, below, on 1,000 random
// ballot sets: small electorates and few options, so that ties, cycles and
// exhausted ballots are frequent.

const referenceSets = 1000

// randomAnswers makes between 0 and 40 valid answers to q (some blank when
// q allows it).
func randomAnswers(rng *rand.Rand, q Question) []Answer {
	n := rng.IntN(41)
	out := make([]Answer, 0, n)
	for range n {
		out = append(out, randomAnswer(rng, q))
	}
	return out
}

func randomAnswer(rng *rand.Rand, q Question) Answer {
	a := Answer{Question: q.ID}
	if q.Blank && rng.IntN(8) == 0 {
		a.Blank = true
		return a
	}
	n := len(q.Options)
	switch q.Kind {
	case KindSingle, KindYesNo:
		a.Choices = []int{rng.IntN(n)}
	case KindMultiple:
		max := q.Max
		if max == 0 {
			max = n
		}
		k := q.Min + rng.IntN(max-q.Min+1)
		a.Choices = rng.Perm(n)[:k]
		slices.Sort(a.Choices)
	case KindRanking:
		max := q.Max
		if max == 0 {
			max = n
		}
		a.Choices = rng.Perm(n)[:1+rng.IntN(max)]
	case KindGrades:
		a.Grades = make([]int, n)
		for i := range a.Grades {
			a.Grades[i] = rng.IntN(len(q.Grades))
		}
	}
	if err := q.Check(a); err != nil {
		panic(err)
	}
	return a
}

func randomQuestion(rng *rand.Rand, m Method) Question {
	n := 2 + rng.IntN(4) // 2 to 5 options
	q := Question{ID: "q", Title: "random", Method: m, Options: make([]string, n), Blank: rng.IntN(2) == 0}
	for i := range q.Options {
		q.Options[i] = fmt.Sprintf("option %d", i)
	}
	switch m {
	case Plurality:
		q.Kind = KindSingle
		if rng.IntN(3) == 0 {
			q.Kind, q.Options = KindYesNo, []string{"yes", "no"}
		}
	case Approval:
		q.Kind = KindMultiple
		q.Min = rng.IntN(2)
		q.Max = q.Min + rng.IntN(n-q.Min+1) // 0: no maximum
	case MajorityJudgement:
		q.Kind, q.Grades = KindGrades, []string{"excellent", "good", "fair", "poor"}[:2+rng.IntN(3)]
	case Schulze:
		q.Kind = KindRanking
	case STV:
		q.Kind, q.Seats = KindRanking, 1+rng.IntN(n-1)
		if n < 3 {
			q.Seats = 1
		}
	}
	if err := q.Validate(); err != nil {
		panic(err)
	}
	return q
}

// refRank is the competition rank of each of n options from a score
// comparison written without rankBy.
func refRank(n int, beats func(i, j int) bool) []int {
	rank := make([]int, n)
	for i := range n {
		above := 0
		for j := range n {
			if j != i && beats(j, i) {
				above++
			}
		}
		rank[i] = above + 1
	}
	return rank
}

func TestPluralityAndApprovalAgreeWithReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for set := range 2 * referenceSets { // 1,000 of each
		m := []Method{Plurality, Approval}[set%2]
		q := randomQuestion(rng, m)
		ans := randomAnswers(rng, q)
		got := Count(q, ans)
		// Reference: a map of option names to tallies.
		tally := map[string]int{}
		blank := 0
		for _, a := range ans {
			if a.Blank {
				blank++
			}
			for _, c := range a.Choices {
				tally[q.Options[c]]++
			}
		}
		want := make([]int, len(q.Options))
		for i, o := range q.Options {
			want[i] = tally[o]
		}
		if !reflect.DeepEqual(got.Counts.Counts, want) || got.Blank != blank || got.Valid != len(ans)-blank {
			t.Fatalf("set %d (%s): counts %v blank %d, reference %v blank %d", set, m, got.Counts.Counts, got.Blank, want, blank)
		}
		top := slices.Max(want)
		var winners []int
		for i, c := range want {
			if c == top && got.Valid > 0 {
				winners = append(winners, i)
			}
		}
		if !slices.Equal(got.Winners, winners) {
			t.Fatalf("set %d: winners %v, reference %v", set, got.Winners, winners)
		}
	}
}

// refMajorityValue removes lower medians from the explicit sorted list of
// grades one at a time.
func refMajorityValue(grades []int) []int {
	g := slices.Clone(grades)
	slices.Sort(g) // best (0) first
	var out []int
	for len(g) > 0 {
		k := len(g) / 2 // the middle one, or the worse of the two middle ones
		out = append(out, g[k])
		g = slices.Delete(g, k, k+1)
	}
	return out
}

func TestMajorityJudgementAgreesWithReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for set := range referenceSets {
		q := randomQuestion(rng, MajorityJudgement)
		ans := randomAnswers(rng, q)
		got := Count(q, ans)
		n := len(q.Options)
		values := make([][]int, n)
		for o := range n {
			var gs []int
			for _, a := range ans {
				if !a.Blank {
					gs = append(gs, a.Grades[o])
				}
			}
			values[o] = refMajorityValue(gs)
			med := -1
			if len(values[o]) > 0 {
				med = values[o][0]
			}
			better, worse := 0, 0
			for _, g := range gs {
				if g < med {
					better++
				} else if g > med {
					worse++
				}
			}
			if got.Judgement.Median[o] != med || got.Judgement.Better[o] != better || got.Judgement.Worse[o] != worse {
				t.Fatalf("set %d option %d: median %d (+%d −%d), reference %d (+%d −%d)", set, o,
					got.Judgement.Median[o], got.Judgement.Better[o], got.Judgement.Worse[o], med, better, worse)
			}
		}
		rank := refRank(n, func(i, j int) bool { return slices.Compare(values[i], values[j]) < 0 })
		if !slices.Equal(got.Rank, rank) {
			t.Fatalf("set %d: rank %v, reference %v", set, got.Rank, rank)
		}
	}
}

// refStrongest enumerates every simple path from i to j and keeps the
// strongest (its weakest link), links being d[x][y] where d[x][y] > d[y][x].
func refStrongest(d [][]int, i, j int) int {
	n := len(d)
	best := 0
	seen := make([]bool, n)
	var walk func(at, weakest int)
	walk = func(at, weakest int) {
		if at == j {
			best = max(best, weakest)
			return
		}
		seen[at] = true
		for next := range n {
			if !seen[next] && d[at][next] > d[next][at] {
				walk(next, min(weakest, d[at][next]))
			}
		}
		seen[at] = false
	}
	walk(i, 1<<30)
	return best
}

func TestSchulzeAgreesWithReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for set := range referenceSets {
		q := randomQuestion(rng, Schulze)
		ans := randomAnswers(rng, q)
		got := Count(q, ans)
		n := len(q.Options)
		d := square(n)
		for _, a := range ans {
			if a.Blank {
				continue
			}
			for i := range n {
				for j := range n {
					pi, pj := slices.Index(a.Choices, i), slices.Index(a.Choices, j)
					if pi >= 0 && (pj < 0 || pi < pj) {
						d[i][j]++
					}
				}
			}
		}
		if !reflect.DeepEqual(got.Schulze.D, d) {
			t.Fatalf("set %d: d %v, reference %v", set, got.Schulze.D, d)
		}
		p := square(n)
		for i := range n {
			for j := range n {
				if i != j {
					p[i][j] = refStrongest(d, i, j)
				}
			}
		}
		if !reflect.DeepEqual(got.Schulze.P, p) {
			t.Fatalf("set %d: p %v, reference %v", set, got.Schulze.P, p)
		}
		rank := refRank(n, func(i, j int) bool { return p[i][j] > p[j][i] })
		if !slices.Equal(got.Rank, rank) {
			t.Fatalf("set %d: rank %v, reference %v", set, got.Rank, rank)
		}
	}
}
