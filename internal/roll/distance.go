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

// looseEdits is maxEdits for first names, which are only ever matched next
// to a surname that already matched: that context makes two edits on a
// two-letter fragment (EN for JEAN) safe to consider. Two edits between two
// tokens of two letters would replace them whole, so that stays at one.
func looseEdits(lq, lt int) int {
	m := lq
	if lt < m {
		m = lt
	}
	switch {
	case m >= 3 || m == 2 && lq != lt:
		return 2
	case m >= 1:
		return 1
	}
	return 0
}

// editDistance is the Damerau–Levenshtein distance when it is at most max,
// else max+1. It tries the cheaper optimal string alignment first; the
// unrestricted distance only differs when letters were also inserted
// between two transposed ones (ARNAUD → ANJRAUD is 2, not 3).
func editDistance(a, b string, max int) int {
	if max < 2 {
		return OSA(a, b, max)
	}
	d := OSA(a, b, max+1)
	if d <= max {
		return d
	}
	// Only an OSA distance of exactly max+1 can hide a smaller
	// unrestricted one.
	if d == max+1 && DamerauLevenshtein(a, b) <= max {
		return max
	}
	return max + 1
}

// DamerauLevenshtein returns the unrestricted Damerau–Levenshtein distance
// between two byte strings (Lowrance–Wagner algorithm).
func DamerauLevenshtein(a, b string) int {
	la, lb := len(a), len(b)
	if la > 62 {
		a, la = a[:62], 62
	}
	if lb > 62 {
		b, lb = b[:62], 62
	}
	var da [256]uint8
	var d [64][64]uint8
	maxd := uint8(la + lb)
	d[0][0] = maxd
	for i := 0; i <= la; i++ {
		d[i+1][0] = maxd
		d[i+1][1] = uint8(i)
	}
	for j := 0; j <= lb; j++ {
		d[0][j+1] = maxd
		d[1][j+1] = uint8(j)
	}
	for i := 1; i <= la; i++ {
		db := 0
		for j := 1; j <= lb; j++ {
			i1 := int(da[b[j-1]])
			j1 := db
			cost := uint8(1)
			if a[i-1] == b[j-1] {
				cost = 0
				db = j
			}
			v := d[i][j] + cost
			if x := d[i+1][j] + 1; x < v {
				v = x
			}
			if x := d[i][j+1] + 1; x < v {
				v = x
			}
			if x := d[i1][j1] + uint8((i-i1-1)+1+(j-j1-1)); x < v {
				v = x
			}
			d[i+1][j+1] = v
		}
		da[a[i-1]] = uint8(i)
	}
	return int(d[la+1][lb+1])
}
