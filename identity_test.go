package cortege

import (
	"strings"
	"testing"
)

// Suggested handles are valid, neutral and in the language asked for.
func TestSuggestHandle(t *testing.T) {
	for _, lang := range []string{"fr", "en", "xx"} {
		for digits := 1; digits <= 9; digits++ {
			for range 50 {
				h := SuggestHandle(lang, digits)
				if _, err := NormalizeHandle(h); err != nil {
					t.Fatalf("SuggestHandle(%s, %d) = %q: %v", lang, digits, h, err)
				}
				parts := strings.Split(h, "_")
				if len(parts) != 3 || len(parts[2]) != digits {
					t.Fatalf("SuggestHandle(%s, %d) = %q is not word_word_number", lang, digits, h)
				}
			}
		}
	}
	// French puts the noun first, English the adjective.
	fr, en := handleWords["fr"], handleWords["en"]
	h := SuggestHandle("fr", 2)
	if !contains(fr[0], strings.Split(h, "_")[0]) {
		t.Errorf("French suggestion %q does not start with a noun", h)
	}
	h = SuggestHandle("en", 2)
	if !contains(en[1], strings.Split(h, "_")[0]) {
		t.Errorf("English suggestion %q does not start with an adjective", h)
	}
}

// The old rule's handles are recognised, and only them.
func TestHandleFromAddress(t *testing.T) {
	cases := []struct {
		handle, email string
		want          bool
	}{
		{"camille", "camille@example.org", true},
		{"jean_dupont", "Jean.Dupont@example.org", true},
		{"jean_dupont2", "jean.dupont@example.org", true},
		{"jean_dupont17", "jean-dupont@example.org", true},
		{"marie_claire", "marie+claire@example.org", true},
		{"helene", "hélène@example.org", false}, // accents were dropped: "hlne"
		{"hlne", "hélène@example.org", true},
		{"membre", "a@example.org", true},
		{"membre3", "é@example.org", true},
		{"jean_dupont1", "jean.dupont@example.org", false}, // the old rule started at 2
		{"jean_dupont02", "jean.dupont@example.org", false},
		{"jean_dupont_2", "jean.dupont@example.org", false},
		{"velo_rouge", "camille@example.org", false},
		{"camille", "camille", false},
	}
	for _, c := range cases {
		if got := HandleFromAddress(c.handle, c.email); got != c.want {
			t.Errorf("HandleFromAddress(%q, %q) = %v, want %v", c.handle, c.email, got, c.want)
		}
	}
	if !NameFromAddress(" Camille ", "camille@example.org") || NameFromAddress("Camille L.", "camille@example.org") {
		t.Error("NameFromAddress")
	}
}

// FuzzLegacyHandle: whatever the stored address, the old rule's base is
// short enough for a number and recognised as made from the address.
func FuzzLegacyHandle(f *testing.F) {
	for _, s := range []string{"camille@example.org", "Jean.Dupont+cortege@example.org", "é@x.fr", "@", "a@b@c", strings.Repeat("x", 80) + "@example.org"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, email string) {
		base := LegacyHandleBase(email)
		if !strings.Contains(email, "@") {
			if base != "" || HandleFromAddress("membre", email) {
				t.Fatalf("no @ in %q: base %q", email, base)
			}
			return
		}
		if !HandleFromAddress(base, email) || len(base) > MaxHandleLen-4 {
			t.Fatalf("base %q of %q", base, email)
		}
	})
}
