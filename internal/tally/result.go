package tally

import (
	"strconv"
)

// Result is the count of one question: participation, blanks, the winners
// and the method's intermediate steps, which the results page draws and
// `cortege tally verify` prints.
type Result struct {
	Question string `json:"question"`
	Method   Method `json:"method"`
	Answers  int    `json:"answers"` // answers counted, blank included
	Blank    int    `json:"blank"`
	Valid    int    `json:"valid"` // Answers − Blank
	// Winners are option indexes: the options ranked first (several when
	// they tie, Tied set; no tie is broken by chance), or for STV the
	// candidates elected, in order of election.
	Winners []int `json:"winners"`
	Tied    bool  `json:"tied"`
	// Rank is each option's rank (1 is best; tied options share a rank,
	// the next rank skips: 1, 1, 3). Nil for STV.
	Rank []int `json:"rank,omitempty"`

	Counts    *CountsResult    `json:"counts,omitempty"`    // plurality, approval
	Judgement *JudgementResult `json:"judgement,omitempty"` // majority judgement
	Schulze   *SchulzeResult   `json:"schulze,omitempty"`   // schulze
	STV       *STVResult       `json:"stv,omitempty"`       // stv
}

// CountsResult is a plurality or approval count: how many valid answers
// chose each option. An option's share is Count / Valid.
type CountsResult struct {
	Counts []int `json:"counts"`
}

// Count counts the answers to q with q's method. Answers must have passed
// q.Check (VerifyBoard does that); an answer to another question is
// ignored.
func Count(q Question, answers []Answer) Result {
	r := Result{Question: q.ID, Method: q.Method}
	var valid []Answer
	for _, a := range answers {
		if a.Question != q.ID {
			continue
		}
		r.Answers++
		if a.Blank {
			r.Blank++
			continue
		}
		valid = append(valid, a)
	}
	r.Valid = len(valid)
	switch q.Method {
	case Plurality:
		countPlurality(&r, q, valid)
	case Approval:
		countApproval(&r, q, valid)
	case MajorityJudgement:
		countJudgement(&r, q, valid)
	case Schulze:
		countSchulze(&r, q, valid)
	case STV:
		countSTV(&r, q, valid)
	}
	if r.Winners == nil {
		r.Winners = []int{}
	}
	return r
}

// Results counts every question of b over the ballots that count: all of
// them, or with re-voting the last ballot of each slot. It checks nothing
// (VerifyBoard does, and gives the same results for a board that
// verifies): it is for a board the server built itself.
func (b Board) Results() []Result {
	last := map[string]int{}
	if b.Revote {
		for i, x := range b.Ballots {
			if x.Ballot.Slot != "" {
				last[x.Ballot.Slot] = i
			}
		}
	}
	return countBoard(b, func(i int) bool {
		s := b.Ballots[i].Ballot.Slot
		return b.Revote && s != "" && last[s] != i
	})
}

// countBoard counts each question over the ballots not superseded.
func countBoard(b Board, superseded func(i int) bool) []Result {
	answers := make([][]Answer, len(b.Questions))
	for i, x := range b.Ballots {
		if superseded(i) || len(x.Ballot.Answers) != len(b.Questions) {
			continue
		}
		for k := range b.Questions {
			answers[k] = append(answers[k], x.Ballot.Answers[k])
		}
	}
	out := make([]Result, 0, len(b.Questions))
	for k, q := range b.Questions {
		out = append(out, Count(q, answers[k]))
	}
	return out
}

// rankBy gives competition ranks from a strict-weak order: better(i, j)
// tells whether i is ranked above j. It sets r.Rank, r.Winners (the
// options of rank 1, none when no answer counted) and r.Tied.
func rankBy(r *Result, n int, better func(i, j int) bool) {
	r.Rank = make([]int, n)
	for i := range n {
		r.Rank[i] = 1
		for j := range n {
			if better(j, i) {
				r.Rank[i]++
			}
		}
	}
	r.Winners = []int{}
	if r.Valid == 0 {
		r.Tied = false
		return
	}
	for i, k := range r.Rank {
		if k == 1 {
			r.Winners = append(r.Winners, i)
		}
	}
	r.Tied = len(r.Winners) > 1
}

// Percent is n/d as a percentage with two decimals, rounded half up, in
// the form the CLI prints and the results page shows ("42.86"); "0.00"
// when d is 0.
func Percent(n, d int) string {
	if d <= 0 {
		return "0.00"
	}
	x := (int64(n)*20000 + int64(d)) / (2 * int64(d)) // n/d × 10000, half up
	s := strconv.FormatInt(x/100, 10) + "."
	if f := x % 100; f < 10 {
		s += "0" + strconv.FormatInt(f, 10)
	} else {
		s += strconv.FormatInt(f, 10)
	}
	return s
}
