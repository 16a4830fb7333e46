package web

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClipWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"court", 10, "court"},
		{"exactement dix", 14, "exactement dix"},
		{"une marche pour le climat", 12, "une marche…"},
		{"une marche, pour le climat", 13, "une marche…"},    // no comma before the ellipsis
		{"anticonstitutionnellement long", 10, "anticonst…"}, // one long word: cut inside
		{"un deux trois", 8, "un deux…"},                     // the limit falls right after a word
		{"été à Besançon", 8, "été à…"},                      // runes, not bytes
	} {
		got := clipWords(c.in, c.max)
		if got != c.want {
			t.Errorf("clipWords(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
		if n := utf8.RuneCountInString(got); n > c.max {
			t.Errorf("clipWords(%q, %d) is %d long", c.in, c.max, n)
		}
	}
}

func TestDescribeIsPlainText(t *testing.T) {
	body := "# Programme\n\n**Départ** à 14 h de la [place Bellecour](https://example.org).\n\n- banderoles\n- <script>alert(1)</script> sifflets\n\n" + strings.Repeat("Encore du texte. ", 30)
	got := describe("samedi 3 mai 2031 · Lyon 2e", body)
	for _, bad := range []string{"#", "**", "](", "<", ">", "\n", "  "} {
		if strings.Contains(got, bad) {
			t.Errorf("description holds %q: %q", bad, got)
		}
	}
	if !strings.HasPrefix(got, "samedi 3 mai 2031 · Lyon 2e — Programme Départ à 14 h de la place Bellecour. banderoles") {
		t.Errorf("description = %q", got)
	}
	if n := utf8.RuneCountInString(got); n > metaDescriptionLen || !strings.HasSuffix(got, "…") {
		t.Errorf("description is %d long, or not cut: %q", n, got)
	}
	if describe("", "") != "" || describe("Lyon", "") != "Lyon" || describe("", "*Bonjour*") != "Bonjour" {
		t.Error("describe of empty parts")
	}
}
