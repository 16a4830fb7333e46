package tally

// countPlurality counts single-choice and yes/no answers: one vote for
// the option chosen; the most votes win, a tie is reported, not broken.
func countPlurality(r *Result, q Question, valid []Answer) {
	c := make([]int, len(q.Options))
	for _, a := range valid {
		c[a.Choices[0]]++
	}
	r.Counts = &CountsResult{Counts: c}
	rankBy(r, len(c), func(i, j int) bool { return c[i] > c[j] })
}
