package tally

import (
	"slices"
	"strconv"
)

// VoteUnit is the STV count's fixed point: votes are counted in
// hundred-thousandths (five decimal places, as the Scottish rules
// compute transfer values).
const VoteUnit = 100000

// STVResult is a single transferable vote count under the Scottish STV
// rules (The Scottish Local Government Elections Order 2007, SSI 2007/42,
// schedule 1, rules 45 to 52): a Droop quota, ⌊valid / (seats + 1)⌋ + 1;
// surpluses transferred before any exclusion, the largest first, by the
// weighted inclusive Gregory method (every ballot of the elected candidate
// moves on at the transfer value surplus × its value / the candidate's
// votes, to five decimal places, the remainder ignored, rule 48); the
// candidate with the fewest votes excluded when no surplus remains, its
// ballots moving on at their value (rule 50); the remaining continuing
// candidates elected once they are as many as the seats left, and the last
// seat given to a candidate whose votes reach those of all other continuing
// candidates together (rule 52).
//
// Ties (equal surpluses, equal lowest votes, equal votes among those
// reaching the quota at the same stage) are broken by the votes at the
// earliest stage at which the tied candidates had unequal votes; where the
// rules then draw lots, Cortège is deterministic instead: the candidate
// listed first on the question is treated as the one with more votes. A
// tie broken that way is flagged on its stage (LotTie).
//
// Votes, the quota and the transfer values are in VoteUnit.
type STVResult struct {
	Seats  int        `json:"seats"`
	Quota  int64      `json:"quota"`
	Stages []STVStage `json:"stages"`
}

// STVStage is one stage of the count.
type STVStage struct {
	Action    string  `json:"action"`    // "first" (first preferences), "surplus", "exclusion", "final" (rule 52)
	Candidate int     `json:"candidate"` // whose surplus moved or who was excluded; -1 for first and final
	Value     int64   `json:"value"`     // surplus transferred (surplus) or votes moved (exclusion)
	Votes     []int64 `json:"votes"`     // every candidate's votes at the end of the stage
	// NonTransferable is the votes of ballots with no further preference
	// so far, Lost those lost to the truncation of transfer values; with
	// the candidates' votes they add up to the valid answers.
	NonTransferable int64 `json:"non_transferable"`
	Lost            int64 `json:"lost"`
	Elected         []int `json:"elected"`  // elected at this stage, in order
	Excluded        []int `json:"excluded"` // excluded at this stage
	LotTie          bool  `json:"lot_tie"`  // a tie was broken by the order of the options
}

// FormatVotes writes a count in VoteUnit with its five decimals
// ("123.45678").
func FormatVotes(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	f := strconv.FormatInt(v%VoteUnit, 10)
	for len(f) < 5 {
		f = "0" + f
	}
	return sign + strconv.FormatInt(v/VoteUnit, 10) + "." + f
}

// paper is one ballot in the count: its ranking, the index of the
// preference it is at and its value.
type paper struct {
	prefs []int
	at    int
	value int64
}

type stvCount struct {
	n          int
	seats      int
	quota      int64
	papers     []paper
	holds      [][]int // candidate → papers it holds
	votes      []int64
	state      []byte // 'c' continuing, 'e' elected, 'x' excluded
	history    [][]int64
	nt, lost   int64
	elected    []int
	transfers  []bool // elected candidate's surplus already dealt with
	res        *STVResult
	pendingLot bool // the choice of the next surplus or exclusion broke a tie by option order
}

func countSTV(r *Result, q Question, valid []Answer) {
	n := len(q.Options)
	c := &stvCount{n: n, seats: q.Seats, holds: make([][]int, n), votes: make([]int64, n), state: make([]byte, n), transfers: make([]bool, n)}
	for i := range c.state {
		c.state[i] = 'c'
	}
	c.quota = (int64(len(valid))/int64(q.Seats+1) + 1) * VoteUnit
	c.res = &STVResult{Seats: q.Seats, Quota: c.quota, Stages: []STVStage{}}
	for _, a := range valid {
		c.papers = append(c.papers, paper{prefs: a.Choices, at: -1, value: VoteUnit})
	}
	st := STVStage{Action: "first", Candidate: -1}
	for i := range c.papers {
		c.moveOn(i, c.papers[i].value, &st)
	}
	c.endStage(&st)
	for len(c.elected) < c.seats && len(valid) > 0 {
		if c.final() {
			break
		}
		if s := c.nextSurplus(); s >= 0 {
			c.transferSurplus(s)
			continue
		}
		if x := c.lowest(); x >= 0 {
			c.exclude(x)
			continue
		}
		break
	}
	r.STV = c.res
	r.Winners = slices.Clone(c.elected)
	r.Tied = false
	for _, s := range c.res.Stages {
		r.Tied = r.Tied || s.LotTie
	}
}

// moveOn gives paper i, now worth value, to its next continuing
// preference, or makes it non-transferable.
func (c *stvCount) moveOn(i int, value int64, st *STVStage) {
	p := &c.papers[i]
	p.value = value
	for p.at++; p.at < len(p.prefs); p.at++ {
		if to := p.prefs[p.at]; c.state[to] == 'c' {
			c.holds[to] = append(c.holds[to], i)
			c.votes[to] += value
			return
		}
	}
	c.nt += value
}

