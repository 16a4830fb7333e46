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
	// Identical rankings are counted once, with their weight.
	weight := map[string]int{}
	var order []string
	for _, a := range valid {
		k := rankingKey(a.Choices)
		if weight[k] == 0 {
			order = append(order, k)
		}
		weight[k]++
	}
	ranked := make([]bool, n)
	for _, k := range order {
		w := weight[k]
		clear(ranked)
		// Each listed option beats those listed after it and those left out.
		for _, c := range []byte(k) {
			ranked[c] = true
		}
		for x, c := range []byte(k) {
			for _, later := range []byte(k)[x+1:] {
				d[c][later] += w
			}
			for j := range n {
				if !ranked[j] {
					d[c][j] += w
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

// rankingKey is a ranking as bytes (options are fewer than 256).
func rankingKey(choices []int) string {
	b := make([]byte, len(choices))
	for i, c := range choices {
		b[i] = byte(c)
	}
	return string(b)
}

func square(n int) [][]int {
	m := make([][]int, n)
	for i := range m {
		m[i] = make([]int, n)
	}
	return m
}
