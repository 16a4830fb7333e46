package roll

import "testing"

func TestEditDistances(t *testing.T) {
	tests := []struct {
		a, b    string
		osa, dl int
	}{
		{"", "", 0, 0},
		{"DUPONT", "DUPONT", 0, 0},
		{"DUPONT", "DUPOND", 1, 1},  // substitution
		{"DUPONT", "DUPONTT", 1, 1}, // insertion
		{"DUPONT", "DUPNT", 1, 1},   // deletion
		{"DUPONT", "DUOPNT", 1, 1},  // transposition
		{"DUPONT", "UDPOTN", 2, 2},  // two transpositions
		{"MARTIN", "MRATNI", 2, 2},  // two transpositions
		{"MARTIN", "MATRIN", 1, 1},
		{"JEAN", "JN", 2, 2},
		{"ARNAUD", "ANJRAUD", 3, 2}, // transposition then insertion between
		{"CA", "ABC", 3, 2},         // the classic OSA/DL difference
		{"KITTEN", "SITTING", 3, 3},
		{"A", "", 1, 1},
		{"", "ABC", 3, 3},
	}
	for _, tt := range tests {
		if got := OSA(tt.a, tt.b, 10); got != tt.osa {
			t.Errorf("OSA(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.osa)
		}
		if got := OSA(tt.b, tt.a, 10); got != tt.osa {
			t.Errorf("OSA(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.osa)
		}
		if got := DamerauLevenshtein(tt.a, tt.b); got != tt.dl {
			t.Errorf("DamerauLevenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.dl)
		}
		want := tt.dl
		if want > 2 {
			want = 3
		}
		if got := editDistance(tt.a, tt.b, 2); got != want {
			t.Errorf("editDistance(%q, %q, 2) = %d, want %d", tt.a, tt.b, got, want)
		}
	}
	// The bound: OSA stops early and reports max+1.
	if got := OSA("ABCDEFGH", "ZYXWVUTS", 2); got != 3 {
		t.Errorf("bounded OSA = %d, want 3", got)
	}
}

func TestMaxEdits(t *testing.T) {
	tests := []struct{ lq, lt, want, loose int }{
		{8, 8, 2, 2}, {3, 7, 2, 2}, {2, 4, 1, 2}, {1, 5, 0, 1}, {4, 2, 1, 2}, {2, 2, 1, 1},
	}
	for _, tt := range tests {
		if got := maxEdits(tt.lq, tt.lt); got != tt.want {
			t.Errorf("maxEdits(%d, %d) = %d, want %d", tt.lq, tt.lt, got, tt.want)
		}
		if got := looseEdits(tt.lq, tt.lt); got != tt.loose {
			t.Errorf("looseEdits(%d, %d) = %d, want %d", tt.lq, tt.lt, got, tt.loose)
		}
	}
}

// TestVocabLookup checks the deletion index finds every token within two
// edits, against a brute-force scan.
func TestVocabLookup(t *testing.T) {
	words := []string{"", "DUPONT", "DUPOND", "DUMONT", "DUPUIS", "MARTIN", "MARTINE", "MARTINEZ", "JEAN",
		"JEANNE", "JAN", "SEAN", "LE", "GALL", "LEGALL", "ARNAUD", "RENAUD", "BERNARD", "EN"}
	v := buildVocab(words)
	for _, q := range []string{"DUPONT", "DPUONT", "DUPOMTT", "MRATIN", "JEAN", "JN", "EN", "ANJRAUD", "LEGAL", "XYZ"} {
		got := map[string]int{}
		for _, c := range v.lookup(q, false) {
			got[v.token(c.tok)] = int(c.dist)
		}
		for _, w := range words[1:] {
			max := looseEdits(len(q), len(w))
			d := DamerauLevenshtein(q, w)
			gd, ok := got[w]
			if d <= max && (!ok || gd != d) {
				t.Errorf("lookup(%q) missed %q at distance %d (got %v)", q, w, d, got)
			}
			if d > max && ok {
				t.Errorf("lookup(%q) returned %q at distance %d > %d", q, w, d, max)
			}
		}
	}
	if c := v.lookup("MARTIN", true); len(c) != 1 || v.token(c[0].tok) != "MARTIN" {
		t.Errorf("exact lookup(MARTIN) = %v", c)
	}
	if c := v.lookup("MARTI", true); len(c) != 0 {
		t.Errorf("exact lookup(MARTI) = %v, want nothing", c)
	}
}
