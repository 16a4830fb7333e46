package i18n

import (
	"regexp"
	"strings"
	"testing"
)

func TestPluralForm(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"fr", 0, "one"}, {"fr", 1, "one"}, {"fr", 2, "other"}, {"fr", 10, "other"},
		{"en", 0, "other"}, {"en", 1, "one"}, {"en", 2, "other"}, {"en", 21, "other"},
		{"xx", 0, "one"}, // unknown languages read as French, like T
	} {
		if got := PluralForm(c.lang, c.n); got != c.want {
			t.Errorf("PluralForm(%s, %d) = %s, want %s", c.lang, c.n, got, c.want)
		}
	}
}

// TestN reads the member count of a group page in both languages.
func TestN(t *testing.T) {
	c := MustLoad()
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "0 members"}, {"en", 1, "1 member"}, {"en", 2, "2 members"},
		{"fr", 0, "0 membre"}, {"fr", 1, "1 membre"}, {"fr", 2, "2 membres"},
	} {
		if got := c.N(tc.lang, "group.member_count", tc.n); got != tc.want {
			t.Errorf("N(%s, group.member_count, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	if got := c.N("en", "event.counts.registered", 1); got != "registered" {
		t.Errorf("a text without verbs comes back as it is: %q", got)
	}
	if got := c.N("en", "no.such", 3); got != "no.such.other" {
		t.Errorf("missing plural shows its key: %q", got)
	}
}

// TestPluralKeysComplete: every ".one" text has its ".other", in both
// languages, and no count writes its plural by hand ("%d member(s)").
func TestPluralKeysComplete(t *testing.T) {
	c := MustLoad()
	pairs := 0
	for lang, m := range c.texts {
		for k, v := range m {
			if strings.Contains(v, "%d") && strings.Contains(v, "(s)") {
				t.Errorf("%s: %q = %q counts with \"(s)\": make it a .one/.other pair", lang, k, v)
			}
			base, form, ok := cutLast(k)
			if !ok || form != "one" {
				continue // a lone ".other" may be a category ("group.kind.other")
			}
			if _, has := m[base+".other"]; !has {
				t.Errorf("%s: %q has no \".other\" form", lang, k)
			}
			pairs++
		}
	}
	if pairs < 10 {
		t.Fatalf("only %d plural texts found", pairs)
	}
}

func cutLast(k string) (base, last string, ok bool) {
	i := strings.LastIndexByte(k, '.')
	if i < 0 {
		return "", "", false
	}
	return k[:i], k[i+1:], true
}

// frenchTypography finds what French puts and English does not: a space
// (ordinary, no-break or narrow no-break) before ":", ";", "?" or "!", and
// guillemets.
var frenchTypography = regexp.MustCompile(`[ \x{00A0}\x{202F}][:;?!]|[«»]|&nbsp;[:;?!]`)

// TestEnglishTypography scans the English catalogue for French
// typography ("Assigned to : marie", « quoted »).
func TestEnglishTypography(t *testing.T) {
	c := MustLoad()
	n := 0
	for k, v := range c.texts["en"] {
		n++
		if m := frenchTypography.FindString(v); m != "" {
			t.Errorf("en %q = %q: French typography %q", k, v, m)
		}
	}
	if n < 500 {
		t.Fatalf("only %d English texts scanned", n)
	}
	// The pattern does catch what it looks for.
	for _, bad := range []string{"Assigned to : marie", "Sure ?", "Done !", "« this »", "Note\u00a0: x", "a\u202f; b"} {
		if !frenchTypography.MatchString(bad) {
			t.Errorf("pattern misses %q", bad)
		}
	}
}

// frenchSpacing finds an ordinary space where French typography wants a
// no-break one: before : ; ! ? », after «. A line must not break there
// ("« Lyon" at the end of a line, "»" alone at the start of the next).
var frenchSpacing = regexp.MustCompile(`« | [:;!?»]`)

func TestFrenchTypography(t *testing.T) {
	c := MustLoad()
	n := 0
	for k, v := range c.texts["fr"] {
		n++
		if m := frenchSpacing.FindString(v); m != "" {
			t.Errorf("fr %q = %q: breaking space in %q (use U+00A0)", k, v, m)
		}
	}
	if n < 500 {
		t.Fatalf("only %d French texts scanned", n)
	}
	for _, bad := range []string{"Lieu : Lyon", "« Lyon »", "Sûr ?"} {
		if !frenchSpacing.MatchString(bad) {
			t.Errorf("pattern misses %q", bad)
		}
	}
}
