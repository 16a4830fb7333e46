package cortege

import "strings"

// Search matches words from their start. Each folded term of a query
// (accents and case removed by NormalizeSearch) must be a whole word of the
// searched text, or the beginning of one: "répar" finds "réparation",
// "vélo" finds "vélorution", but "reparation" never finds "préparation",
// where it sits inside another word. Every term must match, in any order.
// MatchesWords is that rule in Go; the SQL of both engines applies the same
// rule to the stored, folded search_text (SQLite: instr(' ' || text,
// ' ' || term); PostgreSQL: prefix terms "term:*" in a tsquery over
// to_tsvector('simple', text)), and tests hold both to MatchesWords.

// MatchesWords reports whether every term starts a word of text. Both are
// folded: words of letters and digits separated by single spaces.
func MatchesWords(text string, terms []string) bool {
	padded := " " + text
	for _, t := range terms {
		if t != "" && !strings.Contains(padded, " "+t) {
			return false
		}
	}
	return true
}

// SearchTerms folds a query into the terms MatchesWords takes, at most max
// of them (extra words are dropped).
func SearchTerms(query string, max int) []string {
	words := strings.Fields(NormalizeSearch(query))
	if len(words) > max {
		words = words[:max]
	}
	return words
}
