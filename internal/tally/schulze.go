package tally

// SchulzeResult is a Schulze count (Markus Schulze, "A new monotonic,
// clone-independent, reversal symmetric, and Condorcet-consistent
// single-winner election method", Social Choice and Welfare 36, 2011).
// A ranking prefers every option it lists to every option it leaves out,
// and expresses no preference between the options left out.
//
// D[i][j] is the number of valid answers preferring option i to option j.
// A link i→j has strength D[i][j] when D[i][j] > D[j][i] (winning votes),
// else none (0); P[i][j] is the strength of the strongest path from i to
// j (the widest path, Floyd–Warshall). Option i is ranked above j when
// P[i][j] > P[j][i]; Schulze shows the relation is transitive. The
// winners are the options no other is ranked above; a tie between them is
// reported, not broken.
type SchulzeResult struct {
	D [][]int `json:"d"`
	P [][]int `json:"p"`
}

func countSchulze(r *Result, q Question, valid []Answer) {
	n := len(q.Options)
	d := square(n)
	pos := make([]int, n)
	for _, a := range valid {
		for i := range pos {
			pos[i] = n // unranked: after every ranked option
		}
		for k, o := range a.Choices {
			pos[o] = k
		}
		for i := range n {
			for j := range n {
				if pos[i] < pos[j] {
					d[i][j]++
				}
			}
		}
	}
	p := square(n)
	for i := range n {
		for j := range n {
			if i != j && d[i][j] > d[j][i] {
				p[i][j] = d[i][j]
			}
		}
	}
	for k := range n {
		for i := range n {
			if i == k {
				continue
			}
			for j := range n {
				if j == i || j == k {
					continue
				}
				if s := min(p[i][k], p[k][j]); s > p[i][j] {
					p[i][j] = s
				}
			}
		}
	}
	r.Schulze = &SchulzeResult{D: d, P: p}
	rankBy(r, n, func(i, j int) bool { return p[i][j] > p[j][i] })
}

func square(n int) [][]int {
	m := make([][]int, n)
	for i := range m {
		m[i] = make([]int, n)
	}
	return m
}
