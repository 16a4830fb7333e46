package roll

// OSA returns the optimal-string-alignment distance between a and b
// (Levenshtein plus transposition of two adjacent letters), or max+1 as soon
// as it is known to exceed max. Letters are compared byte by byte: tokens
// are normalised to ASCII.
func OSA(a, b string, max int) int {
	la, lb := len(a), len(b)
	if d := la - lb; d > max || -d > max {
		return max + 1
	}
	if la == 0 {
		return lb
	}
	if lb == 0 {
		return la
	}
	if lb > 62 {
		b = b[:62]
		lb = 62
	}
	// Three rolling rows of the dynamic programme.
	var r0, r1, r2 [64]int
	prev2, prev, cur := r0[:lb+1], r1[:lb+1], r2[:lb+1]
	for j := 0; j <= lb; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := i
		ai := a[i-1]
		for j := 1; j <= lb; j++ {
			cost := 1
			if ai == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if d := prev[j] + 1; d < v {
				v = d
			}
			if d := cur[j-1] + 1; d < v {
				v = d
			}
			if i > 1 && j > 1 && ai == b[j-2] && a[i-2] == b[j-1] {
				if d := prev2[j-2] + 1; d < v {
					v = d
				}
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[lb] > max {
		return max + 1
	}
	return prev[lb]
}

// maxEdits is how many edits separate a query token of length lq from a
// roll token of length lt at most: two when both have three letters or more,
// one when the shorter has two, none below. Short tokens with two edits
// would match almost any short name.
func maxEdits(lq, lt int) int {
	m := lq
	if lt < m {
		m = lt
	}
	switch {
	case m >= 3:
		return 2
	case m == 2:
		return 1
	}
	return 0
}