// endStage elects the continuing candidates at or above the quota, most
// votes first, and records the stage.
func (c *stvCount) endStage(st *STVStage) {
	var reach []int
	for i := range c.n {
		if c.state[i] == 'c' && c.votes[i] >= c.quota {
			reach = append(reach, i)
		}
	}
	c.history = append(c.history, slices.Clone(c.votes))
	// The order matters only when not all of them can be elected.
	var order STVStage
	slices.SortStableFunc(reach, func(a, b int) int { return -c.compare(a, b, &order) })
	if len(reach) > c.seats-len(c.elected) && order.LotTie {
		st.LotTie = true
	}
	for _, i := range reach {
		if len(c.elected) < c.seats {
			c.elect(i, st)
		}
	}
	st.Votes = slices.Clone(c.votes)
	st.NonTransferable, st.Lost = c.nt, c.lost
	if st.Elected == nil {
		st.Elected = []int{}
	}
	if st.Excluded == nil {
		st.Excluded = []int{}
	}
	c.res.Stages = append(c.res.Stages, *st)
}

func (c *stvCount) elect(i int, st *STVStage) {
	c.state[i] = 'e'
	c.elected = append(c.elected, i)
	st.Elected = append(st.Elected, i)
}

// compare orders candidates a and b by votes now, then by votes at the
// earliest stage at which they differed, then by the order of the options
// (a LotTie): positive when a is ahead.
func (c *stvCount) compare(a, b int, st *STVStage) int {
	if c.votes[a] != c.votes[b] {
		return cmpInt64(c.votes[a], c.votes[b])
	}
	for _, h := range c.history {
		if h[a] != h[b] {
			return cmpInt64(h[a], h[b])
		}
	}
	st.LotTie = true
	if a < b {
		return 1
	}
	return -1
}

func cmpInt64(a, b int64) int {
	switch {
	case a > b:
		return 1
	case a < b:
		return -1
	}
	return 0
}

// final applies rule 52: as many continuing candidates as seats left are
// all elected; with one seat left, a candidate whose votes reach those of
// all other continuing candidates and any surplus not transferred is
// elected.
func (c *stvCount) final() bool {
	var cont []int
	var total int64
	for i := range c.n {
		if c.state[i] == 'c' {
			cont = append(cont, i)
			total += c.votes[i]
		}
	}
	left := c.seats - len(c.elected)
	st := STVStage{Action: "final", Candidate: -1}
	switch {
	case len(cont) <= left: // all elected: the order is only the listing's
		var order STVStage
		slices.SortStableFunc(cont, func(a, b int) int { return -c.compare(a, b, &order) })
		for _, i := range cont {
			c.elect(i, &st)
		}
	case left == 1:
		var surplus int64
		for _, e := range c.elected {
			if !c.transfers[e] && c.votes[e] > c.quota {
				surplus += c.votes[e] - c.quota
			}
		}
		win := -1
		for _, i := range cont {
			if c.votes[i] >= total-c.votes[i]+surplus && (win < 0 || c.compare(i, win, &st) > 0) {
				win = i
			}
		}
		if win < 0 {
			return false
		}
		c.elect(win, &st)
	default:
		return false
	}
	c.history = append(c.history, slices.Clone(c.votes))
	st.Votes = slices.Clone(c.votes)
	st.NonTransferable, st.Lost = c.nt, c.lost
	st.Excluded = []int{}
	c.res.Stages = append(c.res.Stages, st)
	return true
}

// nextSurplus is the elected candidate whose surplus moves next (the
// largest; ties by compare), or -1.
func (c *stvCount) nextSurplus() int {
	var cands []int
	for _, e := range c.elected {
		if !c.transfers[e] && c.votes[e] > c.quota {
			cands = append(cands, e)
		}
	}
	return c.pick(cands, 1)
}

// pick is the candidate among cands most ahead (sign 1) or most behind
// (sign -1) by compare, or -1; it sets pendingLot when the option order
// decided between it and another.
func (c *stvCount) pick(cands []int, sign int) int {
	var scratch STVStage
	best := -1
	for _, i := range cands {
		if best < 0 || sign*c.compare(i, best, &scratch) > 0 {
			best = i
		}
	}
	c.pendingLot = false
	for _, i := range cands {
		var st STVStage
		if i != best {
			c.compare(i, best, &st)
			c.pendingLot = c.pendingLot || st.LotTie
		}
	}
	return best
}

// transferSurplus moves every paper of elected candidate s on at its
// transfer value (rule 48).
func (c *stvCount) transferSurplus(s int) {
	c.transfers[s] = true
	total := c.votes[s]
	surplus := total - c.quota
	st := STVStage{Action: "surplus", Candidate: s, Value: surplus, LotTie: c.pendingLot}
	var moved int64
	held := c.holds[s]
	c.holds[s] = nil
	for _, i := range held {
		tv := surplus * c.papers[i].value / total
		moved += tv
		c.moveOn(i, tv, &st)
	}
	c.lost += surplus - moved
	c.votes[s] = c.quota
	c.endStage(&st)
}

// lowest is the continuing candidate to exclude (fewest votes; ties by
// compare), or -1.
func (c *stvCount) lowest() int {
	var cands []int
	for i := range c.n {
		if c.state[i] == 'c' {
			cands = append(cands, i)
		}
	}
	return c.pick(cands, -1)
}

// exclude moves every paper of continuing candidate x on at its value
// (rule 50).
func (c *stvCount) exclude(x int) {
	c.state[x] = 'x'
	st := STVStage{Action: "exclusion", Candidate: x, Value: c.votes[x], Excluded: []int{x}, LotTie: c.pendingLot}
	held := c.holds[x]
	c.holds[x] = nil
	c.votes[x] = 0
	for _, i := range held {
		c.moveOn(i, c.papers[i].value, &st)
	}
	c.endStage(&st)
}
