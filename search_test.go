package cortege

import (
	"reflect"
	"testing"
)

func TestMatchesWords(t *testing.T) {
	text := NormalizeSearch("Atelier de réparation de vélos — préparer la Vélorution, 69007 Lyon")
	for _, c := range []struct {
		query string
		want  bool
	}{
		{"réparation", true},
		{"REPARATION", true},
		{"repar", true},        // the beginning of a word
		{"preparer", true},     // a whole word
		{"reparer", false},     // inside "preparer"
		{"paration", false},    // inside "reparation"
		{"velo", true},         // begins "velos" and "velorution"
		{"lorution", false},    // inside a word
		{"690", true},          // postal codes by their start
		{"007", false},         // not by their end
		{"lyon atelier", true}, // every word, any order
		{"lyon marseille", false},
		{"", true},
		{"Saint-Étienne", false}, // two words, none there
	} {
		if got := MatchesWords(text, SearchTerms(c.query, 8)); got != c.want {
			t.Errorf("%q in %q = %v, want %v", c.query, text, got, c.want)
		}
	}
	// The example of the issue: the word "reparation" is not in "préparer".
	if MatchesWords(NormalizeSearch("On va préparer la fête"), SearchTerms("reparation", 8)) {
		t.Error(`"reparation" matches "préparer"`)
	}
}

func TestSearchTerms(t *testing.T) {
	if got := SearchTerms("  Vélo-Lyon, ÉCOLOGIE!  ", 8); !reflect.DeepEqual(got, []string{"velo", "lyon", "ecologie"}) {
		t.Errorf("terms = %q", got)
	}
	if got := SearchTerms("a b c d e", 3); len(got) != 3 {
		t.Errorf("capped: %q", got)
	}
	if got := SearchTerms("—", 8); len(got) != 0 {
		t.Errorf("punctuation only: %q", got)
	}
}
