package roll

import (
	"slices"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Jean-Éric d'Estaing", []string{"JEAN", "ERIC", "D", "ESTAING"}},
		{"  MÜLLER   Hélène ", []string{"MULLER", "HELENE"}},
		{"Cœur de Lion", []string{"COEUR", "DE", "LION"}},
		{"LÆTITIA", []string{"LAETITIA"}},
		{"n'diaye", []string{"N", "DIAYE"}},
		{"François_Xavier", []string{"FRANCOIS", "XAVIER"}},
		{"Ça2va", []string{"CA", "VA"}},
		{"ÅSTRÖM Øyvind", []string{"ASTROM", "OYVIND"}},
		{"", nil},
		{"--- ''", nil},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeAccentsCaseHyphens(t *testing.T) {
	same := [][]string{
		{"Jean-Pierre", "jean pierre", "JEAN PIERRE", "Jéan—Pierre"},
		{"Hélène Lefèvre", "HELENE LEFEVRE", "helene  lefevre"},
		{"D'ARTAGNAN", "d artagnan", "d’Artagnan"},
	}
	for _, group := range same {
		for _, s := range group[1:] {
			if Normalize(s) != Normalize(group[0]) {
				t.Errorf("Normalize(%q) = %q, want %q", s, Normalize(s), Normalize(group[0]))
			}
		}
	}
}

func TestNameTokens(t *testing.T) {
	toks, joined := nameTokens("Le Gall")
	if !slices.Equal(toks, []string{"LE", "GALL", "LEGALL"}) || !joined {
		t.Errorf("nameTokens(Le Gall) = %q, %v", toks, joined)
	}
	toks, joined = nameTokens("D'ARTAGNAN")
	if !slices.Equal(toks, []string{"D", "ARTAGNAN", "DARTAGNAN"}) || !joined {
		t.Errorf("nameTokens(D'ARTAGNAN) = %q, %v", toks, joined)
	}
	toks, joined = nameTokens("MARTIN")
	if !slices.Equal(toks, []string{"MARTIN"}) || joined {
		t.Errorf("nameTokens(MARTIN) = %q, %v", toks, joined)
	}
}
