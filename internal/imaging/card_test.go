package imaging

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
)

// TestInstanceCard: the card is a PNG of the card size whatever the name
// (short, long enough to wrap and shrink, one unbreakable word, accents)
// and with or without a tagline.
func TestInstanceCard(t *testing.T) {
	for _, c := range [][2]string{
		{"Cortège", ""},
		{"Collectif des Pentes — Mobilisations lyonnaises et alentours de la Croix-Rousse", strings.Repeat("Marches, réunions, assemblées. ", 20)},
		{strings.Repeat("W", 80), "œuvre çà et là"},
		{"", ""},
	} {
		res, err := InstanceCard(c[0], c[1], "mobilise.example.org")
		if err != nil {
			t.Fatal(err)
		}
		m, err := png.Decode(bytes.NewReader(res.Data))
		if err != nil || res.ContentType != "image/png" {
			t.Fatalf("%q: %v", c[0], err)
		}
		if b := m.Bounds(); b.Dx() != CardWidth || b.Dy() != CardHeight {
			t.Errorf("%q: %v", c[0], b)
		}
	}
}

// TestWrap: lines fit the width, nothing is lost unless cut with an
// ellipsis, and a word too long for a line is broken.
func TestWrap(t *testing.T) {
	face, err := fontFace(goregular.TTF, 36)
	if err != nil {
		t.Fatal(err)
	}
	text := "Les rendez-vous des associations de la Croix-Rousse et des pentes"
	lines := wrap(face, text, 400, 0)
	if strings.Join(lines, " ") != text || len(lines) < 2 {
		t.Errorf("wrap = %q", lines)
	}
	for _, l := range lines {
		if w := font.MeasureString(face, l).Ceil(); w > 400 {
			t.Errorf("%q is %d px wide", l, w)
		}
	}
	cut := wrap(face, text, 400, 2)
	if len(cut) != 2 || !strings.HasSuffix(cut[1], "…") {
		t.Errorf("wrap in 2 lines = %q", cut)
	}
	long := wrap(face, strings.Repeat("x", 200), 400, 0)
	if len(long) < 2 || strings.Join(long, "") != strings.Repeat("x", 200) {
		t.Errorf("long word = %q", long)
	}
}
