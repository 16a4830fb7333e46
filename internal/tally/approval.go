package tally

// countApproval counts multiple-choice answers: one vote for each option
// chosen; the most approved options win, a tie is reported, not broken.
// An option's share is its count over the valid answers (shares add up to
// more than 100 %).
func countApproval(r *Result, q Question, valid []Answer) {
	c := make([]int, len(q.Options))
	for _, a := range valid {
		for _, o := range a.Choices {
			c[o]++
		}
	}
	r.Counts = &CountsResult{Counts: c}
	rankBy(r, len(c), func(i, j int) bool { return c[i] > c[j] })
}
