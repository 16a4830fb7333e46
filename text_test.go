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
