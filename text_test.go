package cortege

import (
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	for _, tc := range []struct {
		in        string
		max       int
		multiline bool
		want      string
		ok        bool
	}{
		{"  Réunion  ", 80, false, "Réunion", true},
		{"a\nb", 80, false, "", false},
		{"a\nb", 80, true, "a\nb", true},
		{"nul\x00byte", 80, true, "", false},
		{"bell\x07", 80, true, "", false},
		{"bad \xff utf8", 80, true, "", false},
		{strings.Repeat("é", 81), 80, false, "", false},
		{strings.Repeat("é", 80), 80, false, strings.Repeat("é", 80), true},
	} {
		got, err := CheckText("f", tc.in, tc.max, tc.multiline)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("CheckText(%q) = %q, %v", tc.in, got, err)
		}
		if err != nil && ErrorOf(err).Field != "f" {
			t.Errorf("%q: field %q", tc.in, ErrorOf(err).Field)
		}
	}
}

// Characters that make a text show other than it reads are refused in
// every text, with a message saying which kind: "\u202eecila" shows as
// "alice", "al\u200bice" as "alice". Multi-line texts keep their line
// breaks and tabs, and nothing else of the kind.
func TestCheckTextRefusesDisguise(t *testing.T) {
	for _, tc := range []struct {
		in        string
		multiline bool
		key       string
	}{
		{"\u202eecila", false, "err.text.bidi"},
		{"a\u202ab", true, "err.text.bidi"},
		{"a\u202db", false, "err.text.bidi"},
		{"a\u2066b\u2069", true, "err.text.bidi"},
		{"a\u2068b", false, "err.text.bidi"},
		{"al\u200bice", false, "err.text.invisible"},
		{"al\u200cice", true, "err.text.invisible"},
		{"al\u200dice", false, "err.text.invisible"},
		{"al\u2060ice", false, "err.text.invisible"},
		{"\ufeffalice", false, "err.text.invisible"},
		{"al\ufeffice", true, "err.text.invisible"},
		{"a\u00adb", false, "err.text.invisible"},
		{"a\u2028b", false, "err.text.line_break"},
		{"a\u2028b", true, "err.text.separator"},
		{"a\u2029b", true, "err.text.separator"},
		{"a\u0085b", true, "err.text.separator"},
		{"a\nb", false, "err.text.line_break"},
		{"a\tb", false, "err.text.control"},
		{"a\u0090b", true, "err.text.control"},
		{"a\x1bb", true, "err.text.control"},
		{"bad \xff", false, "err.text.utf8"},
	} {
		_, err := CheckText("f", tc.in, 80, tc.multiline)
		e := ErrorOf(err)
		if e == nil || e.Field != "f" || e.Message != tc.key {
			t.Errorf("CheckText(%+q, multiline %v) = %v, want %s naming f", tc.in, tc.multiline, err, tc.key)
		}
	}
	// What people really write stays: accents, emoji (a ZWJ sequence and a
	// subdivision flag included), right-to-left scripts, a tab or a line
	// break where lines are allowed.
	for _, ok := range []struct {
		in        string
		multiline bool
	}{
		{"Réunion « vélo » à Saint-Étienne", false},
		{"Marche des fiertés 🏳️‍🌈 👩‍👩‍👧", false},
		{"Drapeau 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", false},
		{"مرحبا שלום", false},
		{"ligne 1\nligne 2\ttab\r\nfin", true},
	} {
		if _, err := CheckText("f", ok.in, 200, ok.multiline); err != nil {
			t.Errorf("CheckText(%+q) refused: %v", ok.in, err)
		}
	}
	// A joiner is only an emoji's between two emoji.
	for _, bad := range []string{"a\u200d🌈", "🏳️\u200db", "\u200d", "🏳️\u200d"} {
		if _, err := CheckText("f", bad, 80, false); err == nil {
			t.Errorf("CheckText(%+q) accepted a stray joiner", bad)
		}
	}
	// Tag characters only spell a subdivision flag after a black flag.
	if _, err := CheckText("f", "a\U000e0067\U000e007f", 80, false); err == nil {
		t.Error("stray tag characters accepted")
	}
}
