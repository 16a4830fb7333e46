package tally

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// refSTV counts ranked answers under the Scottish STV rules as
// documented on STVResult, written apart from stv.go: the votes are
// summed from the ballots afresh at each stage rather than kept up to date,
// and elected candidates whose surplus moved are pinned at the quota. It
// returns the quota, the elected in order, each stage's votes and the
// stages' actions.
func refSTV(q Question, ans []Answer) (int64, []int, [][]int64, []string) {
	const u = VoteUnit
	type ballot struct {
		prefs []int
		at    int // index into prefs of the holder; len(prefs) when exhausted
		value int64
	}
	var bs []*ballot
	for _, a := range ans {
		if !a.Blank {
			bs = append(bs, &ballot{prefs: a.Choices, value: u})
		}
	}
	n := len(q.Options)
	quota := (int64(len(bs))/int64(q.Seats+1) + 1) * u
	const cont, won, out = 0, 1, 2
	status := make([]int, n)
	pinned := make([]bool, n) // elected and surplus moved: stays at the quota
	var elected []int
	var history [][]int64
	var actions []string
	holder := func(b *ballot) int {
		if b.at < len(b.prefs) {
			return b.prefs[b.at]
		}
		return -1
	}
	advance := func(b *ballot) {
		for b.at++; b.at < len(b.prefs) && status[b.prefs[b.at]] != cont; b.at++ {
		}
	}
	tally := func() []int64 {
		v := make([]int64, n)
		for _, b := range bs {
			if h := holder(b); h >= 0 && !pinned[h] && status[h] != out {
				v[h] += b.value
			}
		}
		for c := range n {
			if pinned[c] {
				v[c] = quota
			}
		}
		return v
	}
	// ahead: a before b by votes now, then the earliest differing stage,
	// then the option order.
	ahead := func(v []int64, a, b int) bool {
		if v[a] != v[b] {
			return v[a] > v[b]
		}
		for _, h := range history {
			if h[a] != h[b] {
				return h[a] > h[b]
			}
		}
		return a < b
	}
	finish := func(action string) {
		v := tally()
		history = append(history, v)
		actions = append(actions, action)
		var reach []int
		for c := range n {
			if status[c] == cont && v[c] >= quota {
				reach = append(reach, c)
			}
		}
		slices.SortFunc(reach, func(a, b int) int {
			if ahead(v, a, b) {
				return -1
			}
			return 1
		})
		for _, c := range reach {
			if len(elected) < q.Seats {
				status[c] = won
				elected = append(elected, c)
			}
		}
	}
	finish("first")
	for len(bs) > 0 && len(elected) < q.Seats {
		v := tally()
		var left []int
		var sum int64
		for c := range n {
			if status[c] == cont {
				left = append(left, c)
				sum += v[c]
			}
		}
		if len(left) <= q.Seats-len(elected) {
			slices.SortFunc(left, func(a, b int) int {
				if ahead(v, a, b) {
					return -1
				}
				return 1
			})
			elected = append(elected, left...)
			history = append(history, v)
			actions = append(actions, "final")
			break
		}
		var pending []int
		var surplus int64
		for _, c := range elected {
			if !pinned[c] && v[c] > quota {
				pending = append(pending, c)
				surplus += v[c] - quota
			}
		}
		if q.Seats-len(elected) == 1 {
			win := -1
			for _, c := range left {
				if v[c] >= sum-v[c]+surplus && (win < 0 || ahead(v, c, win)) {
					win = c
				}
			}
			if win >= 0 {
				elected = append(elected, win)
				history = append(history, v)
				actions = append(actions, "final")
				break
			}
		}
		if len(pending) > 0 {
			s := pending[0]
			for _, c := range pending[1:] {
				if ahead(v, c, s) {
					s = c
				}
			}
			total := v[s]
			for _, b := range bs {
				if holder(b) == s {
					b.value = (total - quota) * b.value / total
					advance(b)
				}
			}
			pinned[s] = true
			finish("surplus")
			continue
		}
		x := left[0]
		for _, c := range left[1:] {
			if !ahead(v, c, x) {
				x = c
			}
		}
		status[x] = out
		for _, b := range bs {
			if holder(b) == x {
				advance(b)
			}
		}
		finish("exclusion")
	}
	return quota, elected, history, actions
}

func TestSTVAgreesWithReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for set := range referenceSets {
		q := randomQuestion(rng, STV)
		ans := randomAnswers(rng, q)
		got := Count(q, ans)
		quota, elected, stages, actions := refSTV(q, ans)
		if got.STV.Quota != quota || !slices.Equal(got.Winners, elected) {
			t.Fatalf("set %d (%d seats, %d options, %d answers): quota %d elected %v, reference %d %v",
				set, q.Seats, len(q.Options), len(ans), got.STV.Quota, got.Winners, quota, elected)
		}
		var gotStages [][]int64
		var gotActions []string
		for _, s := range got.STV.Stages {
			gotStages = append(gotStages, s.Votes)
			gotActions = append(gotActions, s.Action)
			var sum int64
			for _, v := range s.Votes {
				sum += v
			}
			if valid := int64(got.Valid) * VoteUnit; sum+s.NonTransferable+s.Lost != valid {
				t.Fatalf("set %d: stage %s: votes %d + non-transferable %d + lost %d ≠ %d", set, s.Action, sum, s.NonTransferable, s.Lost, valid)
			}
		}
		if got.Valid > 0 && (!reflect.DeepEqual(gotStages, stages) || !slices.Equal(gotActions, actions)) {
			t.Fatalf("set %d: stages %v %v, reference %v %v", set, gotActions, gotStages, actions, stages)
		}
	}
}
